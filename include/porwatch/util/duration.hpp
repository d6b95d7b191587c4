// Durations as porwatch's config writes them: "90s", "30m", "24h", "7d", "2w" (a unit is
// required), as whole seconds. Pure; thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "porwatch/util/result.hpp"

namespace porwatch {

// Parse "90s", "30m", "24h", "7d", "2w" into seconds (> 0; at most 9 digits before the unit).
// Fails naming the text.
Result<std::int64_t> parse_duration(std::string_view text);

// Render seconds with the largest exact unit: 86400 → "1d", 5400 → "90m", 45 → "45s".
std::string format_duration(std::int64_t seconds);

}  // namespace porwatch
