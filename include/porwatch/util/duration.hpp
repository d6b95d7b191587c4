// One duration syntax for every key and option that takes a length of time (interval,
// jitter, timeouts, stale_after, retry_*, give_up_after, message_max_age, alert windows,
// [prices] max_age, --since 7d): systemd-style "90s", "10m" (or "10min"), "1h", "7d", "2w", or
// a bare integer meaning seconds ("3600"). One number and one unit; no fractions, no sign.
//
// Pure. Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "porwatch/util/result.hpp"

namespace porwatch {

// Whether a bare integer (no unit) is accepted as seconds.
enum class BareSeconds {
    allowed,
    refused
};

// Parse a duration into seconds (>= 0; at most 9 digits before the unit). Fails with
// "invalid duration '…' (use 90s, 10m, 1h, 7d, 2w or a number of seconds)".
Result<std::int64_t> parse_duration_seconds(std::string_view text, BareSeconds bare = BareSeconds::allowed);

// parse_duration_seconds for lengths that cannot be zero (alert windows, stale_after, the
// [prices] max_age): "0" and "0h" fail with "invalid duration '…' (must be above 0)".
Result<std::int64_t> parse_duration(std::string_view text);

// Returns: true when `text` ends in a duration unit ("7d", "30min"), i.e. is a relative time.
bool has_duration_unit(std::string_view text);

// Render seconds with the largest exact unit: 86400 → "1d", 5400 → "90m", 45 → "45s". The
// result always carries a unit, so it parses back with BareSeconds::refused.
std::string format_duration(std::int64_t seconds);

}  // namespace porwatch
