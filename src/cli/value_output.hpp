// Values in `history --value` and `status`, private to src/cli: the value columns of a stored
// total and the total value of each snapshot (schema 007), as table, csv and JSON.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/json/writer.hpp"
#include "porwatch/store/store.hpp"

namespace porwatch::cli {

// Returns: `text` as one csv field (RFC 4180: quoted when it holds ',', '"' or a newline).
std::string csv_field(const std::string& text);

// A time a contract reported (Chainlink's updatedAt: uint256 seconds), written as porwatch writes
// every time in JSON: "KEY" ISO 8601 UTC (null past the year 9999, which no calendar date
// reaches) and "KEY_unix" the exact seconds as a JSON number. A text that is not an unsigned
// integer (never stored by porwatch) is "KEY": null and "KEY_unix": null.
void add_contract_time(json::ObjectWriter& json, std::string_view key, std::string_view seconds_text);

// Returns: the ISO 8601 UTC text of `seconds` when it is a calendar date (year ≤ 9999).
std::optional<std::string> contract_time_iso(const Units& seconds);

// Adds "value_quote","value_units","value","verified_value_units","verified_value" and
// "unpriced_reason" (values null when unpriced or not valued) to a total's JSON object.
void add_value_fields(json::ObjectWriter& json, const store::HistoryRow& row);

// Returns: the total's value text for a table: "123.45678900", "UNPRICED" or "-" (prices not read).
std::string value_cell(const store::HistoryRow& row, bool verified);

// Returns: ",quote,value_units,value,verified_value_units,verified_value,unpriced_reason" for csv.
std::string value_csv(const store::HistoryRow& row);
inline constexpr const char* kValueCsvHeader =
    ",value_quote,value_units,value,verified_value_units,verified_value,unpriced_reason";

// Returns: one snapshot's total value as a JSON object.
std::string value_row_json(const store::ValueRow& row);

// Print the total value of every snapshot as a table (after the per-asset rows).
void print_value_table(const std::vector<store::ValueRow>& rows, std::ostream& out);

// Returns: the csv line of a snapshot's total value in the per-asset layout plus value columns
// (asset "VALUE", chain and amounts empty).
std::string value_total_csv(const store::ValueRow& row);

// The `status` lines: the latest total value and every feed's latest verdict.
void print_status_value(const store::StatusReport& status, std::ostream& out);

// Returns: "latest_value" (object or null) and "latest_prices" (array) for `status --format json`.
void add_status_value(json::ObjectWriter& json, const store::StatusReport& status);

}  // namespace porwatch::cli
