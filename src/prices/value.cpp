// The value arithmetic: exact integers, truncated toward zero; no floating-point type.
#include <limits>
#include <algorithm>

#include "porwatch/prices/prices.hpp"

namespace porwatch::prices {

Value value_of(const Units& units, unsigned asset_decimals, const Units& answer, unsigned feed_decimals)
{
    // units × answer × 10^8 / 10^(ad + fd): multiply first, divide once, so nothing is lost
    // before the single truncation. Both inputs are non-negative, so division truncates
    // toward zero.
    const Value product = Value(units) * Value(answer);
    const unsigned divisor_digits = asset_decimals + feed_decimals;
    if (divisor_digits >= kValueDecimals) {
        return product / boost::multiprecision::pow(Value(10), divisor_digits - kValueDecimals);
    }
    return product * boost::multiprecision::pow(Value(10), kValueDecimals - divisor_digits);
}

std::string to_string(const Value& value)
{
    return value.str();
}

std::optional<std::string> to_optional_string(const std::optional<Value>& value)
{
    if (!value) return std::nullopt;
    return to_string(*value);
}

std::string format_value(const Value& value)
{
    std::string digits = value.str();
    if (digits.size() <= kValueDecimals) digits.insert(0, kValueDecimals + 1 - digits.size(), '0');
    return digits.substr(0, digits.size() - kValueDecimals) + "." + digits.substr(digits.size() - kValueDecimals);
}

Result<Value> parse_value(std::string_view text)
{
    if (text.empty() || text.size() > 400 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Error{"not a value in base units: '" + std::string(text.substr(0, 80)) + "'"};
    }
    return Value(std::string(text));
}

std::optional<Units> to_units(const Value& value)
{
    if (value < 0 || value > Value(std::numeric_limits<Units>::max())) return std::nullopt;
    return Units(value);
}

}  // namespace porwatch::prices
