// Internal to src/alert: the small text parsers shared by rules.cpp and rule_values.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace porwatch::alert::detail {

bool is_digit(char c);
// Digits only, at most `max_digits`; nullopt on anything else.
std::optional<std::int64_t> parse_small_int(std::string_view text, std::size_t max_digits);
// Digits with at most one '.', at least one digit: "1", "0.5", "2.", ".5" (no sign, no exponent).
bool is_plain_decimal(std::string_view text);

}  // namespace porwatch::alert::detail
