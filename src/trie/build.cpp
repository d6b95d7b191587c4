// Building a trie from a key → value map (for tests and benchmarks; see trie.hpp). The trie is
// built top-down from the sorted entries: one leaf for a single entry, an extension for a
// common prefix, otherwise a branch on the next nibble.
#include "nibbles.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/trie/trie.hpp"

namespace porwatch::trie {
namespace {

struct Entry {
    Nibbles path;
    const Bytes* value;
};

class Builder {
public:
    Builder(const std::map<Bytes, Bytes>& entries, const Nibbles* target, std::vector<Bytes>* proof)
        : m_target(target), m_proof(proof)
    {
        for (const auto& [k, v] : entries) {
            if (!v.empty()) m_entries.push_back(Entry{to_nibbles(k), &v});
        }
    }

    // Returns: the root node's encoding.
    Bytes root() { return node(0, m_entries.size(), 0, true); }
    bool empty() const { return m_entries.empty(); }

private:
    // The reference to a child node in its parent: its hash, or itself when under 32 bytes.
    Bytes reference(const Bytes& encoded) const
    {
        if (encoded.size() < 32) return encoded;
        const Hash256 h = crypto::keccak256(encoded);
        return rlp::encode_string(h);
    }

    // True when the proof target's path runs through this node (starts with the prefix).
    bool on_path(std::size_t first, std::size_t depth) const
    {
        if (!m_target || depth > m_target->size()) return false;
        const Nibbles& p = m_entries[first].path;
        return std::equal(m_target->begin(), m_target->begin() + static_cast<std::ptrdiff_t>(depth), p.begin());
    }

    // The node holding entries [first, last), all sharing their first `depth` nibbles.
    Bytes node(std::size_t first, std::size_t last, std::size_t depth, bool is_root)
    {
        const bool collect = on_path(first, depth) && m_proof;
        const std::size_t slot = collect ? m_proof->size() : 0;
        if (collect) m_proof->emplace_back();  // filled below: parents come before children
        Bytes encoded = make(first, last, depth);
        if (collect) {
            if (is_root || encoded.size() >= 32) {
                (*m_proof)[slot] = encoded;
            } else {
                m_proof->erase(m_proof->begin() + static_cast<std::ptrdiff_t>(slot));  // embedded
            }
        }
        return encoded;
    }

    Bytes make(std::size_t first, std::size_t last, std::size_t depth)
    {
        if (last - first == 1) {
            const Entry& e = m_entries[first];
            return rlp::encode_list(
                {rlp::encode_string(encode_hex_prefix(e.path, depth, /*leaf=*/true)), rlp::encode_string(*e.value)});
        }
        // The common prefix of the (sorted) range is that of its first and last entries.
        const Nibbles& a = m_entries[first].path;
        const Nibbles& b = m_entries[last - 1].path;
        std::size_t common = depth;
        while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
        if (common > depth) {
            Nibbles prefix(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(common));
            const Bytes child = node(first, last, common, false);
            return rlp::encode_list(
                {rlp::encode_string(encode_hex_prefix(prefix, depth, /*leaf=*/false)), reference(child)});
        }
        std::vector<Bytes> items(17, rlp::encode_string({}));
        std::size_t i = first;
        if (m_entries[i].path.size() == depth) items[16] = rlp::encode_string(*m_entries[i++].value);
        while (i < last) {
            const std::uint8_t nibble = m_entries[i].path[depth];
            std::size_t j = i;
            while (j < last && m_entries[j].path[depth] == nibble) ++j;
            items[nibble] = reference(node(i, j, depth + 1, false));
            i = j;
        }
        return rlp::encode_list(items);
    }

    std::vector<Entry> m_entries;
    const Nibbles* m_target;
    std::vector<Bytes>* m_proof;
};

}  // namespace

Hash256 build_root(const std::map<Bytes, Bytes>& entries)
{
    Builder builder(entries, nullptr, nullptr);
    if (builder.empty()) return kEmptyRoot;
    return crypto::keccak256(builder.root());
}

std::vector<Bytes> build_proof(const std::map<Bytes, Bytes>& entries, ByteView key)
{
    const Nibbles target = to_nibbles(key);
    std::vector<Bytes> proof;
    Builder builder(entries, &target, &proof);
    if (builder.empty()) return {};
    builder.root();
    return proof;
}

}  // namespace porwatch::trie
