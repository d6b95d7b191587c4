// Durations as the config writes them: a count and a unit, "90s", "30m", "24h", "7d", "2w".
// Pure. Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "porwatch/util/result.hpp"

namespace porwatch {

// Parse "90s", "30m", "24h", "7d", "2w" into seconds (> 0). A unit is required.
Result<std::int64_t> parse_duration(std::string_view text);
// Render seconds with the largest exact unit: 86400 → "1d", 5400 → "90m", 45 → "45s".
std::string format_duration(std::int64_t seconds);

}  // namespace porwatch
