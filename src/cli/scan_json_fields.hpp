// Field writers for the `scan --json` document (json::Writer), shared by its parts
// (scan_output.cpp, scan_valuation.cpp). Private to src/cli.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "porwatch/json/writer.hpp"
#include "porwatch/prices/prices.hpp"
#include "porwatch/util/amount.hpp"
#include "value_output.hpp"

namespace porwatch::cli::scan_json_fields {

using Writer = json::Writer;

inline void str(Writer& w, std::string_view key, std::string_view value)
{
    w.member(key, value);
}
inline void null(Writer& w, std::string_view key)
{
    w.null_member(key);
}
inline void num(Writer& w, std::string_view key, long long value)
{
    w.member(key, value);
}

// `key`: [each item rendered by `json_of` as one JSON object].
template <typename Items, typename Render>
void raw_array(Writer& w, std::string_view key, const Items& items, Render json_of)
{
    w.key(key).begin_array();
    for (const auto& item : items) w.raw(json_of(item));
    w.end_array();
}

// "KEY": ISO 8601 UTC (null past the year 9999) and "KEY_unix": the exact seconds, for a time
// a contract reported (uint256), as add_contract_time writes it for the stored rows.
inline void contract_time(Writer& w, std::string_view key, const Units& seconds)
{
    if (const auto iso = contract_time_iso(seconds))
        str(w, key, *iso);
    else
        null(w, key);
    w.number_member(std::string(key) + "_unix", to_string(seconds));
}

inline void opt_value(Writer& w, std::string_view units_key, std::string_view text_key,
                      const std::optional<prices::Value>& value)
{
    if (value) {
        str(w, units_key, prices::to_string(*value));
        str(w, text_key, prices::format_value(*value));
    } else {
        null(w, units_key);
        null(w, text_key);
    }
}

}  // namespace porwatch::cli::scan_json_fields
