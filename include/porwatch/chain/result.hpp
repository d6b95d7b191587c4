// What a chain scan observed: one chain, at one pinned block, with the evidence (height, block
// hash, every endpoint that was asked and what it said). The snapshot stage assembles these
// into a Snapshot (porwatch/snapshot/snapshot.hpp re-exports these types under its namespace).
//
// Invariant: a ChainScan whose status is not `complete` carries no balances that may be summed;
// the assembler drops them. Amounts are exact base units. Values; thread-safety: none needed.
//
// Every string here that came from a node went through untrusted_text() (valid UTF-8, no
// control characters); endpoints are always redact_url()'d.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/enum_names.hpp"

namespace porwatch::chain {

// Persisted by name; names frozen: "complete", "failed", "disputed".
enum class ChainStatus {
    complete,
    failed,
    disputed
};
inline constexpr std::array kAllChainStatuses{ChainStatus::complete, ChainStatus::failed, ChainStatus::disputed};
std::string_view to_string(ChainStatus status);
// Returns: the status named `name` (one of the frozen names above), or nullopt.
std::optional<ChainStatus> chain_status_from_string(std::string_view name);

// What went wrong talking to a node, as an Error code (porwatch/util/result.hpp): callers
// match on these, never on message text. Persisted by name (stored evidence, scan --json
// "error_kind"); names frozen.
enum class ChainError {
    connect,  // no connection, or it broke before a reply (refused, DNS, TLS, reset)
    timeout,  // a call ran past rpc_timeout, or the scan past scan_timeout
    auth,  // HTTP 401/403, or a credential file that cannot be read
    http,  // an HTTP status with a body that is not a JSON-RPC reply (502 "Bad Gateway")
    rpc,  // a JSON-RPC error reply the scanner cannot go on from (code in the message)
    malformed,  // not JSON, too deeply nested, truncated, wrong shape, bad ids, overflowing sums
    wrong_chain,  // another chain or network: chain name, genesis hash or eth_chainId differ
    syncing,  // initial block download, headers ahead of blocks, eth_syncing, a lagging tip
    reverted,  // a contract call reverted (JSON-RPC code 3, or -32000 with revert data)
    too_large,  // the reply passed max_response_mb
    proof,  // "proof does not match": a header that does not hash to the pinned block
        // hash, a Merkle proof that does not lead to the state root, or a proven
        // balance that differs from the one read (the endpoint is named)
};
std::string_view to_string(ChainError kind);
constexpr std::string_view error_domain(ChainError)
{
    return "chain";
}

// What one endpoint said, for quorum evidence. `endpoint` is redacted (no credentials).
struct EndpointReport {
    std::string endpoint;
    std::string block_hash;
    std::uint64_t height = 0;
    std::string error;  // "" when it answered and was counted
    std::optional<ChainError> error_kind;  // set with `error`
};

// What porwatch proved of an EVM chain's balances against the pinned block's state root
// (`[ethereum] proofs`), for status, scan --json and the stored evidence.
struct ProofSummary {
    std::string mode;  // "off", "sample:64", "all"
    bool header_verified = false;  // keccak256(rlp(header)) == the pinned block hash
    std::string header_fork;  // "london", "shanghai", "cancun", "prague", …
    std::string state_root;  // 0x + 64 hex, from the verified header ("" if none)
    std::size_t balances = 0;  // balances read (accounts × assets)
    std::size_t accounts_selected = 0;  // accounts whose ETH balance was to be proven
    std::size_t accounts_proven = 0;  // account proofs checked (token contracts included)
    std::size_t slots_proven = 0;  // token balance slots checked
    std::size_t balances_proven = 0;  // balances equal to their proven value
    // Tokens without `slot=`: their balanceOf is the node's word ("unproven").
    std::vector<std::string> unproven_assets;
    std::size_t endpoints_checked = 0;  // endpoints whose proofs were all checked
    std::size_t failures = 0;  // proofs that did not match (any endpoint)
    std::string failure;  // the first, with the endpoint named; "" when none

