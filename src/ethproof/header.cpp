#include <cstring>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/ethproof/header.hpp"
#include "porwatch/rlp/rlp.hpp"
#include "porwatch/util/hex.hpp"

namespace porwatch::ethproof {
namespace {

constexpr std::size_t kLegacyFields = 15;

Error header_error(const std::string& why)
{
    return Error{ProofError::header, "block header: " + why};
}

Bytes str(ByteView b)
{
    return rlp::encode_string(b);
}

}  // namespace

std::string_view to_string(HeaderFork fork)
{
    switch (fork) {
    case HeaderFork::frontier: return "frontier";
    case HeaderFork::london: return "london";
    case HeaderFork::shanghai: return "shanghai";
    case HeaderFork::cancun: return "cancun";
    case HeaderFork::prague: return "prague";
    }
    return "frontier";
}

Result<HeaderFork> header_fork(const BlockHeader& h)
{
    if (h.beneficiary.size() != 20) return header_error("beneficiary is not 20 bytes");
    if (h.logs_bloom.size() != 256) return header_error("logsBloom is not 256 bytes");
    if (h.nonce.size() != 8) return header_error("nonce is not 8 bytes");
    // Each fork's fields, in order; a later one present requires all earlier ones.
    const bool has[] = {
        h.base_fee_per_gas.has_value(), h.withdrawals_root.has_value(),         h.blob_gas_used.has_value(),
        h.excess_blob_gas.has_value(),  h.parent_beacon_block_root.has_value(), h.requests_hash.has_value()};
    const char* names[] = {"baseFeePerGas", "withdrawalsRoot",       "blobGasUsed",
                           "excessBlobGas", "parentBeaconBlockRoot", "requestsHash"};
    std::size_t present = 0;
    while (present < 6 && has[present]) ++present;
    for (std::size_t i = present; i < 6; ++i) {
        if (has[i]) {
            return header_error(std::string(names[i]) + " without " + names[present] +
                                " (a header has the fields of every fork before its own)");
        }
    }
    // Cancun adds three fields at once.
    if (present == 3 || present == 4) return header_error("Cancun blob fields without parentBeaconBlockRoot");
    switch (present) {
    case 0: return HeaderFork::frontier;
    case 1: return HeaderFork::london;
    case 2: return HeaderFork::shanghai;
    case 5: return HeaderFork::cancun;
    default: return HeaderFork::prague;
    }
}

Result<Bytes> encode_header(const BlockHeader& h)
{
    auto fork = header_fork(h);
    if (!fork) return fork.error();
    std::vector<Bytes> f;
    f.reserve(21);
    f.push_back(str(h.parent_hash));
    f.push_back(str(h.ommers_hash));
    f.push_back(str(h.beneficiary));
    f.push_back(str(h.state_root));
    f.push_back(str(h.transactions_root));
    f.push_back(str(h.receipts_root));
    f.push_back(str(h.logs_bloom));
    f.push_back(rlp::encode_uint(h.difficulty));
    f.push_back(rlp::encode_uint(h.number));
    f.push_back(rlp::encode_uint(h.gas_limit));
    f.push_back(rlp::encode_uint(h.gas_used));
    f.push_back(rlp::encode_uint(h.timestamp));
    f.push_back(str(h.extra_data));
    f.push_back(str(h.mix_hash));
    f.push_back(str(h.nonce));
    if (h.base_fee_per_gas) f.push_back(rlp::encode_uint(*h.base_fee_per_gas));
    if (h.withdrawals_root) f.push_back(str(*h.withdrawals_root));
    if (h.blob_gas_used) f.push_back(rlp::encode_uint(*h.blob_gas_used));
    if (h.excess_blob_gas) f.push_back(rlp::encode_uint(*h.excess_blob_gas));
    if (h.parent_beacon_block_root) f.push_back(str(*h.parent_beacon_block_root));
    if (h.requests_hash) f.push_back(str(*h.requests_hash));
    return rlp::encode_list(f);
}

Result<BlockHeader> decode_header(ByteView bytes)
{
    auto item = rlp::decode(bytes);
    if (!item) return header_error(item.error().message);
    if (!item->is_list || item->items.size() < kLegacyFields || item->items.size() > kLegacyFields + 6) {
        return header_error("not a list of 15 to 21 fields");
    }
    const auto& f = item->items;
    std::string bad;
    auto raw = [&](std::size_t i, std::size_t size, const char* name) -> Bytes {
        if (f[i].is_list || (size && f[i].payload.size() != size)) {
            if (bad.empty()) bad = std::string(name) + " has the wrong size";
            return {};
        }
        return Bytes(f[i].payload.begin(), f[i].payload.end());
    };
    auto hash = [&](std::size_t i, const char* name) {
        Hash256 h{};
        const Bytes b = raw(i, 32, name);
        if (b.size() == 32) std::memcpy(h.data(), b.data(), 32);
        return h;
    };
    auto uint = [&](std::size_t i, const char* name) -> Units {
        auto v = rlp::to_uint(f[i]);
        if (!v && bad.empty()) bad = std::string(name) + ": " + v.error().message;
        return v ? *v : Units{0};
    };
    auto u64 = [&](std::size_t i, const char* name) -> std::uint64_t {
        auto v = rlp::to_u64(f[i]);
        if (!v && bad.empty()) bad = std::string(name) + ": " + v.error().message;
        return v ? *v : 0;
    };
    BlockHeader h;
    h.parent_hash = hash(0, "parentHash");
    h.ommers_hash = hash(1, "sha3Uncles");
    h.beneficiary = raw(2, 20, "miner");
    h.state_root = hash(3, "stateRoot");
    h.transactions_root = hash(4, "transactionsRoot");
    h.receipts_root = hash(5, "receiptsRoot");
    h.logs_bloom = raw(6, 256, "logsBloom");
    h.difficulty = uint(7, "difficulty");
    h.number = u64(8, "number");
    h.gas_limit = u64(9, "gasLimit");
    h.gas_used = u64(10, "gasUsed");
    h.timestamp = u64(11, "timestamp");
    h.extra_data = raw(12, 0, "extraData");
    h.mix_hash = hash(13, "mixHash");
    h.nonce = raw(14, 8, "nonce");
    const std::size_t n = f.size();
    if (n > 15) h.base_fee_per_gas = uint(15, "baseFeePerGas");
    if (n > 16) h.withdrawals_root = hash(16, "withdrawalsRoot");
    if (n > 17) h.blob_gas_used = u64(17, "blobGasUsed");
    if (n > 18) h.excess_blob_gas = u64(18, "excessBlobGas");
    if (n > 19) h.parent_beacon_block_root = hash(19, "parentBeaconBlockRoot");
    if (n > 20) h.requests_hash = hash(20, "requestsHash");
    if (!bad.empty()) return header_error(bad);
    if (auto fork = header_fork(h); !fork) return fork.error();
    return h;
}

Result<Bytes> check_header(const BlockHeader& header, const Hash256& block_hash)
{
    auto encoded = encode_header(header);
    if (!encoded) return encoded.error();
    const Hash256 computed = crypto::keccak256(*encoded);
    if (computed != block_hash) {
        return header_error("keccak256(rlp(header)) is 0x" + to_hex(computed) + ", not the block hash 0x" +
                            to_hex(block_hash) + " (a field was altered, or the header is not that block's)");
    }
    return encoded;
}

}  // namespace porwatch::ethproof
