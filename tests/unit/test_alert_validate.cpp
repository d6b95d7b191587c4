// Everything that could make an alert rule impossible to compute fails when the config is
// loaded (issue 9): symbols the config does not have, ambiguous symbols, overlapping rules,
// floors finer than the asset's decimals, token symbols that collide with a native coin.
#include <doctest/doctest.h>

#include "porwatch/alert/settings.hpp"
#include "porwatch/alert/validate.hpp"
#include "test_alert_support.hpp"

using namespace porwatch;
using namespace porwatch::alert;

namespace {

const std::string kChains = "[litecoin]\nnetwork = regtest\nrpc_url = http://127.0.0.1:1/\n"
                            "[ethereum]\nrpc_url = http://127.0.0.1:2/\nchain_id = 31337\n"
                            "token = USDT:0xdAC17F958D2ee523a2206206994597C13D831ec7:6\n"
                            "token = WHOLE:0x00000000000000000000000000000000000a11ce:0\n";

// [alerts] first, so that its keys start on line 3 of c.conf.
Result<AlertSettings> load(const std::string& alerts, const std::string& chains = kChains)
{
    return alert_test::load_settings(alerts, chains);
}

std::string error_of(const std::string& alerts)
{
    auto loaded = load(alerts);
    REQUIRE_FALSE(loaded.ok());
    return loaded.error().message;
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert::load_alert_settings rejects every rule that could not be computed, with FILE:LINE")
    {
        auto ok = load("drop_percent = *:10\ndrop_percent = USDT@ethereum:5\nfloor = LTC:1.12345678\n"
                       "floor = *:2\nbelow_claim = ETH:verified\n");
        REQUIRE_MESSAGE(ok.ok(), ok.error().message);
        CHECK(ok->rules.stale_after == 1800);  // interval 60: max(3 × 60 s, 30m)

        CHECK(error_of("for = 2\nfloor = LTC:1.123456789\n") ==
              "c.conf:4: alerts: floor = 'LTC:1.123456789': it applies to LTC on litecoin, which has 8 decimals: "
              "amount '1.123456789' has more than 8 decimal places");
        // A "*" floor applies to every asset without its own: WHOLE has 0 decimals.
        CHECK(error_of("floor = *:0.5\n")
                  .starts_with(
                      "c.conf:3: alerts: floor = '*:0.5': it applies to WHOLE on ethereum, which has 0 decimals"));
        CHECK(load("floor = *:0.5\nfloor = WHOLE:1\n").ok());  // … unless WHOLE has its own
        CHECK(
            error_of("drop_percent = XRP:5\n") ==
            "c.conf:3: alerts: drop_percent = 'XRP:5': no configured chain has asset XRP (configured: LTC on litecoin, "
            "ETH on ethereum, USDT on ethereum, WHOLE on ethereum)");
        CHECK(load("below_claim = usdt\n").ok());  // symbols are case-insensitive (issue 18): USDT's rule
        CHECK(error_of("below_claim = usdx\n")
                  .starts_with("c.conf:3: alerts: below_claim = 'usdx': no configured chain has asset usdx"));
        CHECK(error_of("drop_percent = USDT@tron:5\n")
                  .starts_with("c.conf:3: alerts: drop_percent = 'USDT@tron:5': USDT is not an asset of [tron]"));
        CHECK(
            error_of("drop_percent = USDT:5\ndrop_percent = USDT@ethereum:7\n") ==
            "c.conf:4: alerts: drop_percent = 'USDT@ethereum:7': this rule and the one on line 3 both apply to USDT on "
            "ethereum");
        CHECK(load("drop_percent = USDT:5\ndrop_percent = USDT@ethereum:7:verified\n").ok());  // another basis
        CHECK(error_of("stale_after = 1h\nstale_after = off\n").starts_with("c.conf:4: alerts: stale_after = 'off'"));
        // No [alerts] section at all: staleness is still on by default.
        auto config = config::parse_config("interval = 3600\n" + kChains, "c.conf");
        REQUIRE(config.ok());
        CHECK(load_alert_settings(*config)->rules.stale_after == 10800);
    }

    TEST_CASE("alert::validate_rules: a symbol on two chains needs SYMBOL@CHAIN")
    {
        const std::vector<ConfiguredAsset> assets{{"USDT", address::Chain::ethereum, 6},
                                                  {"USDT", address::Chain::tron, 6}};
        const auto rules = [](const char* value) {
            Rules r;
            REQUIRE(apply_rule_setting(r, "drop_percent", value, 7).ok());
            return r;
        };
        auto ambiguous = validate_rules(rules("USDT:5"), assets, "t.conf");
        REQUIRE_FALSE(ambiguous.ok());
        CHECK(ambiguous.error().message ==
              "t.conf:7: alerts: drop_percent = 'USDT:5': asset USDT is ambiguous: it is on ethereum and tron; write "
              "USDT@ethereum");
        CHECK(validate_rules(rules("USDT@tron:5"), assets, "t.conf").ok());
        CHECK(validate_rules(rules("*:5"), assets, "t.conf").ok());
    }

    TEST_CASE("config::parse_config rejects a token whose symbol collides with a native coin or another token")
    {
        const std::string eth = "[ethereum]\nrpc_url = http://127.0.0.1:2/\nchain_id = 1\n";
        const std::string ltc = "[litecoin]\nnetwork = main\nrpc_url = http://127.0.0.1:1/\n";
        const std::string token = "token = LTC:0x00000000000000000000000000000000000a11ce:18\n";
        auto clash = config::parse_config(ltc + eth + token, "k.conf");
        REQUIRE_FALSE(clash.ok());
        CHECK(clash.error().message == "k.conf:7: token LTC collides with the native asset LTC of [litecoin] (line 1): "
                                       "give the token another symbol");
        CHECK(config::parse_config(eth + token, "k.conf").ok());  // no [litecoin]: no collision
        auto lower =
            config::parse_config(ltc + eth + "token = ltc:0x00000000000000000000000000000000000a11ce:18\n", "k.conf");
        CHECK_FALSE(lower.ok());
        auto eth_token =
            config::parse_config(eth + "token = eth:0x00000000000000000000000000000000000a11ce:18\n", "k.conf");
        REQUIRE_FALSE(eth_token.ok());
        CHECK(eth_token.error().message == "k.conf:4: token needs a symbol other than ETH");
        auto twice = config::parse_config(eth + "token = USDT:0xdAC17F958D2ee523a2206206994597C13D831ec7:6\n"
                                                "token = usdt:0x00000000000000000000000000000000000a11ce:6\n",
                                          "k.conf");
        REQUIRE_FALSE(twice.ok());
        CHECK(twice.error().message == "k.conf:5: token usdt given twice");
    }
}
