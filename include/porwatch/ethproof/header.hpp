// An Ethereum block header, and the check that it is the header of a given block hash:
// keccak256(rlp(header)) == hash. The state root porwatch proves balances against comes only
// from a header that passed this check.
//
// The header's fields are those of its fork, in the canonical order: the 15 legacy fields,
// then baseFeePerGas (London, EIP-1559), withdrawalsRoot (Shanghai, EIP-4895), blobGasUsed,
// excessBlobGas (Cancun, EIP-4844) and parentBeaconBlockRoot (Cancun, EIP-4788), requestsHash
// (Prague, EIP-7685). A header has a prefix of those optional fields: each fork adds fields and
// never drops one, so a field without its predecessors is an error.
//
// Pure. Thread-safety: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "porwatch/util/amount.hpp"
#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::ethproof {

enum class ProofError {
    header,  // a header that does not hash to its block hash, or is not a valid header
    account,  // an account proof that does not match the state root or the balance read
    storage,  // a storage proof that does not match the storage root or the balance read
    shape,  // a proof or header field with the wrong shape (not hex, wrong size)
};
constexpr std::string_view error_domain(ProofError)
{
    return "ethproof";
}

// The header layouts porwatch knows, by the last fork whose fields it has. Names are shown
// and stored ("frontier", "london", "shanghai", "cancun", "prague"); frozen.
enum class HeaderFork {
    frontier,
    london,
    shanghai,
    cancun,
    prague
};
std::string_view to_string(HeaderFork fork);

struct BlockHeader {
    Hash256 parent_hash{};
    Hash256 ommers_hash{};
    Bytes beneficiary;  // 20 bytes
    Hash256 state_root{};
    Hash256 transactions_root{};
    Hash256 receipts_root{};
    Bytes logs_bloom;  // 256 bytes
    Units difficulty;
    std::uint64_t number = 0;
    std::uint64_t gas_limit = 0;
    std::uint64_t gas_used = 0;
    std::uint64_t timestamp = 0;
    Bytes extra_data;  // at most 32 bytes on mainnet; not limited here
    Hash256 mix_hash{};  // prevRandao since the merge
    Bytes nonce;  // 8 bytes
    std::optional<Units> base_fee_per_gas;
    std::optional<Hash256> withdrawals_root;
    std::optional<std::uint64_t> blob_gas_used;
    std::optional<std::uint64_t> excess_blob_gas;
    std::optional<Hash256> parent_beacon_block_root;
    std::optional<Hash256> requests_hash;
};

// Returns: the fork of the header's layout. Fails (header) when an optional field is present
// without the fields of the forks before it, or a fixed-size field has the wrong size.
Result<HeaderFork> header_fork(const BlockHeader& header);

// Returns: the header's RLP with exactly the fields of its fork. Fails like header_fork().
Result<Bytes> encode_header(const BlockHeader& header);

// Decode a header's RLP (15 to 21 fields, canonical). Fails (header) otherwise.
Result<BlockHeader> decode_header(ByteView rlp);

// Check that `header` hashes to `block_hash`. Returns: its RLP. Fails (header) with both hashes.
Result<Bytes> check_header(const BlockHeader& header, const Hash256& block_hash);

}  // namespace porwatch::ethproof
