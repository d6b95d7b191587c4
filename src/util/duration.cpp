#include "porwatch/util/duration.hpp"

namespace porwatch {

Result<std::int64_t> parse_duration(std::string_view text)
{
    const auto invalid = [&] {
        return Error{"invalid duration '" + std::string(text) + "' (expected e.g. 90s, 30m, 24h, 7d, 2w)"};
    };
    if (text.size() < 2 || text.size() > 10) return invalid();
    std::int64_t unit = 0;
    switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default: return invalid();
    }
    std::int64_t n = 0;
    for (const char c : text.substr(0, text.size() - 1)) {
        if (c < '0' || c > '9') return invalid();
        n = n * 10 + (c - '0');
    }
    if (n == 0) return invalid();
    return n * unit;
}

std::string format_duration(std::int64_t seconds)
{
    if (seconds > 0 && seconds % 86400 == 0) return std::to_string(seconds / 86400) + "d";
    if (seconds > 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
    if (seconds > 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
    return std::to_string(seconds) + "s";
}

}  // namespace porwatch
