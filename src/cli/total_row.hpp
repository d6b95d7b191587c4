// A stored total (store::HistoryRow) as `history` and `status` print it, private to src/cli.
#pragma once

#include <string>

#include "porwatch/store/store.hpp"

namespace porwatch::cli {

// Returns: one JSON object: the total, its evidence (height, block hash), the proven part
// (null when stored before schema 005: unknown, never 0), and with `with_value` the value fields.
std::string total_row_json(const store::HistoryRow& r, bool with_value);

// Returns: the proven amount as decimal text, or "?" when it is unknown (stored before 005).
std::string verified_amount(const store::HistoryRow& r);

}  // namespace porwatch::cli
