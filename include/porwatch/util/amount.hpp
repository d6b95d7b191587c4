// Exact amounts: integers in base units (satoshi, wei, token units), uint256 wide.
//
// Invariant: no floating-point type is ever used to produce, parse, compare or store an
// amount. Decimal text ("12.3456", a JSON number's text) is parsed digit by digit.
// Thread-safety: pure functions.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <string>
#include <string_view>

#include "porwatch/util/result.hpp"

namespace porwatch {

// 256-bit unsigned, wraps on overflow: use checked_add/checked_mul_pow10 for arithmetic
// on untrusted input.
using Units = boost::multiprecision::uint256_t;

// Parse an unsigned integer in base 10 ("0", "123"). No sign, no spaces, no leading '+'.
// Fails on anything else or on a value above 2^256-1.
Result<Units> parse_units(std::string_view text);

// Parse a decimal coin amount into base units with `decimals` digits after the point:
// parse_decimal("1.5", 8) == 150000000. Accepts "1", "1.", ".5", "1.50000000", and an
// exponent form as JSON numbers may have it ("1e-8", "2.5E3"). Fails on a negative number,
// on more significant fractional digits than `decimals` (it never rounds), on junk, or on
// overflow. Leading/trailing spaces are not accepted: callers trim where a format allows.
Result<Units> parse_decimal(std::string_view text, unsigned decimals);

// Parse a published amount (an exchange's claim) strictly: DIGITS or DIGITS.DIGITS, nothing
// else: no sign, no exponent ("1e3"), no thousands separator ("1,000"), no hex, no spaces,
// no "NaN"/"inf", no bare ".5" or "1.". More fractional digits than `decimals` fail even when
// they are zeros ("1.0000000000000000000" for 18 decimals): a claim is exact as written.
// Fails with the reason; overflow past 2^256-1 fails too.
Result<Units> parse_published_decimal(std::string_view text, unsigned decimals);

// Parse a 0x-prefixed hex quantity (Ethereum JSON-RPC "0x1bc16d674ec80000") or a 32-byte
// ABI word ("0x000…01"). Fails on junk or more than 256 bits.
Result<Units> parse_hex_units(std::string_view text);

// Returns: base units as a decimal string ("123").
std::string to_string(const Units& units);

// Returns: base units rendered as a coin amount with exactly `decimals` fractional digits
// ("1.50000000" for 150000000 with 8), or no point when decimals is 0.
std::string format_decimal(const Units& units, unsigned decimals);

// a + b, failing instead of wrapping past 2^256-1.
Result<Units> checked_add(const Units& a, const Units& b);

}  // namespace porwatch
