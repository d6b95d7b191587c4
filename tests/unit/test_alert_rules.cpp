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
        CHECK(parse_duration("24").value() == 24);  // a bare number is seconds (one syntax, issue 18)
        CHECK_FALSE(parse_duration("0").ok());
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
        CHECK_FALSE(parse_utc_timestamp("2024-05-01T02:00:00").ok());  // no zone: ambiguous
        CHECK_FALSE(parse_utc_timestamp("2024-05-01T02:00:00+02:00").ok());  // not UTC
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
        CHECK(rules.drops[0].target.asset == "BTC");
        CHECK(rules.drops[0].percent.scaled == 25000);
        CHECK_FALSE(rules.drops[0].window.has_value());
        CHECK(rules.drops[1].target.asset == "*");
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
        CHECK_FALSE(in_maintenance(rules, 1714536000));  // end is exclusive
        CHECK_FALSE(in_maintenance(rules, 1714528799));
    }

    TEST_CASE(
        "alert::parse_rules defaults: ownership, drift and disputed on, for 1, stale unset until the interval is known")
    {
        const Rules rules = parse({});
        CHECK(rules.ownership);
        CHECK(rules.drift);
        CHECK(rules.disputed);
        CHECK(rules.debounce == 1);
        CHECK(rules.resolve.scaled == 0);
        CHECK_FALSE(rules.stale_after.has_value());
        CHECK_FALSE(rules.stale_explicit);
        CHECK(rules.drop_basis == DropBasis::book);
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
        CHECK(error_of("drop_percent", "BTC") == "alerts: drop_percent = 'BTC': expected ASSET:PCT[:WINDOW][:BASIS]");
        CHECK(error_of("drop_percent", "BTC:0") == "alerts: drop_percent = 'BTC:0': the drop percent must be above 0");
        CHECK(error_of("drop_percent", "BTC:5:1y")
                  .starts_with("alerts: drop_percent = 'BTC:5:1y': invalid duration '1y'"));
        CHECK(error_of("drop_percent", "B$C:5") == "alerts: drop_percent = 'B$C:5': invalid asset 'B$C'");
        CHECK(error_of("floor", "LTC:1e3") == "alerts: floor = 'LTC:1e3': invalid amount '1e3'");
        CHECK(error_of("floor", "LTC:-1") == "alerts: floor = 'LTC:-1': invalid amount '-1'");
        CHECK(error_of("floor", ":1") == "alerts: floor = ':1': missing asset");
        CHECK(error_of("below_claim", "BTC:100") == "alerts: below_claim = 'BTC:100': the tolerance must be below 100");
        CHECK(error_of("for", "0") == "alerts: for = '0': expected a count from 1 to 1000");
        CHECK(error_of("for", "x") == "alerts: for = 'x': expected a count from 1 to 1000");
        CHECK(error_of("resolve_percent", "100") ==
              "alerts: resolve_percent = '100': resolve_percent must be below 100");
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
    TEST_CASE("alert::parse_rules reads bases, SYMBOL@CHAIN, stale_after = off and drop_basis")
    {
        const Rules rules = parse({{"drop_percent", "BTC:5:24h:verified"},
                                   {"drop_percent", "BTC:5:verified"},
                                   {"drop_percent", "BTC:5:all"},
                                   {"drop_percent", "USDT@ethereum:5"},
                                   {"floor", "LTC:10:verified"},
                                   {"below_claim", "*:verified"},
                                   {"below_claim", "ETH:0.5:verified"},
                                   {"stale_after", "off"},
                                   {"drop_basis", "same_addresses"}});
        REQUIRE(rules.drops.size() == 4);
        CHECK(rules.drops[0].basis == Basis::verified);
        CHECK(rules.drops[0].window == 86400);
        CHECK(rules.drops[1].basis == Basis::verified);
        CHECK_FALSE(rules.drops[1].window.has_value());
        CHECK(rules.drops[2].basis == Basis::all);
        CHECK(rules.drops[3].target.asset == "USDT");
        CHECK(rules.drops[3].target.chain == address::Chain::ethereum);
        CHECK(rules.drops[3].source.value == "USDT@ethereum:5");
        CHECK(rules.floors[0].basis == Basis::verified);
        CHECK(rules.below_claims[0].basis == Basis::verified);
        CHECK(rules.below_claims[0].tolerance.scaled == 0);
        CHECK(rules.below_claims[1].tolerance.scaled == 5000);
        CHECK(rules.stale_explicit);
        CHECK_FALSE(rules.stale_after.has_value());
        CHECK(rules.drop_basis == DropBasis::same_addresses);

        CHECK(match_rank(rules.drops[3].target, "USDT", address::Chain::ethereum) == 2);
        CHECK(match_rank(rules.drops[3].target, "USDT", address::Chain::tron) == -1);
        CHECK(match_rank(rules.drops[0].target, "BTC", address::Chain::bitcoin) == 1);
        CHECK(match_rank(AssetSelector{"*", std::nullopt}, "LTC", address::Chain::litecoin) == 0);

        CHECK(error_of("drop_percent", "BTC:5:24h:proven") ==
              "alerts: drop_percent = 'BTC:5:24h:proven': invalid basis 'proven' (expected all or verified)");
        // (A lower-case @name may be an [evm.NAME] section's total, checked against the config at load.)
        CHECK(error_of("drop_percent", "BTC@Dogecoin:5")
                  .starts_with("alerts: drop_percent = 'BTC@Dogecoin:5': unknown chain 'Dogecoin'"));
        CHECK(error_of("floor", "*@ethereum:5") ==
              "alerts: floor = '*@ethereum:5': '*' takes no chain: write SYMBOL@CHAIN");
        CHECK(error_of("drop_basis", "addresses") ==
              "alerts: drop_basis = 'addresses': expected book or same_addresses");
        const std::vector<std::pair<std::string, std::string>> twice{{"stale_after", "1h"}, {"stale_after", "off"}};
        CHECK(parse_rules(twice).error().message == "alerts: stale_after = 'off': stale_after is already set");
        const std::vector<std::pair<std::string, std::string>> both_bases{{"drop_percent", "BTC:5"},
                                                                          {"drop_percent", "BTC:5:verified"}};
        CHECK(parse_rules(both_bases).ok());
        const std::vector<std::pair<std::string, std::string>> dup_basis{{"floor", "BTC:5:verified"},
                                                                         {"floor", "BTC:6:verified"}};
        CHECK(parse_rules(dup_basis).error().message ==
              "alerts: floor = 'BTC:6:verified': a floor for BTC (verified) is already set");
    }

    TEST_CASE("alert::apply_stale_default is max(3 x interval, 30m) unless stale_after was written")
    {
        CHECK(default_stale_after(600) == 1800);
        CHECK(default_stale_after(60) == 1800);
        CHECK(default_stale_after(3600) == 10800);
        Rules unset = parse({});
        apply_stale_default(unset, 3600);
        CHECK(unset.stale_after == 10800);
        Rules off = parse({{"stale_after", "off"}});
        apply_stale_default(off, 3600);
        CHECK_FALSE(off.stale_after.has_value());
        Rules set = parse({{"stale_after", "5m"}});
        apply_stale_default(set, 3600);
        CHECK(set.stale_after == 300);
    }
}
