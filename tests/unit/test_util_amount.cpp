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
        CHECK(to_string(parse_decimal("12345678901234567.12345678", 8).value()) == "1234567890123456712345678");
        CHECK(parse_decimal("0.000000001", 8).error().message == "amount '0.000000001' has more than 8 decimal places");
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
        CHECK(
            to_string(parse_hex_units("0x00000000000000000000000000000000000000000000000000000000000004d2").value()) ==
            "1234");
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

TEST_SUITE("util")
{
    TEST_CASE("util::parse_published_decimal accepts only plain exact decimals")
    {
        CHECK(to_string(parse_published_decimal("1", 18).value()) == "1000000000000000000");
        CHECK(to_string(parse_published_decimal("0.000000000000000001", 18).value()) == "1");
        CHECK(to_string(parse_published_decimal("007.50", 8).value()) == "750000000");
        CHECK(to_string(parse_published_decimal("12345678901234567.12345678", 8).value()) ==
              "1234567890123456712345678");
        // Everything a published claim must not be, each with the reason.
        CHECK(parse_published_decimal("1e3", 8).error().message.find("is not a plain decimal") != std::string::npos);
        CHECK(parse_published_decimal("-1", 8).error().message == "negative amount '-1'");
        CHECK(parse_published_decimal("1.0000000000000000001", 18).error().message ==
              "amount '1.0000000000000000001' has 19 decimal places; the asset has 18");
        CHECK(parse_published_decimal("1.0000000000000000000", 18).error().message.find("19 decimal places") !=
              std::string::npos);  // exact as written: trailing zeros past the decimals are not silently dropped
        for (const char* bad : {"1,000", "0x10", "NaN", "nan", "inf", "+1", " 1", "1 ", ".5", "1.", "", ".", "1.2.3",
                                "1_000", "1e-8", "2.5E3", "１"}) {
            CAPTURE(bad);
            CHECK_FALSE(parse_published_decimal(bad, 8).ok());
        }
        // 2^300 does not fit 256 bits: an error, never wrapped.
        const std::string two_300 =
            "2037035976334486086268445688409378161051468393665936250636140449354381299763336706183397376";
        CHECK(parse_published_decimal(two_300, 0).error().message.find("exceeds 2^256-1") != std::string::npos);
        // The node parser keeps accepting what JSON numbers carry.
        CHECK(to_string(parse_decimal("1e3", 0).value()) == "1000");
    }
}