    friend bool operator==(const ProofSummary&, const ProofSummary&) = default;
};

// A balance endpoints disagreed on: one row per endpoint that was asked.
struct Disagreement {
    std::string address;
    std::string asset;
    std::string endpoint;
    std::string units;  // what `endpoint` said (integer string)
};

struct ChainResult {
    address::Chain chain = address::Chain::bitcoin;
    // "" for [bitcoin], [litecoin] and [ethereum]; NAME for an [evm.NAME] section's chain. It names
    // the chain in outputs and the store (source_name) and suffixes its assets (USDT@NAME).
    std::string source;
    address::Network network = address::Network::main;
    std::string chain_id;  // EVM chain id as decimal text; "" for UTXO chains
    ChainStatus status = ChainStatus::failed;
    std::uint64_t height = 0;
    std::string block_hash;
    std::vector<EndpointReport> endpoints;
    std::int64_t duration_ms = 0;
    unsigned attempts = 0;  // scan rounds run (> 1: the tip moved and the scan was redone)
    std::string error;  // why the chain failed or is disputed ("" when complete)
    std::optional<ChainError> error_kind;  // the kind of failure, when status is failed
    std::vector<Disagreement> disagreements;
    // k-of-n: `quorum` endpoints had to answer and agree. `degraded`: the chain is complete
    // from fewer than all endpoints; the others' errors are in `endpoints` (never summed).
    unsigned quorum = 0;
    bool degraded = false;
    // EVM chains: the header check and the proofs (set once the balances agreed).
    std::optional<ProofSummary> proofs;
    std::uint64_t response_bytes = 0;  // bytes of every node reply in this scan
};

// Returns: the chain's name in outputs and the store: `source` for an [evm.NAME] chain, else
// the chain's own name ("ethereum").
inline std::string source_name(const ChainResult& result)
{
    return result.source.empty() ? std::string(address::to_string(result.chain)) : result.source;
}

// Returns: "" unless result.degraded, else e.g. "degraded: 2 of 3 endpoints answered (quorum
// 2); http://127.0.0.1:8545: connect: …" for summaries, logs and the stored snapshot error.
std::string degraded_note(const ChainResult& result);

struct AddressBalance {
    address::Chain chain = address::Chain::bitcoin;
    std::string address;  // canonical text (Address::text)
    std::string asset;
    Units units;
};

// An asset a chain scan read, with its base-unit decimals ("LTC"/8, "ETH"/18, "USDT"/6).
struct AssetInfo {
    AssetInfo() = default;
    AssetInfo(std::string asset_, unsigned decimals_, std::string contract_ = "")
        : asset(std::move(asset_)), decimals(decimals_), contract(std::move(contract_))
    { }
    std::string asset;
    unsigned decimals = 0;
    std::string contract;  // an EVM token's contract (EIP-55); "" for a native coin
};

// On-chain evidence for a contract wallet row (Safe-style owners), read at the pinned block.
struct OwnerCheck {
    std::string address;  // EIP-55
    bool has_code = false;
    bool answers_safe = false;  // getOwners() and getThreshold() both answered
    std::vector<std::string> owners;  // EIP-55
    std::uint64_t threshold = 0;
    std::string error;  // why it is not taken for a Safe (reverted, malformed); "" otherwise
    bool operator==(const OwnerCheck&) const = default;
};

// On-chain evidence for an EIP-1271 contract signature: isValidSignature(hash, signature)
// (selector 0x1626ba7e) called at the pinned block. Only the exact magic return value
// 0x1626ba7e (ABI bytes4, left-aligned in one 32-byte word) counts as valid.
struct SignatureCheck {
    std::string address;  // EIP-55 contract
    std::string hash;  // 0x + 64 hex: the bytes32 passed to isValidSignature
    std::string signature;  // 0x-prefixed hex, as passed
    bool has_code = false;
    bool valid = false;
    std::string returned;  // the return data ("" when the call reverted)
    std::string error;  // why the check could not run ("" when it ran), or "reverted: …"
    bool operator==(const SignatureCheck&) const = default;
};

// An account proven against the state root (EIP-1186), as the proof leaf says.
struct ProvenAccount {
    std::string address;  // EIP-55
    bool exists = false;  // false: a proof of exclusion (no such account)
    std::uint64_t nonce = 0;
    Units balance;
    std::string storage_root;  // 0x + 64 hex
    std::string code_hash;  // 0x + 64 hex
    friend bool operator==(const ProvenAccount&, const ProvenAccount&) = default;
};

// A token balance proven from the token contract's storage: the holder's entry of the balance
// mapping at `slot` (key keccak256(pad32(holder) ‖ pad32(slot))); balance = value & mask.
struct ProvenSlot {
    std::string asset;  // the token's symbol
    std::string contract;  // EIP-55
    std::string holder;  // EIP-55
    Units slot;  // the mapping's slot number (`slot=` of the token)
    std::string key;  // 0x + 64 hex: the storage key proven
    Units value;  // the proven storage word
    std::optional<Units> mask;  // `mask=` of the token
    Units balance;  // value & mask (= value without a mask)
    friend bool operator==(const ProvenSlot&, const ProvenSlot&) = default;
};

// The material to re-check an EVM chain's proofs offline: the verified header and every proof
// node (deduplicated; one pool for the state and storage tries), from one endpoint.
struct ProofData {
    Bytes header_rlp;
    std::vector<Bytes> nodes;
    std::vector<ProvenAccount> accounts;
    std::vector<ProvenSlot> slots;
};

// An unspent output behind a Bitcoin-family balance, from scantxoutset (counted outputs only:
// at least `confirmations` deep at the scanned tip).
struct UtxoOutpoint {
    address::Chain chain = address::Chain::bitcoin;
    std::string address;  // canonical text of the target it pays
    std::string txid;  // 64 hex, as the node shows it
    std::uint32_t vout = 0;
    Units units;  // satoshi
    std::uint64_t height = 0;  // block of the output
    friend bool operator==(const UtxoOutpoint&, const UtxoOutpoint&) = default;
    friend auto operator<=>(const UtxoOutpoint& a, const UtxoOutpoint& b)
    {
        return std::tie(a.txid, a.vout) <=> std::tie(b.txid, b.vout);
    }
};

// The outcome of scanning one chain.
//
// Balances (only when complete) are stored compactly, one row per address and one column per
// asset: units[i * assets.size() + k] is what addresses[i] holds of assets[k]. Each address
// appears once. (100k addresses × 3 assets as AddressBalance rows would repeat every address
// and asset name 300k times.)
struct ChainScan {
    ChainResult result;
    std::vector<AssetInfo> assets;
    std::vector<std::string> addresses;
    std::vector<Units> units;
    std::vector<OwnerCheck> owner_checks;
    std::vector<SignatureCheck> signature_checks;
    // EVM: the header and proofs behind result.proofs (complete chains with a verified header).
    std::optional<ProofData> proof_data;
    // UTXO chains: the outputs behind the balances (complete chains only).
    std::vector<UtxoOutpoint> outpoints;
    unsigned confirmations = 0;  // the depth counted (UTXO) or below the head (EVM)
    // [evm.NAME]: the address books' EVM network names it read (EvmChainConfig::networks), so
    // that the snapshot sums each row on the chain its network names.
    std::vector<std::string> networks;

    std::size_t balance_count() const { return units.size(); }
    // Row `i` of addresses × assets, expanded.
    AddressBalance balance(std::size_t i) const
    {
        const std::size_t width = assets.size();
        return AddressBalance{result.chain, addresses[i / width], assets[i % width].asset, units[i]};
    }
    void clear_balances()
    {
        addresses.clear();
        units.clear();
        outpoints.clear();
    }
};

}  // namespace porwatch::chain
