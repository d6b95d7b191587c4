// Durations with a unit ("90s", "30m", "24h", "7d", "2w"), see duration.hpp.
#include "porwatch/util/duration.hpp"

#include <optional>

namespace porwatch {
namespace {

// 1 to 9 digits, nothing else.
std::optional<std::int64_t> parse_count(std::string_view text)
{
    if (text.empty() || text.size() > 9) return std::nullopt;
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

Result<std::int64_t> parse_duration(std::string_view text)
{
    const auto invalid = [&] {
        return Error{"invalid duration '" + std::string(text) + "' (expected e.g. 90s, 30m, 24h, 7d, 2w)"};
    };
    if (text.size() < 2) return invalid();
    std::int64_t unit = 0;
    switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default: return invalid();
    }
    const auto n = parse_count(text.substr(0, text.size() - 1));
    if (!n || *n == 0) return invalid();
    return *n * unit;
}

std::string format_duration(std::int64_t seconds)
{
    if (seconds > 0 && seconds % 86400 == 0) return std::to_string(seconds / 86400) + "d";
    if (seconds > 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
    if (seconds > 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
    return std::to_string(seconds) + "s";
}

}  // namespace porwatch
