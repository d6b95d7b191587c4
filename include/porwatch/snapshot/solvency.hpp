// The reserve ratio of every configured asset at a snapshot: proven and observed reserves
// against the net liabilities the exchange published, both sides' heights side by side.
//
//   ratio (percent × 100) = ⌊ reserves × 10^liabilities_decimals × 10^4
//                              ÷ (liabilities × 10^reserves_decimals) ⌋
// exact integer arithmetic (unbounded), truncated to 0.01 %, never rounded up.
//
// Which liabilities: for each configured asset, the verified files that list it (symbols
// compared in upper case). One file: it. Several: the one with the greatest own height, when
// every one has a height and the greatest is unique; otherwise the asset is
// `liabilities_failed` (porwatch never adds two liabilities files). A file that failed to
// verify withholds every asset it may hold (liabilities::assets_of_format): fail closed.
// Assets no liabilities file lists get no row; liability assets porwatch does not scan are
// reported by uncovered_liabilities().
//
// Pure. Thread-safety: reentrant.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "porwatch/config/config.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/snapshot/snapshot.hpp"

namespace porwatch::snapshot {

std::vector<Solvency> assess_solvency(const Snapshot& snapshot, std::span<const liabilities::FileResult> files,
                                      std::span<const config::ConfiguredAsset> assets,
                                      const liabilities::Settings& settings);

// Returns: "104.56" for 10456 hundredths.
std::string format_ratio(const Units& hundredths);

// The reserves ÷ liabilities ratio in hundredths of a percent, truncated; nullopt when the
// liabilities are zero.
std::optional<Units> ratio_hundredths(const Units& reserves, unsigned reserves_decimals, const Units& liabilities,
                                      unsigned liabilities_decimals);

// True when reserves ÷ liabilities × 100 < percent_scaled ÷ 10^4 (a percent with 4 decimals),
// exactly. False when the liabilities are zero.
bool ratio_below(const Units& reserves, unsigned reserves_decimals, const Units& liabilities,
                 unsigned liabilities_decimals, const Units& percent_scaled);

// One line: "LTC 150.00 % (proven 150.00 %): reserves 1.5 @ 104 vs liabilities 1.0 (bitmex
// /srv/tree.txt @ 100)"; or the status and reason.
std::string describe(const Solvency& solvency);

// Liability assets with a net above zero that no configured chain scans, from every verified
// file: "USDT 1.42045977 (okx-merkle /srv/okx.txt)", at most `limit`, then "and N more".
std::vector<std::string> uncovered_liabilities(std::span<const liabilities::FileResult> files,
                                               std::span<const config::ConfiguredAsset> assets, std::size_t limit = 5);

// The ratio over every asset with liabilities, valued with the snapshot's prices (the
// AggregateSolvency comment says what is summed and when it is complete). nullopt without a
// valuation or without any verified liabilities file.
std::optional<AggregateSolvency> aggregate_solvency(const Snapshot& snapshot,
                                                    std::span<const config::ConfiguredAsset> assets);

// True when reserves ÷ liabilities × 100 < percent_scaled ÷ 10^4, both values in one unit,
// exactly. False when the liabilities are zero.
bool value_ratio_below(const prices::Value& reserves, const prices::Value& liabilities, const Units& percent_scaled);

// One line: "value 104.56 % (proven 99.20 %): reserves 1234.5 USD vs liabilities 1180.6 USD
// (ETH, LTC)", with "INCOMPLETE; USDT: …" for each asset left out.
std::string describe(const AggregateSolvency& aggregate);

}  // namespace porwatch::snapshot
