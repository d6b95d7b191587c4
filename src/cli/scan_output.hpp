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
};

// {"snapshot":{…},"chains":[…],"totals":[…],"shortfalls":[…],"unscanned":[…]}
std::string scan_json(const ScanReport& report);

// A table of chains and totals per asset, with height and hash.
std::string scan_table(const ScanReport& report);

// One line on what a chain's balances were proven against, e.g. "proofs sample:64: header
// verified (prague), 64 accounts and 12 token slots proven (76 of 600 balances), 0 failures;
// unproven (no slot): USDT".
std::string proofs_text(const chain::ProofSummary& proofs);

}  // namespace porwatch::cli
