#include <cstring>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/rlp/rlp.hpp"
#include "porwatch/trie/trie.hpp"
#include "porwatch/util/hex.hpp"
#include "nibbles.hpp"

namespace porwatch::trie {

const Hash256 kEmptyRoot = crypto::keccak256(Bytes{0x80});

std::size_t ProofNodes::HashKey::operator()(const Hash256& h) const
{
    std::size_t v = 0;
    std::memcpy(&v, h.data(), sizeof v);  // keccak output: any 8 bytes are uniform
    return v;
}

void ProofNodes::add(ByteView node)
{
    m_nodes.try_emplace(crypto::keccak256(node), node.begin(), node.end());
}

void ProofNodes::add_all(std::span<const Bytes> nodes)
{
    m_nodes.reserve(m_nodes.size() + nodes.size());
    for (const auto& n : nodes) add(n);
}

const Bytes* ProofNodes::find(const Hash256& hash) const
{
    const auto it = m_nodes.find(hash);
    return it == m_nodes.end() ? nullptr : &it->second;
}

namespace {

Error bad(std::size_t depth, const std::string& why)
{
    return Error{TrieError::bad_node, "trie node at nibble " + std::to_string(depth) + ": " + why};
}

}  // namespace

Result<std::optional<Bytes>> verify_proof(const Hash256& root, ByteView key, const ProofNodes& nodes)
{
    const Nibbles path = to_nibbles(key);
    std::size_t at = 0;  // nibbles of `path` consumed
    // The current node: by hash (`hash` set) or embedded (`inline_node`).
    std::optional<Hash256> hash = root;
    rlp::Item inline_node;
    for (unsigned steps = 0; steps <= 2 * path.size() + 2; ++steps) {
        rlp::Item node;
        if (hash) {
            const Bytes* bytes = nodes.find(*hash);
            if (!bytes) {
                if (*hash == kEmptyRoot && steps == 0) return std::optional<Bytes>{};  // the empty trie
                return Error{TrieError::missing_node, "the proof has no node with hash 0x" + to_hex(*hash) +
                                                          " (nibble " + std::to_string(at) + " of the key)"};
            }
            auto decoded = rlp::decode(*bytes);
            if (!decoded) return bad(at, decoded.error().message);
            node = std::move(decoded.value());
        } else {
            node = std::move(inline_node);
        }
        if (!node.is_list) return bad(at, "not a list");
        // A child reference: "" (none), a 32-byte hash, or an embedded node (< 32 bytes).
        auto follow = [&](const rlp::Item& ref) -> Result<bool> {
            if (ref.is_list) {
                if (ref.encoded.size() >= 32) return bad(at, "an embedded node of 32 bytes or more");
                hash.reset();
                inline_node = ref;
                return true;
            }
            if (ref.payload.empty()) return false;  // no child: the key is absent
            if (ref.payload.size() != 32)
                return bad(at, "a child reference of " + std::to_string(ref.payload.size()) + " bytes");
            Hash256 h;
            std::memcpy(h.data(), ref.payload.data(), 32);
            hash = h;
            return true;
        };
        if (node.items.size() == 17) {
            if (at == path.size()) {
                const auto& value = node.items[16];
                if (value.is_list) return bad(at, "a branch value that is a list");
                if (value.payload.empty()) return std::optional<Bytes>{};
                return std::optional<Bytes>{Bytes(value.payload.begin(), value.payload.end())};
            }
            auto next = follow(node.items[path[at]]);
            if (!next) return next.error();
            if (!*next) return std::optional<Bytes>{};
            ++at;
            continue;
        }
        if (node.items.size() != 2) return bad(at, "a list of " + std::to_string(node.items.size()) + " items");
        auto decoded = decode_hex_prefix(node.items[0]);
        if (!decoded) return bad(at, decoded.error().message);
        const Nibbles& segment = decoded->nibbles;
        const bool diverges =
            segment.size() > path.size() - at ||
            !std::equal(segment.begin(), segment.end(), path.begin() + static_cast<std::ptrdiff_t>(at));
        if (decoded->leaf) {
            if (diverges || at + segment.size() != path.size()) return std::optional<Bytes>{};
            const auto& value = node.items[1];
            if (value.is_list) return bad(at, "a leaf value that is a list");
            return std::optional<Bytes>{Bytes(value.payload.begin(), value.payload.end())};
        }
        if (segment.empty()) return bad(at, "an extension with an empty path");
        if (diverges) return std::optional<Bytes>{};
        at += segment.size();
        auto next = follow(node.items[1]);
        if (!next) return next.error();
        if (!*next) return bad(at, "an extension without a child");
    }
    return bad(at, "the walk does not end");
}

}  // namespace porwatch::trie
