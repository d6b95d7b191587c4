// The value arithmetic at its edges, checked against integers computed independently
// (boost cpp_int written out by hand, and decimal literals).
#include <doctest/doctest.h>

#include "porwatch/prices/prices.hpp"

using namespace porwatch;
using prices::Value;

namespace {

Value pow10(unsigned n)
{
    Value v = 1;
    for (unsigned i = 0; i < n; ++i) v *= 10;
    return v;
}

Value max256()
{
    return (Value(1) << 256) - 1;
}

}  // namespace

TEST_SUITE("prices")
{
    TEST_CASE("prices::value_of is units x answer / 10^(asset + feed decimals), in 1e-8 quote units")
    {
        // 1.5 ETH at 2000.12345678 USD (8 feed decimals) = 3000.18518517 USD exactly.
        CHECK(prices::value_of(Units("1500000000000000000"), 18, Units(200012345678), 8) == Value(300018518517));
        // 0.00000001 BTC at 0.00000001 USD = 1e-16 USD: truncated to 0, never rounded up.
        CHECK(prices::value_of(Units(1), 8, Units(1), 8) == 0);
        // 0.5 of the smallest value unit truncates toward zero.
        CHECK(prices::value_of(Units(5), 9, Units(1), 8) == 0);
        CHECK(prices::value_of(Units(19), 9, Units(1), 0) == 1);  // 1.9e-8 → 1e-8
    }

    TEST_CASE("prices::value_of with 0 units is 0, and with 0 answer is 0")
    {
        CHECK(prices::value_of(Units(0), 18, Units(200000000000), 8) == 0);
        CHECK(prices::value_of(Units(123), 0, Units(0), 8) == 0);
    }

    TEST_CASE("prices::value_of of 2^256-1 units at the largest int256 answer is exact (past 512 bits)")
    {
        const Units all = std::numeric_limits<Units>::max();
        const Units answer = (Units(1) << 255) - 1;  // the largest positive int256
        const Value expected = max256() * ((Value(1) << 255) - 1) / pow10(18 + 8 - 8);
        CHECK(prices::value_of(all, 18, answer, 8) == expected);
        CHECK(expected > max256());
        CHECK_FALSE(prices::to_units(expected).has_value());
        // 2^256-1 wei at 1 USD (8 decimals): (2^256-1) / 10^18 USD, to 1e-8.
        CHECK(prices::value_of(all, 18, Units(100000000), 8) == max256() / pow10(10));
        CHECK(prices::format_value(prices::value_of(all, 18, Units(100000000), 8)) ==
              "115792089237316195423570985008687907853269984665640564039457.58400791");
    }

    TEST_CASE("prices::value_of with 18 + 8 decimals divides by 10^18 after scaling to 1e-8")
    {
        // 123.456789012345678901 ETH at 1234.56789012 USD
        const Units wei("123456789012345678901");
        const Units answer(123456789012);
        const Value exact = Value(wei) * Value(answer);  // in 10^-26 USD
        CHECK(prices::value_of(wei, 18, answer, 8) == exact / pow10(18));
        CHECK(prices::format_value(prices::value_of(wei, 18, answer, 8)) == "152415.78753196");
    }

    TEST_CASE("prices::value_of of a token with 0 decimals, and feeds with 0 or 18 decimals")
    {
        // 7 whole tokens at 2.5 USD (8 decimals) = 17.5 USD
        CHECK(prices::value_of(Units(7), 0, Units(250000000), 8) == Value(1750000000));
        // 7 tokens at 3 USD from a 0-decimal feed: scaled up by 10^8, nothing lost
        CHECK(prices::value_of(Units(7), 0, Units(3), 0) == Value(2100000000));
        // 1 token (6 decimals) at 0.999 USD from an 18-decimal feed
        CHECK(prices::value_of(Units(1000000), 6, Units("999000000000000000"), 18) == Value(99900000));
        // absurd decimals (255 + 77) do not overflow: the value is 0
        CHECK(prices::value_of(Units(1000), 77, Units(1000), 255) == 0);
    }

    TEST_CASE("prices::format_value and parse_value are exact inverses")
    {
        CHECK(prices::format_value(Value(0)) == "0.00000000");
        CHECK(prices::format_value(Value(5)) == "0.00000005");
        CHECK(prices::format_value(Value(123456789)) == "1.23456789");
        const Value big = max256() * 1000 + 7;
        CHECK(prices::parse_value(prices::to_string(big)).value() == big);
        CHECK_FALSE(prices::parse_value("").ok());
        CHECK_FALSE(prices::parse_value("-1").ok());
        CHECK_FALSE(prices::parse_value("1.5").ok());
        CHECK(prices::to_units(max256()).value() == std::numeric_limits<Units>::max());
    }

    TEST_CASE("prices::parse_pair reads Chainlink's BASE / QUOTE descriptions only")
    {
        CHECK(prices::parse_pair("BTC / USD") == std::pair<std::string, std::string>{"BTC", "USD"});
        CHECK(prices::parse_pair("USDT / USD") == std::pair<std::string, std::string>{"USDT", "USD"});
        CHECK_FALSE(prices::parse_pair("v0.8/tests/MockV3Aggregator.sol"));
        CHECK_FALSE(prices::parse_pair("BTC/USD"));
        CHECK_FALSE(prices::parse_pair("BTC / "));
        CHECK_FALSE(prices::parse_pair("A B / USD"));
        CHECK_FALSE(prices::parse_pair("BTC / USD / EUR"));
    }
}
