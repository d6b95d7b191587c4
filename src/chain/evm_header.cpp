#include "evm_header.hpp"

#include <cstring>

#include "porwatch/util/hex.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::chain::evm {
namespace {

// Reads fields of one block object, remembering the first failure.
class Fields {
public:
    explicit Fields(const rapidjson::Value& block) : m_block(block) { }

    bool has(const char* name) const
    {
        const auto* v = member(m_block, name);
        return v && !v->IsNull();
    }

    Bytes data(const char* name, std::size_t size = 0)
    {
        const auto* v = member(m_block, name);
        auto bytes = v ? from_hex(json_text(*v), HexPrefix::allowed) : Result<Bytes>(Error{"missing"});
        if (!bytes || json_text(*v).substr(0, 2) != "0x" || (size && bytes->size() != size)) {
            fail(name, size ? "not 0x and " + std::to_string(size * 2) + " hex digits" : "not 0x-hex data");
            return Bytes(size, 0);
        }
        return std::move(bytes.value());
    }

    Hash256 hash(const char* name)
    {
        Hash256 h{};
        const Bytes b = data(name, 32);
        std::memcpy(h.data(), b.data(), 32);
        return h;
    }

    Units quantity(const char* name)
    {
        const auto* v = member(m_block, name);
        auto units = v ? parse_hex_units(json_text(*v)) : Result<Units>(Error{"missing"});
        if (!units) {
            fail(name, "not a hex quantity");
            return 0;
        }
        return *units;
    }

    std::uint64_t u64(const char* name)
    {
        const Units v = quantity(name);
        if (v > std::numeric_limits<std::uint64_t>::max()) {
            fail(name, "above 2^64-1");
            return 0;
        }
        return static_cast<std::uint64_t>(v);
    }

    const std::string& error() const { return m_error; }

private:
    void fail(const char* name, const std::string& why)
    {
        if (m_error.empty())
            m_error = std::string("header field ") + name + " is " + (member(m_block, name) ? why : "missing");
    }

    const rapidjson::Value& m_block;
    std::string m_error;
};

}  // namespace

Result<ethproof::BlockHeader> header_from_json(const rapidjson::Value& block)
{
    if (!block.IsObject()) return Error{ChainError::malformed, "a block that is not an object"};
    Fields f(block);
    ethproof::BlockHeader h;
    h.parent_hash = f.hash("parentHash");
    h.ommers_hash = f.hash("sha3Uncles");
    h.beneficiary = f.data("miner", 20);
    h.state_root = f.hash("stateRoot");
    h.transactions_root = f.hash("transactionsRoot");
    h.receipts_root = f.hash("receiptsRoot");
    h.logs_bloom = f.data("logsBloom", 256);
    h.difficulty = f.quantity("difficulty");
    h.number = f.u64("number");
    h.gas_limit = f.u64("gasLimit");
    h.gas_used = f.u64("gasUsed");
    h.timestamp = f.u64("timestamp");
    h.extra_data = f.data("extraData");
    h.mix_hash = f.hash("mixHash");
    h.nonce = f.data("nonce", 8);
    if (f.has("baseFeePerGas")) h.base_fee_per_gas = f.quantity("baseFeePerGas");
    if (f.has("withdrawalsRoot")) h.withdrawals_root = f.hash("withdrawalsRoot");
    if (f.has("blobGasUsed")) h.blob_gas_used = f.u64("blobGasUsed");
    if (f.has("excessBlobGas")) h.excess_blob_gas = f.u64("excessBlobGas");
    if (f.has("parentBeaconBlockRoot")) h.parent_beacon_block_root = f.hash("parentBeaconBlockRoot");
    if (f.has("requestsHash")) h.requests_hash = f.hash("requestsHash");
    if (!f.error().empty()) return Error{ChainError::malformed, f.error()};
    return h;
}

Result<VerifiedHeader> eth_get_verified_header(RpcClient& rpc, const std::string& hash)
{
    const std::string context = "eth_getBlockByHash " + hash + " at " + rpc.endpoint();
    auto expected = from_hex(hash, HexPrefix::allowed);
    if (!expected || expected->size() != 32) return Error{ChainError::malformed, context + ": not a block hash"};
    auto v = rpc.call_ok("eth_getBlockByHash", "[" + json_quote(hash) + ",false]");
    if (!v) return v.error();
    if (v->value->IsNull()) return Error{ChainError::syncing, context + ": the node has no such block"};
    auto header = header_from_json(*v->value);
    if (!header) return wrap_error(context, header.error());
    Hash256 block_hash;
    std::memcpy(block_hash.data(), expected->data(), 32);
    auto rlp = ethproof::check_header(*header, block_hash);
    if (!rlp) return Error{ChainError::proof, "proof does not match: " + rlp.error().message + " (" + context + ")"};
    return VerifiedHeader{std::move(header.value()), std::move(rlp.value())};
}

}  // namespace porwatch::chain::evm
