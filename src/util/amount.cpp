#include "porwatch/util/amount.hpp"

#include <algorithm>
#include <limits>

namespace porwatch {
namespace {

const Units kMax = std::numeric_limits<Units>::max();

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

// value = value * 10 + digit, failing on overflow.
bool push_digit(Units& value, unsigned digit)
{
    if (value > (kMax - digit) / 10) return false;
    value = value * 10 + digit;
    return true;
}

Error overflow(std::string_view text)
{
    return Error{"amount '" + std::string(text) + "' exceeds 2^256-1"};
}

}  // namespace

Result<Units> parse_units(std::string_view text)
{
    if (text.empty()) return Error{"empty integer amount"};
    Units value = 0;
    for (char c : text) {
        if (!is_digit(c)) return Error{"invalid integer amount '" + std::string(text) + "'"};
        if (!push_digit(value, static_cast<unsigned>(c - '0'))) return overflow(text);
    }
    return value;
}

Result<Units> parse_decimal(std::string_view text, unsigned decimals)
{
    const std::string original(text);
    const auto invalid = [&] { return Error{"invalid decimal amount '" + original + "'"}; };
    if (text.empty()) return invalid();
    if (text.front() == '-') return Error{"negative amount '" + original + "'"};
    if (text.front() == '+') text.remove_prefix(1);

    // Split off an exponent (JSON numbers may carry one).
    long long exponent = 0;
    const auto e_pos = text.find_first_of("eE");
    if (e_pos != std::string_view::npos) {
        std::string_view exp_text = text.substr(e_pos + 1);
        text = text.substr(0, e_pos);
        bool negative = false;
        if (!exp_text.empty() && (exp_text.front() == '-' || exp_text.front() == '+')) {
            negative = exp_text.front() == '-';
            exp_text.remove_prefix(1);
        }
        if (exp_text.empty() || exp_text.size() > 4) return invalid();
        for (char c : exp_text) {
            if (!is_digit(c)) return invalid();
            exponent = exponent * 10 + (c - '0');
        }
        if (negative) exponent = -exponent;
    }

    const auto dot = text.find('.');
    const std::string_view int_part = text.substr(0, dot);
    const std::string_view frac_part = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (int_part.empty() && frac_part.empty()) return invalid();

    // All digits, as one integer with `scale` digits after the point.
    std::string digits;
    digits.reserve(int_part.size() + frac_part.size());
    for (char c : int_part) {
        if (!is_digit(c)) return invalid();
        digits.push_back(c);
    }
    for (char c : frac_part) {
        if (!is_digit(c)) return invalid();
        digits.push_back(c);
    }
    // shift = how many decimal places the digits must move left to become base units.
    long long shift = static_cast<long long>(decimals) + exponent - static_cast<long long>(frac_part.size());
    if (shift < 0) {
        // Dropping digits is allowed only if they are zeros: never round money.
        const auto drop = static_cast<std::size_t>(-shift);
        if (drop > digits.size()) {
            if (digits.find_first_not_of('0') != std::string::npos) {
                return Error{"amount '" + original + "' has more than " + std::to_string(decimals) + " decimal places"};
            }
            return Units{0};
        }
        if (digits.find_first_not_of('0', digits.size() - drop) != std::string::npos) {
            return Error{"amount '" + original + "' has more than " + std::to_string(decimals) + " decimal places"};
        }
        digits.resize(digits.size() - drop);
        shift = 0;
    }
    if (shift > 100) return overflow(original);
    Units value = 0;
    for (char c : digits) {
        if (!push_digit(value, static_cast<unsigned>(c - '0'))) return overflow(original);
    }
    for (long long i = 0; i < shift; ++i) {
        if (!push_digit(value, 0)) return overflow(original);
    }
    return value;
}

Result<Units> parse_published_decimal(std::string_view text, unsigned decimals)
{
    const std::string original(text);
    const auto dot = text.find('.');
    const std::string_view int_part = text.substr(0, dot);
    const std::string_view frac_part = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    const auto all_digits = [](std::string_view part) {
        return !part.empty() && std::all_of(part.begin(), part.end(), is_digit);
    };
    if (!all_digits(int_part) || (dot != std::string_view::npos && !all_digits(frac_part))) {
        if (!text.empty() && text.front() == '-') return Error{"negative amount '" + original + "'"};
        return Error{"amount '" + original +
                     "' is not a plain decimal (digits with at most one '.'; "
                     "no sign, exponent, separator or spaces)"};
    }
    if (frac_part.size() > decimals) {
        return Error{"amount '" + original + "' has " + std::to_string(frac_part.size()) +
                     " decimal places; the asset has " + std::to_string(decimals)};
    }
    // Exactly representable: the plain parser does the digit work (no exponent reaches it).
    return parse_decimal(text, decimals);
}

Result<Units> parse_hex_units(std::string_view text)
{
    const std::string original(text);
    if (text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
        return Error{"invalid hex quantity '" + original + "'"};
    }
    text.remove_prefix(2);
    while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
    if (text.size() > 64) return Error{"hex quantity '" + original + "' exceeds 256 bits"};
    Units value = 0;
    for (char c : text) {
        unsigned digit;
        if (c >= '0' && c <= '9')
            digit = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            digit = static_cast<unsigned>(c - 'A' + 10);
        else
            return Error{"invalid hex quantity '" + original + "'"};
        value = value << 4 | digit;
    }
    return value;
}

std::string to_string(const Units& units)
{
    return units.str();
}

std::string format_decimal(const Units& units, unsigned decimals)
{
    std::string digits = units.str();
    if (decimals == 0) return digits;
    if (digits.size() <= decimals) digits.insert(0, decimals - digits.size() + 1, '0');
    digits.insert(digits.size() - decimals, 1, '.');
    return digits;
}

Result<Units> checked_add(const Units& a, const Units& b)
{
    if (a > kMax - b) return Error{"sum exceeds 2^256-1"};
    return a + b;
}

}  // namespace porwatch
