// A snapshot: the reserves observed at one pinned point of every configured chain, with the
// evidence for every figure (chain, height, block hash, endpoints).
//
// Invariants:
//  - A snapshot is `complete` only if every chain is `complete`.
//  - Nothing is summed over a failed or disputed chain: its totals are absent, never zero.
//  - Amounts are exact base units (Units), never floating point.
// A Snapshot is an immutable value once built. Times are UTC unix seconds set by the edge
// (the core never reads the clock).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/chain/result.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/prices/prices.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/enum_names.hpp"

namespace porwatch::snapshot {

// The per-chain types are defined by the chain stage (porwatch/chain/result.hpp), which
// produces them; the snapshot re-exports them under its own names.
using chain::AddressBalance;
using chain::ChainResult;
using chain::ChainStatus;
using chain::Disagreement;
using chain::EndpointReport;
using chain::to_string;

// Persisted by name; names frozen: "complete", "partial", "failed".
enum class SnapshotStatus {
    complete,
    partial,
    failed
};
inline constexpr std::array kAllSnapshotStatuses{SnapshotStatus::complete, SnapshotStatus::partial,
                                                 SnapshotStatus::failed};
std::string_view to_string(SnapshotStatus status);
std::optional<SnapshotStatus> snapshot_status_from_string(std::string_view name);

// Returns: `asset` as a snapshot names it: "USDT" read by [evm.arbitrum] is "USDT@arbitrum",
// so that one asset on two chains is two totals (never summed by accident); the built-in
// chains' assets keep their names (`source` "").
std::string sourced_asset(const std::string& asset, const std::string& source);

// Returns: the [evm.NAME] NAME of a sourced asset name ("arbitrum" for "USDT@arbitrum"), or "".
std::string_view asset_source(std::string_view asset);

// Returns: the name of the chain a balance or total of `chain` named `asset` was read on, as
// source_name gives it: "arbitrum" for "USDT@arbitrum", else the chain's own ("ethereum").
std::string asset_chain_name(address::Chain chain, std::string_view asset);

struct AssetTotal {
    std::string asset;
    address::Chain chain;
    unsigned decimals = 0;
    Units units;  // observed, summed over the book's addresses
    // What the published files claim for the same addresses (the first claim per address).
    // Absent when no row claims anything, and whenever claim_errors > 0: a claim total is
    // complete or absent, never quietly short.
    std::optional<Units> claimed_units;
    std::size_t addresses = 0;
    std::size_t verified_addresses = 0;
    // Proven reserves: the part of `units` held by addresses whose ownership is verified in
    // this snapshot (offline proofs, and contract wallets verified on chain). ≤ units.
    Units verified_units;
    std::size_t unverified_addresses = 0;  // addresses - verified_addresses
    // Rows of this asset whose published amount gave no claim: not exact in the asset's
    // decimals, decimals unknown, a bad height, or a sum past 2^256-1.
    std::size_t claim_errors = 0;
};

// One `same_asset` line (config.hpp SameAsset) in a snapshot. When complete, its exact sum is
// the total `asset` (USDT@all) in Snapshot::totals, at the largest decimals of its members;
// otherwise there is no such total (never a smaller number) and `reason` names the chains.
struct AssetSum {
    std::string asset;  // "USDT@all"
    std::string symbol;  // "USDT": the [prices] feed of every member and of the sum
    std::vector<std::string> members;  // the members' totals: "USDT", "USDT@arbitrum"
    bool complete = false;
    std::string reason;  // why there is no sum ("" when complete)
};

// Book rows that no configured source reads, grouped by (reason, asset, chain). Never summed
// under another asset; counted in every output and stored with the snapshot.
struct Unscanned {
    std::string reason;  // "no token = USDT:… in [ethereum]", "unsupported coin", …
    std::string asset;  // as in the book ("USDT", "SOL")
    std::string chain;  // "bitcoin", "ethereum", an EVM network ("ARBITRUM"), "" if unknown
    std::size_t rows = 0;
    std::size_t claimed_rows = 0;  // rows that publish an amount
    // The exact sum of those amounts, when every one of them is an exact claim; else absent.
    std::optional<Units> claimed_units;
    unsigned decimals = 0;  // of claimed_units

