#include <doctest/doctest.h>

#include "porwatch/util/amount.hpp"

using namespace porwatch;

TEST_SUITE("util")
{
TEST_CASE("util::parse_decimal is exact and never rounds")
{
    CHECK(to_string(parse_decimal("1.5", 8).value()) == "150000000");
    CHECK(to_string(parse_decimal("0.00000001", 8).value()) == "1");
    CHECK(to_string(parse_decimal("21000000", 8).value()) == "2100000000000000");
    CHECK(to_string(parse_decimal("1.", 8).value()) == "100000000");
    CHECK(to_string(parse_decimal(".5", 8).value()) == "50000000");
    CHECK(to_string(parse_decimal("1.50000000000", 8).value()) == "150000000");
    CHECK(to_string(parse_decimal("1e-8", 8).value()) == "1");
    CHECK(to_string(parse_decimal("2.5E3", 0).value()) == "2500");
    CHECK(to_string(parse_decimal("0.1", 18).value()) == "100000000000000000");
    // A value a double cannot hold exactly.
    CHECK(to_string(parse_decimal("12345678901234567.12345678", 8).value()) ==
          "1234567890123456712345678");
    CHECK(parse_decimal("0.000000001", 8).error().message ==
          "amount '0.000000001' has more than 8 decimal places");
    CHECK(parse_decimal("-1", 8).error().message == "negative amount '-1'");
    CHECK_FALSE(parse_decimal("1,5", 8).ok());
    CHECK_FALSE(parse_decimal("", 8).ok());
    CHECK_FALSE(parse_decimal(".", 8).ok());
    CHECK_FALSE(parse_decimal("1.2.3", 8).ok());
    CHECK_FALSE(parse_decimal(" 1", 8).ok());
    CHECK_FALSE(parse_decimal("1e", 8).ok());
}

TEST_CASE("util::parse_units and overflow at 2^256")
{
    const std::string max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    CHECK(to_string(parse_units(max).value()) == max);
    CHECK_FALSE(parse_units("115792089237316195423570985008687907853269984665640564039457584007913129639936").ok());
    CHECK_FALSE(parse_units("-1").ok());
    CHECK_FALSE(parse_units("1.0").ok());
    CHECK_FALSE(checked_add(parse_units(max).value(), Units{1}).ok());
    CHECK(checked_add(Units{2}, Units{3}).value() == Units{5});
}

TEST_CASE("util::parse_hex_units reads JSON-RPC quantities and ABI words")
{
    CHECK(to_string(parse_hex_units("0x1bc16d674ec80000").value()) == "2000000000000000000");
    CHECK(to_string(parse_hex_units("0x0").value()) == "0");
    CHECK(to_string(parse_hex_units(
                        "0x00000000000000000000000000000000000000000000000000000000000004d2")
                        .value()) == "1234");
    CHECK(to_string(parse_hex_units(std::string("0x") + std::string(64, 'f')).value()) ==
          "115792089237316195423570985008687907853269984665640564039457584007913129639935");
    CHECK_FALSE(parse_hex_units(std::string("0x1") + std::string(64, '0')).ok());
    CHECK_FALSE(parse_hex_units("0x").ok());
    CHECK_FALSE(parse_hex_units("12").ok());
    CHECK_FALSE(parse_hex_units("0xzz").ok());
}

TEST_CASE("util::format_decimal")
{
    CHECK(format_decimal(Units{150000000}, 8) == "1.50000000");
    CHECK(format_decimal(Units{1}, 8) == "0.00000001");
    CHECK(format_decimal(Units{0}, 6) == "0.000000");
    CHECK(format_decimal(Units{42}, 0) == "42");
}
}
