// Rendering of a snapshot for `porwatch scan` (private to src/cli): the --json document and
// the human table. Money is always an integer string (units) plus a decimal string (amount).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "porwatch/json/writer.hpp"
#include "porwatch/snapshot/snapshot.hpp"

namespace porwatch::cli {

struct ScanReport {
    const snapshot::Snapshot& snapshot;  // its `unscanned` lists the rows no source reads
    std::optional<std::int64_t> snapshot_id = std::nullopt;  // set when stored
    // Liability assets no configured chain scans (snapshot::uncovered_liabilities).
    std::vector<std::string> uncovered_liabilities = {};
};

// {"snapshot":{"status","started_at","started_at_unix","finished_at","finished_at_unix",
//  "snapshot_id","stored"},"chains":[…],"totals":[…],"shortfalls":[…],"unscanned":[…],
//  "liabilities":[…],"solvency":[…],"uncovered_liabilities":[…]}
std::string scan_json(const ScanReport& report);

// A table of chains and totals per asset, with height and hash.
std::string scan_table(const ScanReport& report);

// One line on what a chain's balances were proven against, e.g. "proofs sample:64: header
// verified (prague), 64 accounts and 12 token slots proven (76 of 600 balances), 0 failures;
// unproven (no slot): USDT".
std::string proofs_text(const chain::ProofSummary& proofs);

// "prices":[…] and "value":{…} of the JSON document: every feed's verdict with its evidence, and
// the total (scan_valuation.cpp).
void write_valuation_json(json::Writer& writer, const snapshot::Valuation& valuation);

// The value total, the unpriced assets and every feed's verdict, for the table.
std::string valuation_lines(const snapshot::Valuation& valuation);

}  // namespace porwatch::cli
