#include "porwatch/util/duration.hpp"

#include <array>
#include <optional>
#include <utility>

namespace porwatch {
namespace {

// Units by suffix, longest first so that "min" wins over "m".
constexpr std::array<std::pair<std::string_view, std::int64_t>, 6> kUnits{
    {{"min", 60}, {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}, {"w", 7 * 86400}}};

constexpr std::size_t kMaxDigits = 9;

std::optional<std::int64_t> digits(std::string_view text)
{
    if (text.empty() || text.size() > kMaxDigits) return std::nullopt;
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

bool has_duration_unit(std::string_view text)
{
    for (const auto& [suffix, _] : kUnits) {
        if (text.size() > suffix.size() && text.ends_with(suffix) &&
            digits(text.substr(0, text.size() - suffix.size()))) {
            return true;
        }
    }
    return false;
}

Result<std::int64_t> parse_duration_seconds(std::string_view text, BareSeconds bare)
{
    const auto invalid = [&] {
        return Error{"invalid duration '" + std::string(text) + "' (use 90s, 10m, 1h, 7d, 2w" +
                     (bare == BareSeconds::allowed ? " or a number of seconds)" : ")")};
    };
    if (const auto seconds = digits(text)) {
        if (bare == BareSeconds::refused) return invalid();
        return *seconds;
    }
    for (const auto& [suffix, unit] : kUnits) {
        if (text.size() <= suffix.size() || !text.ends_with(suffix)) continue;
        if (const auto n = digits(text.substr(0, text.size() - suffix.size()))) return *n * unit;
    }
    return invalid();
}

Result<std::int64_t> parse_duration(std::string_view text)
{
    Result<std::int64_t> seconds = parse_duration_seconds(text);
    if (!seconds) return seconds.error();
    if (*seconds == 0) return Error{"invalid duration '" + std::string(text) + "' (must be above 0)"};
    return *seconds;
}

std::string format_duration(std::int64_t seconds)
{
    if (seconds > 0 && seconds % 86400 == 0) return std::to_string(seconds / 86400) + "d";
    if (seconds > 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
    if (seconds > 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
    return std::to_string(seconds) + "s";
}

}  // namespace porwatch
