#include <doctest/doctest.h>

#include "porwatch/alert/rules.hpp"

using namespace porwatch;
using namespace porwatch::alert;

namespace {

Rules parse(std::vector<std::pair<std::string, std::string>> settings)
{
    auto rules = parse_rules(settings);
    REQUIRE_MESSAGE(rules.ok(), (rules.ok() ? "" : rules.error().message));
    return *rules;
}

std::string error_of(std::string key, std::string value)
{
    const std::vector<std::pair<std::string, std::string>> settings{{key, value}};
    auto rules = parse_rules(settings);
    REQUIRE_FALSE(rules.ok());
    return rules.error().message;
}

}  // namespace

TEST_SUITE("alert")
{
TEST_CASE("alert::parse_percent is exact to 4 decimals and never rounds")
{
    CHECK(parse_percent("2.5").value().scaled == 25000);
    CHECK(parse_percent("10").value().scaled == 100000);
    CHECK(parse_percent("0.0001").value().scaled == 1);
    CHECK(parse_percent("100").value().scaled == kHundredPercent);
    CHECK_FALSE(parse_percent("0.00001").ok());
    CHECK_FALSE(parse_percent("100.0001").ok());
    CHECK_FALSE(parse_percent("-1").ok());
    CHECK_FALSE(parse_percent("1e1").ok());
    CHECK_FALSE(parse_percent("+5").ok());
    CHECK_FALSE(parse_percent("").ok());
    CHECK(to_string(Percent{25000}) == "2.5");
    CHECK(to_string(Percent{100000}) == "10");
    CHECK(to_string(Percent{1}) == "0.0001");
    CHECK(to_string(Percent{0}) == "0");
}

TEST_CASE("alert::parse_duration and format_duration")
{
    CHECK(parse_duration("90s").value() == 90);
    CHECK(parse_duration("30m").value() == 1800);
    CHECK(parse_duration("24h").value() == 86400);
    CHECK(parse_duration("7d").value() == 604800);
    CHECK(parse_duration("2w").value() == 1209600);
    CHECK_FALSE(parse_duration("0h").ok());
    CHECK_FALSE(parse_duration("24").ok());
    CHECK_FALSE(parse_duration("h").ok());
    CHECK_FALSE(parse_duration("1.5h").ok());
    CHECK_FALSE(parse_duration("-1h").ok());
    CHECK_FALSE(parse_duration("9999999999d").ok());
    CHECK(format_duration(86400) == "1d");
    CHECK(format_duration(5400) == "90m");
    CHECK(format_duration(7200) == "2h");
    CHECK(format_duration(45) == "45s");
}

TEST_CASE("alert::parse_utc_timestamp round-trips and rejects non-UTC or impossible dates")
{
    CHECK(parse_utc_timestamp("1970-01-01T00:00:00Z").value() == 0);
    CHECK(parse_utc_timestamp("2024-05-01T02:00:00Z").value() == 1714528800);
    CHECK(parse_utc_timestamp("2024-05-01T02:00Z").value() == 1714528800);
    CHECK(parse_utc_timestamp("2024-05-01T02:00:00+00:00").value() == 1714528800);
    CHECK(parse_utc_timestamp("2024-02-29T23:59:59Z").value() == 1709251199);
    CHECK_FALSE(parse_utc_timestamp("2023-02-29T00:00:00Z").ok());
    CHECK_FALSE(parse_utc_timestamp("2024-05-01T02:00:00").ok());       // no zone: ambiguous
    CHECK_FALSE(parse_utc_timestamp("2024-05-01T02:00:00+02:00").ok()); // not UTC
    CHECK_FALSE(parse_utc_timestamp("2024-13-01T00:00:00Z").ok());
    CHECK_FALSE(parse_utc_timestamp("2024-05-01 02:00:00Z").ok());
    CHECK(format_utc_timestamp(1714528800) == "2024-05-01T02:00:00Z");
    CHECK(format_utc_timestamp(1709251199) == "2024-02-29T23:59:59Z");
    CHECK(format_utc_timestamp(0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("alert::parse_rules reads every rule key")
{
    const Rules rules = parse({{"drop_percent", "BTC:2.5"},
                               {"drop_percent", "*:10:24h"},
                               {"floor", "LTC:1000.5"},
                               {"below_claim", "*"},
                               {"below_claim", "USDT:0.5"},
                               {"stale_after", "1h"},
                               {"for", "3"},
                               {"resolve_percent", "1.5"},
                               {"maintenance", "2024-05-01T02:00:00Z/2024-05-01T04:00:00Z"},
                               {"ownership", "off"},
                               {"drift", "on"},
                               {"disputed", "false"}});
    REQUIRE(rules.drops.size() == 2);
    CHECK(rules.drops[0].asset == "BTC");
    CHECK(rules.drops[0].percent.scaled == 25000);
    CHECK_FALSE(rules.drops[0].window.has_value());
    CHECK(rules.drops[1].asset == "*");
    CHECK(rules.drops[1].window == 86400);
    REQUIRE(rules.floors.size() == 1);
    CHECK(rules.floors[0].amount == "1000.5");
    REQUIRE(rules.below_claims.size() == 2);
    CHECK(rules.below_claims[0].tolerance.scaled == 0);
    CHECK(rules.below_claims[1].tolerance.scaled == 5000);
    CHECK(rules.stale_after == 3600);
    CHECK(rules.debounce == 3);
    CHECK(rules.resolve.scaled == 15000);
    REQUIRE(rules.maintenance.size() == 1);
    CHECK(rules.maintenance[0].end - rules.maintenance[0].start == 7200);
    CHECK_FALSE(rules.ownership);
    CHECK(rules.drift);
    CHECK_FALSE(rules.disputed);
    CHECK(history_horizon(rules) == 86400);
    CHECK(in_maintenance(rules, 1714528800));
    CHECK(in_maintenance(rules, 1714536000 - 1));
    CHECK_FALSE(in_maintenance(rules, 1714536000));   // end is exclusive
    CHECK_FALSE(in_maintenance(rules, 1714528799));
}

TEST_CASE("alert::parse_rules defaults: ownership, drift and disputed on; for 1; no stale")
{
    const Rules rules = parse({});
    CHECK(rules.ownership);
    CHECK(rules.drift);
    CHECK(rules.disputed);
    CHECK(rules.debounce == 1);
    CHECK(rules.resolve.scaled == 0);
    CHECK_FALSE(rules.stale_after.has_value());
    CHECK(history_horizon(rules) == 0);
    CHECK(is_rule_key("drop_percent"));
    CHECK(is_rule_key("for"));
    CHECK_FALSE(is_rule_key("hook"));
    CHECK_FALSE(is_rule_key("webhook"));
}

TEST_CASE("alert::parse_rules errors name the key and the value")
{
    CHECK(error_of("drop_percent", "BTC:abc") ==
          "alerts: drop_percent = 'BTC:abc': invalid percent 'abc' (at most 4 decimals)");
    CHECK(error_of("drop_percent", "BTC") == "alerts: drop_percent = 'BTC': expected ASSET:PCT[:WINDOW]");
    CHECK(error_of("drop_percent", "BTC:0") == "alerts: drop_percent = 'BTC:0': the drop percent must be above 0");
    CHECK(error_of("drop_percent", "BTC:5:1y").starts_with("alerts: drop_percent = 'BTC:5:1y': invalid duration '1y'"));
    CHECK(error_of("drop_percent", "B$C:5") == "alerts: drop_percent = 'B$C:5': invalid asset 'B$C'");
    CHECK(error_of("floor", "LTC:1e3") == "alerts: floor = 'LTC:1e3': invalid amount '1e3'");
    CHECK(error_of("floor", "LTC:-1") == "alerts: floor = 'LTC:-1': invalid amount '-1'");
    CHECK(error_of("floor", ":1") == "alerts: floor = ':1': missing asset");
    CHECK(error_of("below_claim", "BTC:100") == "alerts: below_claim = 'BTC:100': the tolerance must be below 100");
    CHECK(error_of("for", "0") == "alerts: for = '0': expected a count from 1 to 1000");
    CHECK(error_of("for", "x") == "alerts: for = 'x': expected a count from 1 to 1000");
    CHECK(error_of("resolve_percent", "100") == "alerts: resolve_percent = '100': resolve_percent must be below 100");
    CHECK(error_of("maintenance", "2024-05-01T04:00:00Z/2024-05-01T02:00:00Z") ==
          "alerts: maintenance = '2024-05-01T04:00:00Z/2024-05-01T02:00:00Z': the window ends before it starts");
    CHECK(error_of("maintenance", "2024-05-01T04:00:00Z").ends_with("expected START/END"));
    CHECK(error_of("ownership", "maybe") == "alerts: ownership = 'maybe': expected on or off");
    CHECK(error_of("hook", "/bin/true") == "alerts: hook = '/bin/true': unknown alert rule key");
}

TEST_CASE("alert::parse_rules rejects a duplicate rule for the same asset and window")
{
    const std::vector<std::pair<std::string, std::string>> dup_drop{{"drop_percent", "BTC:5:24h"},
                                                                    {"drop_percent", "BTC:10:1d"}};
    CHECK(parse_rules(dup_drop).error().message ==
          "alerts: drop_percent = 'BTC:10:1d': a drop rule for BTC with this window is already set");
    const std::vector<std::pair<std::string, std::string>> two_windows{{"drop_percent", "BTC:5"},
                                                                       {"drop_percent", "BTC:10:24h"}};
    CHECK(parse_rules(two_windows).ok());
    const std::vector<std::pair<std::string, std::string>> dup_floor{{"floor", "*:1"}, {"floor", "*:2"}};
    CHECK_FALSE(parse_rules(dup_floor).ok());
}
}
