#include "evm_rpc.hpp"

#include "evm_batch.hpp"

#include "porwatch/address/address.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::chain::evm {
namespace {

Result<std::uint64_t> quantity(const RpcClient& rpc, const char* method, const rapidjson::Value& v)
{
    auto units = parse_hex_units(json_text(v));
    if (!units || *units > std::numeric_limits<std::uint64_t>::max()) {
        return Error{ChainError::malformed, std::string(method) + " at " + rpc.endpoint() +
                                                ": not a 64-bit hex quantity: '" + untrusted_text(json_text(v), 80) +
                                                "'"};
    }
    return static_cast<std::uint64_t>(*units);
}

Result<BlockRef> block_ref(RpcClient& rpc, const char* method, const std::string& params, const std::string& what)
{
    auto v = rpc.call_ok(method, params);
    if (!v) return v.error();
    // A block the node does not have (yet): it lags behind the block porwatch pinned.
    if (v->value->IsNull()) {
        return Error{ChainError::syncing, std::string(method) + " at " + rpc.endpoint() + ": no block " + what};
    }
    const auto* number = member(*v->value, "number");
    const auto* hash = member(*v->value, "hash");
    if (!number || !hash || !is_hash_text(*hash, /*prefixed=*/true)) {
        return Error{ChainError::malformed,
                     std::string(method) + " at " + rpc.endpoint() + ": block without number/hash"};
    }
    auto n = quantity(rpc, method, *number);
    if (!n) return n.error();
    std::string text = hash->GetString();
    for (auto& c : text) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    BlockRef ref{*n, text, std::nullopt};
    if (const auto* timestamp = member(*v->value, "timestamp")) {
        auto t = quantity(rpc, method, *timestamp);
        if (!t || *t > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return Error{ChainError::malformed,
                         std::string(method) + " at " + rpc.endpoint() + ": bad block timestamp"};
        }
        ref.timestamp = static_cast<std::int64_t>(*t);
    }
    return ref;
}

}  // namespace

Result<std::uint64_t> eth_chain_id(RpcClient& rpc)
{
    auto v = rpc.call_ok("eth_chainId", "[]");
    if (!v) return v.error();
    return quantity(rpc, "eth_chainId", *v->value);
}

Result<bool> eth_syncing(RpcClient& rpc)
{
    auto v = rpc.call_ok("eth_syncing", "[]");
    if (!v) return v.error();
    return !(v->value->IsBool() && !v->value->GetBool());
}

Result<std::uint64_t> eth_block_number(RpcClient& rpc)
{
    auto v = rpc.call_ok("eth_blockNumber", "[]");
    if (!v) return v.error();
    return quantity(rpc, "eth_blockNumber", *v->value);
}

Result<BlockRef> eth_get_block_by_number(RpcClient& rpc, const std::string& tag)
{
    return block_ref(rpc, "eth_getBlockByNumber", "[" + json_quote(tag) + ",false]", tag);
}

Result<BlockRef> eth_get_block_by_hash(RpcClient& rpc, const std::string& hash)
{
    return block_ref(rpc, "eth_getBlockByHash", "[" + json_quote(hash) + ",false]", hash);
}

std::string block_param(const std::string& hash)
{
    return R"({"blockHash":)" + json_quote(hash) + R"(,"requireCanonical":true})";
}

std::string balance_of_calldata(const std::string& holder)
{
    std::string data = kBalanceOf;
    data += std::string(24, '0');
    for (std::size_t i = 2; i < holder.size(); ++i) {
        const char c = holder[i];
        data += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    }
    return data;
}

std::string call_params(const std::string& to, const std::string& data, const std::string& hash)
{
    return R"([{"to":)" + json_quote(to) + R"(,"data":)" + json_quote(data) + "}," + block_param(hash) + "]";
}

Result<std::string> is_valid_signature_calldata(std::string_view hash, std::string_view signature)
{
    auto digest = from_hex(hash, HexPrefix::allowed);
    if (!digest || digest->size() != 32) return Error{"hash is not 32 bytes of hex"};
    auto sig = from_hex(signature, HexPrefix::allowed);
    if (!sig) return Error{"signature is not hex"};
    auto word = [](std::uint64_t n) {
        Bytes w(32, 0);
        for (std::size_t i = 0; i < 8; ++i) w[31 - i] = static_cast<std::uint8_t>(n >> (8 * i));
        return w;
    };
    Bytes body = *digest;
    const Bytes offset = word(64), length = word(sig->size());
    body.insert(body.end(), offset.begin(), offset.end());
    body.insert(body.end(), length.begin(), length.end());
    body.insert(body.end(), sig->begin(), sig->end());
    body.resize(body.size() + (32 - sig->size() % 32) % 32, 0);
    return std::string(kIsValidSignature) + to_hex(body);
}

bool is_revert(const RpcValue& reply)
{
    constexpr int kExecutionReverted = 3;  // EIP-1474 / geth's revertError
    constexpr int kServerError = -32000;  // with revert data: Nethermind, Hardhat
    if (!reply.is_error()) return false;
    return reply.error_code == kExecutionReverted || (reply.error_code == kServerError && reply.error_data.has_value());
}

