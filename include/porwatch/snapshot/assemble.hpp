// Building a Snapshot from the address book, the ownership verdicts and the chain scans.
//
// plan_scan() decides which book rows are read from which configured chain; assemble() sums
// what the scans observed into totals with claims, verified counts and shortfalls. Both are
// pure (no I/O, no clock): the edge (cli/daemon) runs the scans and passes the times in.
//
// Invariants kept here: nothing is summed over a failed or disputed chain; a snapshot is
// `complete` only when every planned chain is complete; a contract-wallet row counts as
// verified only when the on-chain owner check confirms its signers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/snapshot/snapshot.hpp"

namespace porwatch::snapshot {

// Which chain every scannable row goes to.
struct ScanPlan {
    std::vector<chain::UtxoTarget> bitcoin;
    std::vector<chain::UtxoTarget> litecoin;
    std::vector<chain::EvmTarget> ethereum;
    // Rows that cannot be read by any configured source (TRON, EVM L2s, unsupported coins,
    // unparsable addresses), by reason, for the report. Never silently dropped.
    std::vector<std::pair<std::string, std::size_t>> unscanned;   // reason → row count
};

// Plan the scan. Fails when the book has bitcoin, litecoin or Ethereum-mainnet rows but the
// config has no section for that chain, or when a row's network differs from the section's
// (message names the first such row's file:line).
Result<ScanPlan> plan_scan(const std::vector<addressbook::BookEntry>& book, const config::Config& config);

// The verdict a row ends with once on-chain evidence is applied: owners-signed becomes
// verified when `checks` holds a Safe-style owner check for the address whose owners include
// every signer, with at least `threshold` signers.
proof::ProofStatus effective_status(const addressbook::BookEntry& entry, const proof::ProofResult& proof,
                                    const std::vector<chain::OwnerCheck>& checks);

// Assemble the snapshot. `proofs[i]` is the verdict for `book[i]`.
Snapshot assemble(const std::vector<addressbook::BookEntry>& book, const std::vector<proof::ProofResult>& proofs,
                  const std::vector<chain::ChainScan>& scans, std::int64_t started_at, std::int64_t finished_at);

}  // namespace porwatch::snapshot
