// Field writers for the `scan --json` document (RapidJSON's Writer), shared by its parts
// (scan_output.cpp, scan_valuation.cpp). Private to src/cli.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>
#include <string>
#include <string_view>

#include "porwatch/prices/prices.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/utf8.hpp"
#include "value_output.hpp"

namespace porwatch::cli::scan_json_fields {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Every string goes through valid_utf8: a line porwatch prints is always valid JSON.
inline void str(Writer& w, std::string_view key, std::string_view value)
{
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    const std::string clean = valid_utf8(value);
    w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
}

inline void null(Writer& w, std::string_view key)
{
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.Null();
}

inline void num(Writer& w, std::string_view key, long long value)
{
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.Int64(value);
}

// `key`: [each item rendered by `json_of` as one JSON object].
template <typename Items, typename Render>
void raw_array(Writer& w, std::string_view key, const Items& items, Render json_of)
{
    std::string array = "[";
    for (const auto& item : items) array += (array.size() > 1 ? "," : "") + json_of(item);
    array += "]";
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.RawValue(array.data(), array.size(), rapidjson::kArrayType);
}

// "KEY": ISO 8601 UTC (null past the year 9999) and "KEY_unix": the exact seconds, for a time
// a contract reported (uint256), as add_contract_time writes it for the stored rows.
inline void contract_time(Writer& w, std::string_view key, const Units& seconds)
{
    if (const auto iso = contract_time_iso(seconds)) str(w, key, *iso);
    else null(w, key);
    const std::string unix_key = std::string(key) + "_unix";
    const std::string digits = to_string(seconds);
    w.Key(unix_key.data(), static_cast<rapidjson::SizeType>(unix_key.size()));
    w.RawValue(digits.data(), digits.size(), rapidjson::kNumberType);
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
