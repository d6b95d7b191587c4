// Fuzz the exact amount parsers (util/amount.hpp) on any text. Invariants: whatever parses
// renders back (to_string, format_decimal, hex) to text that parses to the same value; a
// published amount (the strict syntax) reads the same through the lenient parser; and
// checked_add fails exactly when the true sum exceeds 2^256-1.
#include <boost/multiprecision/cpp_int.hpp>
#include <cstddef>
#include <cstdint>
#include <ios>
#include <limits>
#include <string>

#include "fuzz_check.hpp"
#include "porwatch/util/amount.hpp"

namespace {

using porwatch::Units;

// 0 (whole units), 6 (USDT), 8 (BTC, LTC), 18 (ETH) and 77, the most that fits: 10^77 < 2^256.
constexpr unsigned kDecimals[] = {0, 6, 8, 18, 77};

void check_decimal(std::string_view text, unsigned decimals)
{
    const auto lenient = porwatch::parse_decimal(text, decimals);
    if (lenient.ok()) {
        const std::string rendered = porwatch::format_decimal(*lenient, decimals);
        const auto again = porwatch::parse_decimal(rendered, decimals);
        FUZZ_CHECK(again.ok() && *again == *lenient);
        const auto strict_again = porwatch::parse_published_decimal(rendered, decimals);
        FUZZ_CHECK(strict_again.ok() && *strict_again == *lenient);
    }
    if (const auto strict = porwatch::parse_published_decimal(text, decimals); strict.ok()) {
        FUZZ_CHECK(lenient.ok() && *lenient == *strict);
    }
}

void check_sum(std::string_view text)
{
    const auto plus = text.find('+');
    if (plus == std::string_view::npos) return;
    const auto a = porwatch::parse_units(text.substr(0, plus));
    const auto b = porwatch::parse_units(text.substr(plus + 1));
    if (!a.ok() || !b.ok()) return;
    using Wide = boost::multiprecision::uint512_t;
    const Wide exact = Wide(*a) + Wide(*b);
    const auto sum = porwatch::checked_add(*a, *b);
    FUZZ_CHECK(sum.ok() == (exact <= Wide((std::numeric_limits<Units>::max)())));
    if (sum.ok()) FUZZ_CHECK(Wide(*sum) == exact);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto text = porwatch::fuzz::as_text(data, size);
    if (const auto units = porwatch::parse_units(text); units.ok()) {
        const auto again = porwatch::parse_units(porwatch::to_string(*units));
        FUZZ_CHECK(again.ok() && *again == *units);
        // A plain integer is a decimal amount with no fractional digits.
        const auto whole = porwatch::parse_decimal(text, 0);
        FUZZ_CHECK(whole.ok() && *whole == *units);
    }
    if (const auto hex = porwatch::parse_hex_units(text); hex.ok()) {
        const auto again = porwatch::parse_hex_units("0x" + hex->str(0, std::ios_base::hex));
        FUZZ_CHECK(again.ok() && *again == *hex);
    }
    for (const unsigned decimals : kDecimals) check_decimal(text, decimals);
    check_sum(text);
    return 0;
}