    friend bool operator==(const Unscanned&, const Unscanned&) = default;
};

// Returns: e.g. "5 USDT rows on ethereum (no source for USDT in [ethereum] …), claiming
// 89000000.000000" or "3 SOL rows (unsupported coin), claiming an amount porwatch cannot read".
std::string describe(const Unscanned& unscanned);

// An address whose observed balance is below what the file claims for it.
struct Shortfall {
    std::string asset;
    std::string address;
    Units claimed;
    Units observed;
    address::Chain chain = address::Chain::bitcoin;
};

// The verdict of a contract-wallet book row (OKX eoa1/eoa2 owners, or an EIP-1271 signature)
// once the on-chain evidence is applied, with the reason it is or is not verified.
struct RowVerdict {
    std::string file;
    std::size_t line = 0;
    std::string address;
    proof::ProofResult verdict;
};

// How one asset's reserves cover its liabilities in a snapshot.
// Persisted by name; names frozen: "ok", "reserves_missing", "liabilities_failed".
enum class SolvencyStatus {
    ok,  // both sides known; the ratio is set unless the liabilities are zero
    reserves_missing,  // the asset's chain failed or was disputed (or not scanned at all)
    liabilities_failed,  // a liabilities file that may hold the asset did not verify, or two
        // verified files hold it and no height says which is newest
};
inline constexpr std::array kAllSolvencyStatuses{SolvencyStatus::ok, SolvencyStatus::reserves_missing,
                                                 SolvencyStatus::liabilities_failed};
std::string_view to_string(SolvencyStatus status);
std::optional<SolvencyStatus> solvency_status_from_string(std::string_view name);

// One configured asset against the newest verified liabilities that list it. Amounts are
// exact: reserves in the asset's decimals, liabilities in theirs (8, or 2 for a cex-assets
// "two digits" asset); the ratio is computed from both without rounding but the last step.
struct Solvency {
    std::string asset;  // the configured symbol ("LTC", "USDT")
    address::Chain chain = address::Chain::bitcoin;
    SolvencyStatus status = SolvencyStatus::ok;
    std::string reason;  // why not ok ("" when ok)
    // Reserves of this snapshot (absent when missing).
    unsigned decimals = 0;
    std::optional<Units> units;  // observed: every scanned address
    std::optional<Units> verified_units;  // proven: addresses whose ownership verified
    std::optional<std::uint64_t> reserves_height;
    std::string reserves_block_hash;
    // The liabilities: the file they came from and what it says.
    std::string liabilities_file;
    std::optional<liabilities::Format> liabilities_format;
    std::string liabilities_root;  // hex root digest ("" for cex-assets)
    std::optional<std::uint64_t> liabilities_height;  // the file's own height (BitMEX)
    unsigned liabilities_decimals = 8;
    std::optional<Units> liabilities_units;  // net: equity − debt, or the tree's total
    std::optional<Units> equity_units;  // cex-assets only
    std::optional<Units> debt_units;
    // Reserves ÷ liabilities in percent × 100, truncated (10000 = 100.00 %): observed and
    // proven. Absent unless status is ok and the liabilities are above zero.
    std::optional<Units> ratio_hundredths;
    std::optional<Units> verified_ratio_hundredths;
    // Age of the liabilities against `max_age`: reserves' height − the file's height, in
    // blocks of the asset's chain. `stale` when beyond max_age, or when the file carries no
    // height of its own (its age cannot be known); evaluated only with max_age and a height
    // read this snapshot.
    std::optional<std::uint64_t> max_age_blocks;
    std::optional<std::int64_t> age_blocks;
    bool stale = false;
    std::string stale_reason;  // "" when not stale or not evaluated
};

// The reserve ratio over every asset with liabilities, in the quote currency of [prices]: the
// liabilities of each asset are valued with the same price (same feed, same Ethereum block) as
// its reserves. Values in 10^-8 quote units (prices::Value), each truncated; the ratio is then
// ⌊ reserves value × 10^4 ÷ liabilities value ⌋ (hundredths of a percent). Complete only when
// every asset some verified liabilities file lists (net > 0) has a solvency row that is ok and
// priced; otherwise the assets left out are in `excluded` with the reason, and the ratio
// covers `included` only (never used by an alert).
struct AggregateSolvency {
    std::string quote;
    prices::Value reserves_value;  // Σ value of observed reserves (included assets)
    prices::Value verified_reserves_value;  // Σ value of proven reserves
    prices::Value liabilities_value;  // Σ value of net liabilities
    std::optional<Units> ratio_hundredths;  // absent when liabilities_value is 0
    std::optional<Units> verified_ratio_hundredths;
    std::vector<std::string> included;  // "LTC", "ETH"
    std::vector<std::pair<std::string, std::string>> excluded;  // (asset, reason)
    bool complete = false;
    bool liabilities_failed = false;  // a file did not verify, or a row is liabilities_failed
};

// The value of one total (one asset on one chain) in the quote currency, or why it has none.
// Values are in 10^-8 quote units (prices::Value). A BTC total read on the Bitcoin chain is
// priced with the feed read at the Ethereum pinned block: the evidence is the total's chain
// block (ChainResult) and the price's block (Valuation::prices).
struct AssetValue {
    std::string asset;
    address::Chain chain = address::Chain::bitcoin;
    std::optional<prices::Value> value;  // of `units`; absent when unpriced
    std::optional<prices::Value> verified_value;  // of `verified_units`
    std::optional<prices::Value> claimed_value;  // of `claimed_units`, when there is a claim
    std::string unpriced_reason;  // "" when priced
};

// The snapshot's reserves in one quote currency.
struct Valuation {
    prices::PriceBook prices;  // every configured feed's verdict and evidence
    std::vector<AssetValue> assets;  // one per total, in totals order
    prices::Value total;  // over the priced totals
    prices::Value verified_total;
    // The claims' value over the priced totals that carry a claim; absent when none does or
    // when a priced total's claim is incomplete (claim_errors > 0).
    std::optional<prices::Value> claimed_total;
    std::vector<std::string> priced;  // assets in the total
    // Totals with no usable price: (asset, reason). They are not in `total`.
    std::vector<std::pair<std::string, std::string>> unpriced;
    // Every chain complete and every total whose asset has a feed priced: `total` then covers
    // everything the config can price, and may be compared with other complete totals.
    bool complete = false;

