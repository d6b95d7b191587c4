// The chain scanners: read every target's balance at one pinned block of one chain, from every
// configured endpoint (quorum), and report it with its evidence as a ChainScan.
//
// Fail closed: a node that does not answer, answers something malformed, is on another chain,
// is syncing, or moves its tip under a scan on every retry gives a `failed` chain with a reason;
// endpoints that disagree on any balance give a `disputed` chain listing what each said. Only a
// `complete` ChainScan carries balances. These functions never throw and never return a zero
// for something that could not be read.
//
// I/O: JSON-RPC over HTTP(S) (libcurl); blocking. Thread-safety: each call uses its own
// connections; calls for different chains may run concurrently.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/chain/result.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/util/bytes.hpp"

namespace porwatch::chain {

// A Bitcoin-family address to scan, by its scriptPubKey.
struct UtxoTarget {
    std::string address;  // canonical text, reported back in AddressBalance::address
    Bytes script;
};

// An EIP-1271 signature a contract wallet row provides: `hash` is the bytes32 digest (0x + 64
// hex), `signature` the contract signature (hex, "0x" optional).
struct ContractSignature {
    std::string hash;
    std::string signature;
    bool operator==(const ContractSignature&) const = default;
};

// An EVM account to scan for the native asset and every configured token.
struct EvmTarget {
    std::string address;  // EIP-55
    bool check_owners = false;  // a contract-wallet row: read Safe getOwners()/getThreshold()
    std::vector<ContractSignature> contract_signatures;  // checked with isValidSignature
};

// Returns: the longest a scan_*_chain call can take with `limits`: scan_timeout (every call is
// cut there), plus the cleanup after it (aborting porwatch's own scantxoutset, bounded by
// connect_timeout + 10 s) and a margin. The daemon's watchdog heartbeat covers a scan this long.
std::chrono::seconds scan_bound(const config::RpcLimits& limits);

// Scan a Bitcoin Core-family chain with `scantxoutset` raw() descriptors. Balances count only
// UTXOs with at least config.confirmations confirmations at the scanned tip.
ChainScan scan_utxo_chain(const config::UtxoChainConfig& config, const std::vector<UtxoTarget>& targets);

struct EvmScanOptions {
    // Read at this block (0x + 64 hex) instead of latest − confirmations; it must still be
    // canonical (`porwatch check --config` re-reads a bundle's block).
    std::optional<std::string> block_hash;
};

// Scan an EVM chain at block latest − confirmations (or `finalized`), pinned by hash (EIP-1898).
// Contract-wallet evidence (owner checks, EIP-1271 signature checks) is read at the same block
// from every endpoint and must agree like balances. A revert is evidence ("not a Safe", "not
// valid"); a node that does not answer fails the chain.
// Once the balances agree, the block's header is checked against its hash on every counted
// endpoint and the balances selected by config.proofs are proven against its state root
// (result.proofs, proof_data); a proof that does not match fails the chain (ChainError::proof).
ChainScan scan_evm_chain(const config::EvmChainConfig& config, const std::vector<EvmTarget>& targets,
                         const EvmScanOptions& options = {});

// What one node says today about a bundle's UTXO outpoints (`porwatch check --config`).
struct OutpointRecheck {
    std::string endpoint;  // redacted
    // Why nothing could be checked on this node (transport, another chain, syncing), or nullopt.
    std::optional<Error> error;
    // The node's block at the bundle's height; nullopt when the height is above its tip.
    std::optional<std::string> block_at_height;
    std::size_t unspent_matching = 0;  // still unspent, same amount, script and height
    std::size_t spent = 0;  // gettxout null: spent since (cannot be re-checked)
    std::vector<std::string> differences;  // outputs the node shows otherwise, with how
};

// Ask every endpoint of `config`: its identity (genesis, chain), getblockhash(`height`), and for
// each outpoint gettxout (mempool ignored); `scripts_hex[i]` is the scriptPubKey outpoints[i]
// must pay. The output's height is the node's tip height − confirmations + 1.
std::vector<OutpointRecheck> recheck_outpoints(const config::UtxoChainConfig& config, std::uint64_t height,
                                               const std::vector<UtxoOutpoint>& outpoints,
                                               const std::vector<std::string>& scripts_hex);

}  // namespace porwatch::chain
