// Building a Snapshot from the address book, the ownership verdicts and the chain scans.
//
// plan_scan() decides which book rows are read from which configured chain; assemble() sums
// what the scans observed into totals with claims, verified counts and shortfalls. Both are
// pure (no I/O, no clock): the edge (cli/daemon) runs the scans and passes the times in.
//
// Invariants kept here: nothing is summed over a failed or disputed chain; a snapshot is
// `complete` only when every planned chain is complete; a contract-wallet row counts as
// verified only when the on-chain owner check (or EIP-1271 check) confirms it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/snapshot/snapshot.hpp"

namespace porwatch::snapshot {

// The rows one [evm.NAME] section reads.
struct EvmSectionPlan {
    std::string name;  // the section's NAME ("arbitrum")
    std::vector<chain::EvmTarget> targets;  // never empty in a plan
};

// Which chain every scannable row goes to.
struct ScanPlan {
    std::vector<chain::UtxoTarget> bitcoin;
    std::vector<chain::UtxoTarget> litecoin;
    std::vector<chain::EvmTarget> ethereum;
    // Rows on other EVM networks, per [evm.NAME] section that reads them (config order).
    std::vector<EvmSectionPlan> evm;
    // Rows that cannot be read by any configured source (TRON, EVM networks without a section,
    // unsupported coins, unparsable addresses, assets without a source), for the report. Never
    // silently dropped.
    std::vector<Unscanned> unscanned;
};

// Plan the scan. A row is read only for its own asset: bitcoin/litecoin rows for BTC/LTC,
// Ethereum rows for ETH or a configured `token` symbol (case-insensitive); any other asset is
// unscanned with the reason, never read as the chain's coin. A row on another EVM network is
// read by the [evm.NAME] section that reads that network (Config::evm_for_network), for its
// `native` coin or a `token`; with no such section it is unscanned, naming the network. Fails when the book has bitcoin,
// litecoin or Ethereum-mainnet rows but the config has no section for that chain, or when a
// row's network differs from the section's (message names the first such row's file:line).
Result<ScanPlan> plan_scan(const std::vector<addressbook::BookEntry>& book, const config::Config& config);

// The bytes32 an EIP-1271 row's contract signature is checked against: the EIP-191
// personal-message digest keccak256("\x19Ethereum Signed Message:\n" + len(message) + message),
// as 0x + 64 hex (what ethers' hashMessage and viem's verifyMessage pass to isValidSignature).
std::string eip1271_digest(std::string_view message);

// True for a row whose signature is an EIP-1271 contract signature (native `scheme` = eip1271).
bool is_eip1271_row(const addressbook::BookEntry& entry);

// The verdict a row ends with once on-chain evidence is applied, with its reason:
//  - owners-signed becomes verified when `owners` holds a Safe-style check for the address
//    whose owners include every signer, with at least `threshold` signers; otherwise it stays
//    owners-signed and the reason says what the check found;
//  - an EIP-1271 row is verified only when `signatures` holds a check of its (address, digest,
//    signature) that returned the magic value; otherwise it is failed with the reason.
// Every other row keeps its offline verdict.
proof::ProofResult effective_verdict(const addressbook::BookEntry& entry, const proof::ProofResult& proof,
                                     const std::vector<chain::OwnerCheck>& owners,
                                     const std::vector<chain::SignatureCheck>& signatures);
proof::ProofStatus effective_status(const addressbook::BookEntry& entry, const proof::ProofResult& proof,
                                    const std::vector<chain::OwnerCheck>& checks);

// True for an Ethereum row the [ethereum] section reads (its EVM network is mainnet's name).
bool on_ethereum_mainnet(const addressbook::BookEntry& entry);

// Assemble the snapshot. `proofs[i]` is the verdict for `book[i]`. An address counts toward
// an asset's total only when a scanned book row lists it for that asset.
Snapshot assemble(const std::vector<addressbook::BookEntry>& book, const std::vector<proof::ProofResult>& proofs,
                  const std::vector<chain::ChainScan>& scans, std::int64_t started_at, std::int64_t finished_at);

// Add each same_asset line's sum to `snapshot` (Snapshot::sums, and a total SYMBOL@all when
// complete). Fail closed: a member whose chain is not complete (failed, disputed, not scanned)
// leaves the line without a sum, the reason naming the chain; a member whose chain is complete
// but whose book lists no address for it adds zero. Members are scaled up to the largest
// decimals among them (`assets` gives each one's decimals), exactly; a sum past 2^256-1 is no
// sum. Claims sum only when every member with a total has one.
void add_sums(Snapshot& snapshot, std::span<const config::SameAsset> same_assets,
              std::span<const config::ConfiguredAsset> assets);

// Returns: the same_asset line of `asset` (a member's total or the sum's), or nullptr.
const AssetSum* sum_of(const Snapshot& snapshot, std::string_view asset);

// Value every total of `snapshot` with the judged prices of its cycle: each priced total gets
// exact values of its units, verified units and claim; a total whose asset has no feed, or
// whose feed failed a check, is unpriced with the reason (never valued at zero). A same_asset
// member (and its sum) is priced with its SYMBOL's feed; a sum is valued but not added to the
// totals (its members are), so nothing counts twice.
Valuation value_totals(const Snapshot& snapshot, prices::PriceBook prices);

}  // namespace porwatch::snapshot
