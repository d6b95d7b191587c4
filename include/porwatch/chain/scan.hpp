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
#include <string>
#include <vector>

#include "porwatch/chain/result.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/util/bytes.hpp"

namespace porwatch::chain {

// A Bitcoin-family address to scan, by its scriptPubKey.
struct UtxoTarget {
    std::string address;   // canonical text, reported back in AddressBalance::address
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
    std::string address;   // EIP-55
    bool check_owners = false;   // a contract-wallet row: read Safe getOwners()/getThreshold()
    std::vector<ContractSignature> contract_signatures;   // checked with isValidSignature
};

// Returns: the longest a scan_*_chain call can take with `limits`: scan_timeout (every call is
// cut there), plus the cleanup after it (aborting porwatch's own scantxoutset, bounded by
// connect_timeout + 10 s) and a margin. The daemon's watchdog heartbeat covers a scan this long.
std::chrono::seconds scan_bound(const config::RpcLimits& limits);

// Scan a Bitcoin Core-family chain with `scantxoutset` raw() descriptors. Balances count only
// UTXOs with at least config.confirmations confirmations at the scanned tip.
ChainScan scan_utxo_chain(const config::UtxoChainConfig& config, const std::vector<UtxoTarget>& targets);

// Scan an EVM chain at block latest − confirmations (or `finalized`), pinned by hash (EIP-1898).
// Contract-wallet evidence (owner checks, EIP-1271 signature checks) is read at the same block
// from every endpoint and must agree like balances. A revert is evidence ("not a Safe", "not
// valid"); a node that does not answer fails the chain.
ChainScan scan_evm_chain(const config::EvmChainConfig& config, const std::vector<EvmTarget>& targets);

}  // namespace porwatch::chain
