#include <doctest/doctest.h>

#include "porwatch/util/duration.hpp"

using namespace porwatch;

TEST_SUITE("util")
{
    TEST_CASE("util::parse_duration_seconds: systemd-style units and bare seconds, one syntax everywhere")
    {
        CHECK(parse_duration_seconds("90s").value() == 90);
        CHECK(parse_duration_seconds("10m").value() == 600);
        CHECK(parse_duration_seconds("10min").value() == 600);
        CHECK(parse_duration_seconds("1h").value() == 3600);
        CHECK(parse_duration_seconds("7d").value() == 7 * 86400);
        CHECK(parse_duration_seconds("2w").value() == 14 * 86400);
        CHECK(parse_duration_seconds("3600").value() == 3600);
        CHECK(parse_duration_seconds("0").value() == 0);
        for (const char* bad : {"", "s", "1.5h", "-1s", "+5m", "1h30m", "10x", " 10s", "10 s", "1e3", "9999999999s"}) {
            CAPTURE(bad);
            const auto r = parse_duration_seconds(bad);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().message.find("use 90s, 10m, 1h, 7d, 2w or a number of seconds") != std::string::npos);
        }
        const auto bare = parse_duration_seconds("3600", BareSeconds::refused);
        REQUIRE_FALSE(bare.ok());
        CHECK(bare.error().message == "invalid duration '3600' (use 90s, 10m, 1h, 7d, 2w)");
        CHECK(has_duration_unit("7d"));
        CHECK(has_duration_unit("30min"));
        CHECK_FALSE(has_duration_unit("3600"));
        CHECK_FALSE(has_duration_unit("2026-11-01"));
    }
}
