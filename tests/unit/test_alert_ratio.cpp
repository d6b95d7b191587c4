// ratio_below and liabilities_stale: fire and resolve like the other rules (debounce,
// hysteresis, per asset, one key per basis), alerts_broken when the liabilities did not
// verify, resolved when no liabilities list the asset any more, validated at load.
#include <doctest/doctest.h>

#include "porwatch/alert/settings.hpp"
#include "porwatch/snapshot/solvency.hpp"
#include "test_alert_support.hpp"

using namespace alert_test;
using snapshot::Solvency;
using snapshot::SolvencyStatus;

namespace {

// LTC reserves `units` (proven half of it) against 3.00000000 LTC of BitMEX liabilities at
// `liabilities_height`, read at litecoin height 120.
Snapshot with_ratio(const char* units, std::optional<std::uint64_t> max_age = std::nullopt,
                    std::uint64_t liabilities_height = 110)
{
    Snapshot s = complete({total("LTC", units, 8, address::Chain::litecoin)});
    s.totals[0].verified_units = s.totals[0].units / 2;
    Solvency r;
    r.asset = "LTC";
    r.chain = address::Chain::litecoin;
    r.decimals = 8;
    r.units = s.totals[0].units;
    r.verified_units = s.totals[0].verified_units;
    r.reserves_height = 120;
    r.liabilities_file = "/srv/ltc.txt";
    r.liabilities_format = liabilities::Format::bitmex;
    r.liabilities_height = liabilities_height;
    r.liabilities_units = parse_units("300000000").value();
    r.ratio_hundredths = snapshot::ratio_hundredths(*r.units, 8, *r.liabilities_units, 8);
    r.verified_ratio_hundredths = snapshot::ratio_hundredths(*r.verified_units, 8, *r.liabilities_units, 8);
    if (max_age) {
        r.max_age_blocks = max_age;
        r.age_blocks = 120 - static_cast<std::int64_t>(liabilities_height);
        r.stale = *r.age_blocks > static_cast<std::int64_t>(*max_age);
        if (r.stale) r.stale_reason = "too old";
    }
    s.solvency.push_back(r);
    return s;
}

// The ratio over every asset in value: reserves worth `reserves` (proven: half) against
// liabilities worth 1000.00000000 USD, both in 10^-8 USD.
Snapshot with_value_ratio(const char* reserves, bool complete = true, bool liabilities_failed = false)
{
    Snapshot s = with_ratio("450000000");
    snapshot::AggregateSolvency a;
    a.quote = "USD";
    a.reserves_value = prices::parse_value(reserves).value();
    a.verified_reserves_value = a.reserves_value / 2;
    a.liabilities_value = prices::parse_value("100000000000").value();
    a.ratio_hundredths = prices::to_units(a.reserves_value * 10000 / a.liabilities_value);
    a.verified_ratio_hundredths = prices::to_units(a.verified_reserves_value * 10000 / a.liabilities_value);
    a.included = {"LTC"};
    a.complete = complete;
    a.liabilities_failed = liabilities_failed;
    if (!complete)
        a.excluded = {{"ETH", liabilities_failed ? "liabilities_failed: did not verify" : "unpriced: stale"}};
    s.aggregate_solvency = a;
    return s;
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert::ratio_below fires once, stays quiet while low, resolves once past the hysteresis")
    {
        Harness h{{"ratio_below", "LTC:100"}, {"resolve_percent", "5"}};
        CHECK(summary(h.cycle(with_ratio("450000000"))).empty());  // 150 %
        const auto fired = h.cycle(with_ratio("270000000"));  // 90 %
        CHECK(summary(fired) == Lines{"ratio_below:LTC firing"});
        const auto& p = fired.front().payload;
        CHECK(p.asset == std::optional<std::string>("LTC"));
        CHECK(p.basis == std::optional<std::string>("all"));
        CHECK(p.current_units == std::optional<std::string>("270000000"));
        REQUIRE(p.solvency.has_value());
        CHECK(p.solvency->ratio_percent == std::optional<std::string>("90.00"));
        CHECK(p.solvency->verified_ratio_percent == std::optional<std::string>("45.00"));
        CHECK(p.solvency->threshold_percent == std::optional<std::string>("100"));
        CHECK(p.solvency->liabilities_units == std::optional<std::string>("300000000"));
        CHECK(p.solvency->liabilities_height == std::optional<std::uint64_t>(110));
        CHECK(p.solvency->reserves_height == std::optional<std::uint64_t>(120));
        CHECK(p.detail == "LTC reserves 2.70000000 @ 120 are 90.00% of the net liabilities 3.00000000 LTC (bitmex "
                          "/srv/ltc.txt @ 110; rule 100%)");
        const std::string json = payload_to_json(p);
        CHECK(json.find(
                  R"("solvency":{"ratio_percent":"90.00","verified_ratio_percent":"45.00","threshold_percent":"100",)"
                  R"("liabilities_units":"300000000","liabilities_decimals":8,"liabilities_height":110,)"
                  R"("liabilities_format":"bitmex","liabilities_file":"/srv/ltc.txt","reserves_height":120,)"
                  R"("age_blocks":null,"max_age_blocks":null})") != std::string::npos);
        CHECK(summary(h.cycle(with_ratio("270000000"))).empty());  // stays low: no repeat
        CHECK(summary(h.cycle(with_ratio("309000000"))).empty());  // 103 %: inside the hysteresis
        CHECK(h.state("ratio_below:LTC").phase == AlertPhase::firing);
        CHECK(summary(h.cycle(with_ratio("315000000"))) == Lines{"ratio_below:LTC resolved"});  // 105 %
        CHECK(summary(h.cycle(with_ratio("315000000"))).empty());
    }

    TEST_CASE("alert::ratio_below on proven reserves has its own key, exactly at the threshold is not below")
    {
        Harness h{{"ratio_below", "LTC:100"}, {"ratio_below", "LTC:75:verified"}};
        CHECK(summary(h.cycle(with_ratio("450000000"))).empty());  // 150 %, proven 75 %: not below
        CHECK(summary(h.cycle(with_ratio("449999999"))) == Lines{"ratio_below:LTC:verified firing"});
        CHECK(summary(h.cycle(with_ratio("240000000"))) == Lines{"ratio_below:LTC firing"});
    }

    TEST_CASE("alert::ratio_below honours `for` and never fires on reserves that were not read")
    {
        Harness h{{"ratio_below", "*:100"}, {"for", "2"}};
        CHECK(summary(h.cycle(with_ratio("100000000"))).empty());
        CHECK(h.state("ratio_below:LTC").phase == AlertPhase::pending);
        Snapshot down = partial({}, address::Chain::litecoin);
        Solvency missing = with_ratio("1").solvency.front();
        missing.status = SolvencyStatus::reserves_missing;
        missing.units.reset();
        missing.ratio_hundredths.reset();
        down.solvency.push_back(missing);
        CHECK(summary(h.cycle(down)).empty());
        CHECK(h.state("ratio_below:LTC").phase == AlertPhase::pending);  // kept, not reset
        CHECK(summary(h.cycle(with_ratio("100000000"))) == Lines{"ratio_below:LTC firing"});
    }

    TEST_CASE("alert::ratio_below: liabilities that did not verify are alerts_broken, resolved when they verify again")
    {
        Harness h{{"ratio_below", "LTC:100"}};
        Snapshot bad = with_ratio("450000000");
        bad.solvency[0].status = SolvencyStatus::liabilities_failed;
        bad.solvency[0].reason =
            "liabilities bitmex /srv/ltc.txt did not verify: /srv/ltc.txt:7: digest does not recompute";
        bad.solvency[0].ratio_hundredths.reset();
        const auto broken = h.cycle(bad);
        CHECK(summary(broken) == Lines{"alerts_broken:ratio_below:LTC firing"});
        CHECK(broken.front().payload.detail == "ratio_below:LTC cannot be computed: " + bad.solvency[0].reason);
        CHECK(summary(h.cycle(with_ratio("450000000"))) == Lines{"alerts_broken:ratio_below:LTC resolved"});
    }

    TEST_CASE("alert::ratio_below resolves once when no liabilities list the asset any more")
    {
        Harness h{{"ratio_below", "LTC:100"}};
        CHECK(summary(h.cycle(with_ratio("100000000"))) == Lines{"ratio_below:LTC firing"});
        Snapshot gone = with_ratio("100000000");
        gone.solvency.clear();
        const auto resolved = h.cycle(gone);
        CHECK(summary(resolved) == Lines{"ratio_below:LTC resolved"});
        CHECK(resolved.front().payload.detail == "no configured liabilities list LTC any more");
        CHECK(summary(h.cycle(gone)).empty());
    }

    TEST_CASE("alert::liabilities_stale fires when the liabilities are older than max_age, resolves on newer ones")
    {
        Harness h{};
        CHECK(summary(h.cycle(with_ratio("450000000", 10, 110))).empty());  // 10 blocks old
        CHECK(summary(h.cycle(with_ratio("450000000", 10, 109))) == Lines{"liabilities_stale:LTC firing"});
        CHECK(summary(h.cycle(with_ratio("450000000", 10, 100))).empty());
        CHECK(summary(h.cycle(with_ratio("450000000", 10, 118))) == Lines{"liabilities_stale:LTC resolved"});
        CHECK(summary(h.cycle(with_ratio("450000000", 10, 100))) == Lines{"liabilities_stale:LTC firing"});
        CHECK(summary(h.cycle(with_ratio("450000000"))) == Lines{"liabilities_stale:LTC resolved"});  // max_age removed
        Harness off{{"liabilities_stale", "off"}};
        CHECK(summary(off.cycle(with_ratio("450000000", 10, 100))).empty());
    }

    TEST_CASE("alert::load_alert_settings checks ratio_below at load, with FILE:LINE")
    {
        const std::string chains = "[litecoin]\nnetwork = regtest\nrpc_url = http://127.0.0.1:1/\n";
        const auto load = [&](const std::string& alerts, const std::string& liabilities) {
            auto config = config::parse_config("interval = 60\n[alerts]\n" + alerts + chains + liabilities, "c.conf");
            REQUIRE(config.ok());
            return load_alert_settings(*config);
        };
        const std::string owed = "[liabilities]\nfile = bitmex:/srv/ltc.txt\nasset = LTC\n";
        auto ok = load("ratio_below = LTC:100\nratio_below = LTC:80:verified\nratio_below = *:150.5\n", owed);
        REQUIRE_MESSAGE(ok.ok(), ok.error().message);
        CHECK(ok->rules.ratio_below.size() == 3);
        CHECK(ok->rules.ratio_below[2].percent_scaled == Units(1505000));
        CHECK(load("ratio_below = BTC:100\n", owed)
                  .error()
                  .message.rfind("c.conf:3: alerts: ratio_below = 'BTC:100': no configured chain has asset BTC", 0) ==
              0);
        CHECK(load("ratio_below = LTC:100\n", "").error().message ==
              "c.conf:3: alerts: ratio_below = 'LTC:100': no liabilities are configured ([liabilities] file = "
              "FORMAT:PATH)");
        CHECK(load("ratio_below = LTC:0\n", owed).error().message ==
              "c.conf:3: alerts: ratio_below = 'LTC:0': the ratio must be above 0");
        CHECK(load("ratio_below = LTC:99.12345\n", owed)
                  .error()
                  .message.rfind("c.conf:3: alerts: ratio_below = 'LTC:99.12345': invalid percent", 0) == 0);
        CHECK(load("ratio_below = LTC:100\nratio_below = LTC:90\n", owed).error().message ==
              "c.conf:4: alerts: ratio_below = 'LTC:90': a ratio_below rule for LTC is already set");
        CHECK(load("liabilities_stale = maybe\n", owed).error().message ==
              "c.conf:3: alerts: liabilities_stale = 'maybe': expected on or off");
    }
    TEST_CASE("alert::ratio_below = VALUE:PCT fires and resolves on the ratio in value, only when complete")
    {
        Harness h{{"ratio_below", "VALUE:100"}, {"resolve_percent", "5"}};
        CHECK(summary(h.cycle(with_value_ratio("150000000000"))).empty());  // 150 %
        const auto fired = h.cycle(with_value_ratio("99999999999"));  // 99.99999999 %
        CHECK(summary(fired) == Lines{"ratio_below:VALUE firing"});
        const auto& p = fired.front().payload;
        REQUIRE(p.solvency.has_value());
        CHECK(p.solvency->ratio_percent == std::optional<std::string>("99.99"));
        CHECK(p.solvency->liabilities_units == std::optional<std::string>("100000000000"));
        CHECK(p.solvency->liabilities_format == "value:USD");
        CHECK(p.detail ==
              "the value of reserves 999.99999999 USD are 99.99% of the net liabilities' value 1000.00000000 USD "
              "(LTC; rule 100%)");
        // Incomplete (a price is missing): neither fires again nor resolves; the state holds.
        CHECK(summary(h.cycle(with_value_ratio("200000000000", false))).empty());
        CHECK(h.state("ratio_below:VALUE").phase == AlertPhase::firing);
        CHECK(summary(h.cycle(with_value_ratio("104000000000"))).empty());  // inside the hysteresis
        CHECK(summary(h.cycle(with_value_ratio("105000000000"))) == Lines{"ratio_below:VALUE resolved"});
        // Liabilities that did not verify: the rule cannot be computed, said once.
        const auto broken = h.cycle(with_value_ratio("200000000000", false, true));
        CHECK(summary(broken) == Lines{"alerts_broken:ratio_below:VALUE firing"});
        CHECK(summary(h.cycle(with_value_ratio("200000000000"))) == Lines{"alerts_broken:ratio_below:VALUE resolved"});
        // Per-asset rules never read the value ratio, and the other way round.
        Harness both{{"ratio_below", "LTC:100"}, {"ratio_below", "VALUE:100:verified"}};
        CHECK(summary(both.cycle(with_value_ratio("150000000000"))) == Lines{"ratio_below:VALUE:verified firing"});
    }

    TEST_CASE("alert::load_alert_settings: ratio_below = VALUE needs a feed and takes no symbol")
    {
        const std::string chains = "[litecoin]\nnetwork = regtest\nrpc_url = http://127.0.0.1:1/\n"
                                   "[ethereum]\nrpc_url = http://127.0.0.1:2/\nchain_id = 1\n";
        const std::string owed = "[liabilities]\nfile = bitmex:/srv/ltc.txt\nasset = LTC\n";
        const auto load = [&](const std::string& alerts, const std::string& prices) {
            auto config = config::parse_config("interval = 60\n[alerts]\n" + alerts + chains + owed + prices, "c.conf");
            REQUIRE_MESSAGE(config.ok(), config.error().message);
            return load_alert_settings(*config);
        };
        const std::string feed = "[prices]\nfeed = LTC:0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419\n";
        auto ok = load("ratio_below = VALUE:100\nratio_below = VALUE:90:verified\nratio_below = LTC:100\n", feed);
        REQUIRE_MESSAGE(ok.ok(), ok.error().message);
        CHECK(ok->rules.ratio_below.size() == 3);
        CHECK(ok->rules.ratio_below[0].target.value);
        CHECK(load("ratio_below = VALUE:100\n", "").error().message.find("add a [prices] section with a feed") !=
              std::string::npos);
        CHECK(load("ratio_below = VALUE:LTC:100\n", feed)
                  .error()
                  .message.find("one asset's ratio is ratio_below = SYMBOL:PCT") != std::string::npos);
        CHECK(load("ratio_below = VALUE:100\nratio_below = VALUE:80\n", feed).error().message.find("is already set") !=
              std::string::npos);
    }
}
