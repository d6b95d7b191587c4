// Rendering of a snapshot for `porwatch scan` (private to src/cli): the --json document and
// the human table. Money is always an integer string (units) plus a decimal string (amount).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "porwatch/snapshot/snapshot.hpp"

namespace porwatch::cli {

struct ScanReport {
    const snapshot::Snapshot& snapshot;   // its `unscanned` lists the rows no source reads
    // Liability assets no configured chain scans (snapshot::uncovered_liabilities).
    std::vector<std::string> uncovered_liabilities = {};
};

// {"snapshot":{…},"chains":[…],"totals":[…],"shortfalls":[…],"unscanned":[…],
//  "liabilities":[…],"solvency":[…],"uncovered_liabilities":[…]}
std::string scan_json(const ScanReport& report);

// A table of chains and totals per asset, with height and hash.
std::string scan_table(const ScanReport& report);

}  // namespace porwatch::cli
