// The value syntaxes of the [alerts] keys: percentages (4 fixed decimals), durations, UTC
// timestamps, and the small text helpers rules.cpp shares.
#include <algorithm>
#include <array>

#include "porwatch/alert/rules.hpp"
#include "porwatch/util/duration.hpp"
#include "porwatch/util/amount.hpp"
#include "rule_text.hpp"

namespace porwatch::alert {
namespace detail {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

std::optional<std::int64_t> parse_small_int(std::string_view text, std::size_t max_digits)
{
    if (text.empty() || text.size() > max_digits) return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (!is_digit(c)) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

bool is_plain_decimal(std::string_view text)
{
    return std::any_of(text.begin(), text.end(), is_digit) &&
           std::all_of(text.begin(), text.end(), [](char c) { return is_digit(c) || c == '.'; }) &&
           std::count(text.begin(), text.end(), '.') <= 1;
}

}  // namespace detail

namespace {

using detail::is_digit;
using detail::is_plain_decimal;
using detail::parse_small_int;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The date of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

unsigned days_in_month(std::int64_t y, unsigned m)
{
    static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

Result<Percent> parse_percent(std::string_view text)
{
    auto scaled = parse_decimal(text, kPercentDecimals);
    if (!is_plain_decimal(text) || !scaled)
        return Error{"invalid percent '" + std::string(text) + "' (at most 4 decimals)"};
    if (*scaled > kHundredPercent) return Error{"percent '" + std::string(text) + "' is above 100"};
    return Percent{static_cast<std::uint32_t>(*scaled)};
}

std::string to_string(Percent percent)
{
    std::string text = format_decimal(Units{percent.scaled}, kPercentDecimals);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

Result<std::int64_t> parse_utc_timestamp(std::string_view text)
{
    const auto invalid = [&] {
        return Error{"invalid UTC timestamp '" + std::string(text) + "' (expected YYYY-MM-DDTHH:MM[:SS]Z)"};
    };
    std::string_view rest = text;
    if (rest.ends_with("Z"))
        rest.remove_suffix(1);
    else if (rest.ends_with("+00:00"))
        rest.remove_suffix(6);
    else
        return invalid();
    // YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS
    if (rest.size() != 16 && rest.size() != 19) return invalid();
    if (rest[4] != '-' || rest[7] != '-' || rest[10] != 'T' || rest[13] != ':') return invalid();
    if (rest.size() == 19 && rest[16] != ':') return invalid();
    const auto y = parse_small_int(rest.substr(0, 4), 4);
    const auto mo = parse_small_int(rest.substr(5, 2), 2);
    const auto d = parse_small_int(rest.substr(8, 2), 2);
    const auto h = parse_small_int(rest.substr(11, 2), 2);
    const auto mi = parse_small_int(rest.substr(14, 2), 2);
    const auto s = rest.size() == 19 ? parse_small_int(rest.substr(17, 2), 2) : std::optional<std::int64_t>{0};
    if (!y || !mo || !d || !h || !mi || !s) return invalid();
    if (*mo < 1 || *mo > 12 || *h > 23 || *mi > 59 || *s > 59) return invalid();
    if (*d < 1 || *d > days_in_month(*y, static_cast<unsigned>(*mo))) return invalid();
    const std::int64_t days = days_from_civil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d));
    return days * 86400 + *h * 3600 + *mi * 60 + *s;
}

std::string format_utc_timestamp(std::int64_t seconds)
{
    const std::int64_t days = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
    const std::int64_t rem = seconds - days * 86400;
    std::int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civil_from_days(days, y, m, d);
    const auto two = [](std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    return std::to_string(y) + "-" + two(m) + "-" + two(d) + "T" + two(rem / 3600) + ":" + two(rem / 60 % 60) + ":" +
           two(rem % 60) + "Z";
}

}  // namespace porwatch::alert