    const AssetValue* find(std::string_view asset, address::Chain chain) const;
};

// What a chain's scan leaves beside its ChainResult for re-checking it later (a bundle): the
// assets it read, the confirmations it counted, and for EVM chains the verified header and
// proof nodes. One per scanned chain; proof_data only for complete chains.
struct ChainEvidence {
    address::Chain chain = address::Chain::bitcoin;
    std::vector<chain::AssetInfo> assets;
    unsigned confirmations = 0;
    std::optional<chain::ProofData> proof_data;
};

struct Snapshot {
    std::int64_t started_at = 0;  // UTC unix seconds
    std::int64_t finished_at = 0;
    SnapshotStatus status = SnapshotStatus::failed;
    std::vector<ChainResult> chains;
    std::vector<AddressBalance> balances;  // only for complete chains
    std::vector<AssetTotal> totals;  // only for complete chains; same_asset sums last
    std::vector<AssetSum> sums;  // one per same_asset line, complete or not
    std::vector<Shortfall> shortfalls;
    std::vector<chain::OwnerCheck> owner_checks;  // on-chain evidence for contract-wallet rows
    std::vector<chain::SignatureCheck> signature_checks;  // EIP-1271 isValidSignature results
    std::vector<RowVerdict> contract_verdicts;  // every contract-wallet row, book order
    std::vector<Unscanned> unscanned;  // book rows no source reads (from the plan)
    std::optional<Valuation> valuation;  // with [prices]: the value of the totals
    std::vector<ChainEvidence> evidence;  // one per scanned chain
    std::vector<chain::UtxoOutpoint> outpoints;  // the outputs behind UTXO balances (complete chains)
    // The exact bytes of every address file the snapshot's book was read from, by path (what
    // its signatures can be re-checked against later). Set by the edge that read them.
    std::map<std::string, std::string> book_files;
    // Every configured liabilities file as this cycle loaded it, and each configured asset's
    // coverage (solvency.hpp); both empty without [liabilities].
    std::vector<liabilities::FileResult> liabilities;
    std::vector<Solvency> solvency;
    // With [prices] and [liabilities]: the ratio over every asset with liabilities, in value.
    std::optional<AggregateSolvency> aggregate_solvency;
};

}  // namespace porwatch::snapshot
