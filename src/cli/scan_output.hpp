// Rendering of a snapshot for `porwatch scan` (private to src/cli): the --json document and
// the human table. Money is always an integer string (units) plus a decimal string (amount).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "porwatch/snapshot/snapshot.hpp"

namespace porwatch::cli {

struct ScanReport {
    const snapshot::Snapshot& snapshot;   // its `unscanned` lists the rows no source reads
    std::optional<std::int64_t> snapshot_id = std::nullopt;   // set when stored
};

// {"snapshot":{"status","started_at","started_at_unix","finished_at","finished_at_unix",
//  "snapshot_id","stored"},"chains":[…],"totals":[…],"shortfalls":[…],"unscanned":[…]}
std::string scan_json(const ScanReport& report);

// A table of chains and totals per asset, with height and hash.
std::string scan_table(const ScanReport& report);

// One line on what a chain's balances were proven against, e.g. "proofs sample:64: header
// verified (prague), 64 accounts and 12 token slots proven (76 of 600 balances), 0 failures;
// unproven (no slot): USDT".
std::string proofs_text(const chain::ProofSummary& proofs);

}  // namespace porwatch::cli