Result<Units> decode_uint256(std::string_view hex)
{
    if (hex == "0x")
        return Error{ChainError::malformed, "empty return data (no contract code at that address and block)"};
    if (hex.size() != 66 || hex.substr(0, 2) != "0x") {
        return Error{ChainError::malformed, "return data is not one 32-byte word: '" + untrusted_text(hex, 80) + "'"};
    }
    auto units = parse_hex_units(hex);
    if (!units) return Error{ChainError::malformed, "return data is not hex: '" + untrusted_text(hex, 80) + "'"};
    return units;
}

Result<std::vector<Units>> decode_words(std::string_view hex, std::size_t count)
{
    if (hex == "0x")
        return Error{ChainError::malformed, "empty return data (no contract code at that address and block)"};
    if (hex.size() != 2 + 64 * count || hex.substr(0, 2) != "0x") {
        return Error{ChainError::malformed, "return data is not " + std::to_string(count) + " 32-byte words: '" +
                                                untrusted_text(hex, 80) + "'"};
    }
    std::vector<Units> words;
    for (std::size_t i = 0; i < count; ++i) {
        auto word = parse_hex_units("0x" + std::string(hex.substr(2 + 64 * i, 64)));
        if (!word) return Error{ChainError::malformed, "return data is not hex: '" + untrusted_text(hex, 80) + "'"};
        words.push_back(*word);
    }
    return words;
}

Result<std::string> decode_abi_string(std::string_view hex, std::size_t max_bytes)
{
    if (hex == "0x")
        return Error{ChainError::malformed, "empty return data (no contract code at that address and block)"};
    auto bytes = from_hex(hex, HexPrefix::allowed);
    const auto bad = [&] {
        return Error{ChainError::malformed, "return data is not an ABI string: '" + untrusted_text(hex, 80) + "'"};
    };
    if (!bytes || bytes->size() < 64 || bytes->size() % 32 != 0) return bad();
    const Bytes& b = *bytes;
    // A word that must fit a small size_t: offset and length.
    auto small = [&](std::size_t at, std::size_t& out) {
        for (std::size_t i = at; i < at + 24; ++i) {
            if (b[i] != 0) return false;
        }
        out = 0;
        for (std::size_t i = at + 24; i < at + 32; ++i) out = (out << 8) | b[i];
        return out <= b.size();
    };
    std::size_t offset = 0, length = 0;
    if (!small(0, offset) || offset % 32 != 0 || offset + 32 > b.size() || !small(offset, length)) return bad();
    if (length > max_bytes)
        return Error{ChainError::malformed, "string of " + std::to_string(length) + " bytes is too long"};
    const std::size_t start = offset + 32;
    if (start + length > b.size()) return bad();
    for (std::size_t i = start + length; i < b.size(); ++i) {
        if (b[i] != 0) return bad();
    }
    return std::string(b.begin() + static_cast<std::ptrdiff_t>(start),
                       b.begin() + static_cast<std::ptrdiff_t>(start + length));
}

SignedUnits signed_word(const Units& word)
{
    const bool negative = bit_test(word, 255);
    return SignedUnits{negative, negative ? Units(~word + 1) : word};
}

Result<std::vector<std::string>> decode_address_array(std::string_view hex)
{
    if (hex == "0x") return Error{"empty return data"};
    auto bytes = from_hex(hex, HexPrefix::allowed);
    if (!bytes || bytes->size() < 64 || bytes->size() % 32 != 0) return Error{"return data is not an ABI address[]"};
    const Bytes& b = *bytes;
    auto word = [&](std::size_t offset, std::uint64_t& out) {
        if (offset + 32 > b.size()) return false;
        for (std::size_t i = offset; i < offset + 24; ++i) {
            if (b[i] != 0) return false;
        }
        out = 0;
        for (std::size_t i = offset + 24; i < offset + 32; ++i) out = (out << 8) | b[i];
        return true;
    };
    std::uint64_t head = 0;
    std::uint64_t count = 0;
    if (!word(0, head) || head % 32 != 0 || !word(head, count) || count > 1000 || head + 32 + count * 32 > b.size()) {
        return Error{"return data is not an ABI address[]"};
    }
    std::vector<std::string> owners;
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::size_t at = head + 32 + i * 32;
        for (std::size_t k = at; k < at + 12; ++k) {
            if (b[k] != 0) return Error{"address[] element is not a 20-byte address"};
        }
        owners.push_back(address::eip55(ByteView(b.data() + at + 12, 20)));
    }
    return owners;
}

}  // namespace porwatch::chain::evm

namespace porwatch::chain {

std::string hex_quantity(std::uint64_t n)
{
    static const char* kHex = "0123456789abcdef";
    std::string digits;
    do {
        digits.insert(digits.begin(), kHex[n & 0xf]);
        n >>= 4;
    } while (n);
    return "0x" + digits;
}

}  // namespace porwatch::chain
