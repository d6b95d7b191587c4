// Rendering of reserve ratios and liabilities files for `scan`, `history --ratio` and `status`
// (private to src/cli). Money is an integer string (base units) plus exact decimal text; a
// ratio is "104.56" (percent, truncated to 0.01 %) plus its integer hundredths.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "options.hpp"
#include "porwatch/snapshot/snapshot.hpp"
#include "porwatch/store/store.hpp"

namespace porwatch::cli {

// {"asset","chain","status","reason","ratio_percent","verified_ratio_percent","ratio_hundredths",
//  "verified_ratio_hundredths","units","amount","verified_units","verified_amount","decimals",
//  "reserves_height","reserves_block_hash","liabilities_units","liabilities_amount",
//  "liabilities_decimals","equity_units","debt_units","liabilities_height","liabilities_format",
//  "liabilities_file","liabilities_root","max_age_blocks","age_blocks","stale","stale_reason"}
std::string solvency_json(const snapshot::Solvency& s);
// {"quote","value_decimals","ratio_percent","verified_ratio_percent","ratio_hundredths",
//  "verified_ratio_hundredths","reserves_value_units","reserves_value",…,"liabilities_value",
//  "complete","included":"ETH,LTC","excluded":"USDT: …; …"}: the ratio over every asset in value.
std::string solvency_value_json(const snapshot::AggregateSolvency& a);
// A whole row of `history --ratio --format json`: the above plus snapshot_id, taken_at (ISO 8601
// UTC), taken_at_unix and snapshot_status.
std::string solvency_row_json(const store::SolvencyRow& row);
// {"file","format","sha256","status","error","height","root","nodes","checked","assets":[…],
//  "zk_status","zk_detail"}
std::string liability_file_json(const liabilities::FileResult& f);
std::string liability_file_json(const store::LiabilityFileRow& f);

// The scan table's ratio section: one line per asset, then failed and uncovered liabilities.
std::string solvency_table(const snapshot::Snapshot& snapshot, const std::vector<std::string>& uncovered);

// `history --ratio` in table, csv, json or jsonl.
void print_solvency_history(const std::vector<store::SolvencyRow>& rows, OutputFormat format, std::ostream& out);

}  // namespace porwatch::cli
