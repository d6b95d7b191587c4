#include "test_alert_support.hpp"

using namespace alert_test;

TEST_SUITE("alert")
{
    TEST_CASE("alert::run_cycle drop fires once after `for`, never repeats, resolves once past the hysteresis")
    {
        Harness h({{"drop_percent", "BTC:10"}, {"for", "2"}, {"resolve_percent", "2"}});
        CHECK(h.cycle(complete({total("BTC", "1000")})).empty());
        CHECK(h.state("drop:BTC").phase == AlertPhase::ok);

        CHECK(h.cycle(complete({total("BTC", "890")})).empty());  // 11 % down: pending 1/2
        CHECK(h.state("drop:BTC").phase == AlertPhase::pending);
        CHECK(h.state("drop:BTC").pending_count == 1);
        CHECK(h.state("drop:BTC").reference_units == Units{1000});

        // Still 890: against the previous snapshot that would be 0 %, but the reference is frozen
        // at the level it fell from, so this is the second consecutive low snapshot.
        const auto fired = h.cycle(complete({total("BTC", "890")}));
        REQUIRE(summary(fired) == Lines{"drop:BTC firing"});
        const Payload& p = fired[0].payload;
        CHECK(p.previous_units == "1000");
        CHECK(p.current_units == "890");
        CHECK(p.drop_percent == "11");
        CHECK_FALSE(p.window.has_value());
        CHECK(p.asset == "BTC");
        CHECK(p.chain == "bitcoin");
        CHECK(p.snapshot_id == 3);
        CHECK(p.heights.size() == 1);
        CHECK(h.state("drop:BTC").phase == AlertPhase::firing);
        CHECK(h.state("drop:BTC").delivered_firing);

        CHECK(h.cycle(complete({total("BTC", "880")})).empty());  // stays low: no repeat
        CHECK(h.cycle(complete({total("BTC", "915")})).empty());  // 8.5 %: inside the band
        CHECK(h.state("drop:BTC").phase == AlertPhase::firing);
        const auto resolved = h.cycle(complete({total("BTC", "925")}));  // 7.5 % < 10 − 2
        REQUIRE(summary(resolved) == Lines{"drop:BTC resolved"});
        CHECK(resolved[0].payload.previous_units == "1000");
        CHECK(resolved[0].payload.current_units == "925");
        CHECK(h.state("drop:BTC").phase == AlertPhase::ok);
        CHECK_FALSE(h.state("drop:BTC").reference_units.has_value());
        CHECK(h.cycle(complete({total("BTC", "925")})).empty());
    }

    TEST_CASE("alert::run_cycle a pending drop that does not last returns to ok silently")
    {
        Harness h({{"drop_percent", "BTC:10"}, {"for", "3"}});
        h.cycle(complete({total("BTC", "1000")}));
        CHECK(h.cycle(complete({total("BTC", "800")})).empty());
        CHECK(h.cycle(complete({total("BTC", "800")})).empty());
        CHECK(h.state("drop:BTC").pending_count == 2);
        CHECK(h.cycle(complete({total("BTC", "995")})).empty());
        CHECK(h.state("drop:BTC").phase == AlertPhase::ok);
        CHECK(h.state("drop:BTC").pending_count == 0);
    }

    TEST_CASE("alert::run_cycle drop percent boundaries are exact, even near 2^256")
    {
        Harness h({{"drop_percent", "BTC:10"}});
        h.cycle(complete({total("BTC", "1000")}));
        CHECK(h.cycle(complete({total("BTC", "901")})).empty());  // 9.9 %
        Harness exact({{"drop_percent", "BTC:10"}});
        exact.cycle(complete({total("BTC", "1000")}));
        CHECK(summary(exact.cycle(complete({total("BTC", "900")}))) == Lines{"drop:BTC firing"});

        // Near 2^256 − 1 the cross-multiplication needs 512 bits; the boundary stays exact.
        // max is not a multiple of 10: max − ⌊max/10⌋ is a hair less than a 10 % fall …
        const Units max = std::numeric_limits<Units>::max();
        const auto eth = [](const Units& units) {
            return total("ETH", to_string(units), 18, address::Chain::ethereum);
        };
        Harness big({{"drop_percent", "ETH:10"}});
        big.cycle(complete({eth(max)}));
        CHECK(big.cycle(complete({eth(max - max / 10)})).empty());
        // … and one unit less is a hair more.
        Harness big2({{"drop_percent", "ETH:10"}});
        big2.cycle(complete({eth(max)}));
        const auto n = big2.cycle(complete({eth(max - max / 10 - 1)}));
        REQUIRE(summary(n) == Lines{"drop:ETH firing"});
        CHECK(n[0].payload.drop_percent == "10");
        CHECK(n[0].payload.previous_units == to_string(max));
    }

    TEST_CASE("alert::run_cycle a windowed drop compares with the maximum inside the window")
    {
        Harness h({{"drop_percent", "*:10:1h"}});
        h.interval = 2000;
        h.cycle(complete({total("BTC", "5000")}));
        CHECK(h.cycle(complete({total("BTC", "4700")})).empty());  // 6 %
        // 14 % below 5000, but 5000 is 4000 s old: out of the hour. 8.5 % below 4700.
        CHECK(h.cycle(complete({total("BTC", "4300")})).empty());
        CHECK(h.cycle(complete({total("BTC", "4200")})).empty());
        h.interval = 600;
        const auto n = h.cycle(complete({total("BTC", "3800")}));  // 4300 and 4200 in the hour
        REQUIRE(summary(n) == Lines{"drop:BTC:1h firing"});
        CHECK(n[0].payload.previous_units == "4300");
        CHECK(n[0].payload.drop_percent == "11.6279");
        CHECK(n[0].payload.window == "1h");
        CHECK(n[0].payload.detail.find("(the maximum over 1h; rule 10%)") != std::string::npos);
    }

    TEST_CASE("alert::run_cycle a windowed drop after a gap longer than the window compares with the figure before it")
    {
        Harness h({{"drop_percent", "BTC:10:1h"}});
        h.cycle(complete({total("BTC", "5000")}));
        // The chain is down for 2 h (12 failed cycles), and the reserves were drained meanwhile.
        for (int i = 0; i < 12; ++i) CHECK(h.cycle(failed()).empty());
        const auto n = h.cycle(complete({total("BTC", "1000")}));
        REQUIRE(summary(n) == Lines{"drop:BTC:1h firing"});
        CHECK(n[0].payload.previous_units == "5000");
        CHECK(n[0].payload.drop_percent == "80");
        CHECK(n[0].payload.detail.find("the last figure, at 2023-11-14T22:23:20Z: none within 1h") !=
              std::string::npos);
    }

    TEST_CASE("alert::run_cycle a specific asset rule overrides `*`")
    {
        Harness h({{"drop_percent", "*:50"}, {"drop_percent", "BTC:5"}});
        h.cycle(complete({total("BTC", "1000"), total("LTC", "1000", 8, address::Chain::litecoin)}));
        const auto n = h.cycle(complete({total("BTC", "940"), total("LTC", "600", 8, address::Chain::litecoin)}));
        CHECK(summary(n) == Lines{"drop:BTC firing"});
        CHECK(h.state("drop:LTC").phase == AlertPhase::ok);
    }

    TEST_CASE("alert::run_cycle a failed chain neither causes nor resolves its drops, only stale:CHAIN fires")
    {
        Harness h({{"drop_percent", "BTC:10"}, {"stale_after", "30m"}});
        h.cycle(complete({total("BTC", "1000")}));
        REQUIRE(summary(h.cycle(complete({total("BTC", "500")}))) == Lines{"drop:BTC firing"});

        // The node goes down: failed snapshots. No drop evaluation at all; stale after 30 min.
        CHECK(h.cycle(failed()).empty());  // 10 min
        CHECK(h.cycle(failed()).empty());  // 20 min
        CHECK(summary(h.cycle(failed())) == Lines{"stale:bitcoin firing"});  // 30 min
        CHECK(h.cycle(failed()).empty());  // no repeat
        CHECK(h.state("drop:BTC").phase == AlertPhase::firing);
        CHECK(h.state("stale:bitcoin").last_detail.starts_with("bitcoin: last complete reading at "));

        // Back: the first complete reading resolves both.
        CHECK(summary(h.cycle(complete({total("BTC", "1000")}))) ==
              Lines{"drop:BTC resolved", "stale:bitcoin resolved"});
    }

    TEST_CASE("alert::run_cycle a partial snapshot evaluates the chains that are complete in it")
    {
        Harness h({{"drop_percent", "*:10"}, {"stale_after", "1h"}});
        const auto ltc = [](const char* units) { return total("LTC", units, 8, address::Chain::litecoin); };
        h.cycle(complete({total("BTC", "1000"), ltc("1000")}));
        // Litecoin fails while bitcoin is fine: nothing fires, LTC keeps its state.
        CHECK(h.cycle(partial({total("BTC", "1000"), ltc("1")}, address::Chain::litecoin)).empty());
        // Bitcoin drains while litecoin is still down: the BTC drop fires in the partial snapshot.
        const auto n = h.cycle(partial({total("BTC", "500"), ltc("1")}, address::Chain::litecoin));
        REQUIRE(summary(n) == Lines{"drop:BTC firing"});
        CHECK(n[0].payload.chain == "bitcoin");
        // And a full recovery seen while litecoin is still down resolves it.
        CHECK(summary(h.cycle(partial({total("BTC", "1000")}, address::Chain::litecoin))) ==
              Lines{"drop:BTC resolved"});
        CHECK(h.state("drop:LTC").phase == AlertPhase::ok);
    }

    TEST_CASE("alert::run_cycle stale counts from watch start when no snapshot was ever complete")
    {
        Harness h({{"stale_after", "20m"}});
        CHECK(h.cycle(failed()).empty());
        CHECK(h.cycle(failed()).empty());
        const auto n = h.cycle(failed());
        REQUIRE(summary(n) == Lines{"stale:bitcoin firing"});
        CHECK_FALSE(n[0].payload.asset.has_value());
        CHECK(n[0].payload.chain == "bitcoin");
        CHECK(n[0].payload.heights.empty());  // a failed chain has no pinned block to show
        CHECK(n[0].payload.detail.starts_with("bitcoin: no complete reading since it was first scanned at "
                                              "2023-11-14T22:23:20Z (1200 s ago; stale_after 20m"));
    }

    TEST_CASE("alert::run_cycle floor is exact in the asset's decimals, with hysteresis")
    {
        Harness h({{"floor", "LTC:1000.5"}, {"floor", "*:2"}, {"resolve_percent", "10"}});
        const auto ltc = [](const char* units) { return total("LTC", units, 8, address::Chain::litecoin); };
        const auto eth = [](const char* units) { return total("ETH", units, 18, address::Chain::ethereum); };
        CHECK(h.cycle(complete({ltc("100050000000"), eth("2000000000000000000")})).empty());
        const auto n = h.cycle(complete({ltc("100049999999"), eth("1999999999999999999")}));
        REQUIRE(summary(n) == Lines{"floor:ETH firing", "floor:LTC firing"});
        CHECK(n[1].payload.previous_units == "100050000000");
        CHECK(n[1].payload.current_units == "100049999999");
        CHECK(n[1].payload.detail == "LTC total 1000.49999999 LTC is below the floor 1000.50000000 LTC");
        // Back above the floor but not 10 % above: still firing.
        CHECK(h.cycle(complete({ltc("100050000000"), eth("2100000000000000000")})).empty());
        CHECK(summary(h.cycle(complete({ltc("110055000000"), eth("2200000000000000000")}))) ==
              Lines{"floor:ETH resolved", "floor:LTC resolved"});
    }

    TEST_CASE("alert::run_cycle below_claim honours the tolerance")
    {
        Harness h({{"below_claim", "BTC:1"}});
        auto claimed = [](const char* observed) {
            auto t = total("BTC", observed);
            t.claimed_units = Units{1000};
            return t;
        };
        CHECK(h.cycle(complete({claimed("990")})).empty());  // exactly 1 % below: tolerated
        const auto n = h.cycle(complete({claimed("989")}));
        REQUIRE(summary(n) == Lines{"below_claim:BTC firing"});
        CHECK(n[0].payload.previous_units == "1000");
        CHECK(n[0].payload.drop_percent == "1.1");
        CHECK(summary(h.cycle(complete({claimed("990")}))) == Lines{"below_claim:BTC resolved"});
        // No claim in the files: nothing to compare, the key is not evaluated.
        CHECK(h.cycle(complete({total("BTC", "1")})).empty());
        CHECK(h.state("below_claim:BTC").phase == AlertPhase::ok);
    }

    TEST_CASE("alert::run_cycle below_claim resolve threshold never exceeds the claim")
    {
        Harness h({{"below_claim", "BTC"}, {"resolve_percent", "5"}});
        auto claimed = [](const char* observed) {
            auto t = total("BTC", observed);
            t.claimed_units = Units{1000};
            return t;
        };
        CHECK(summary(h.cycle(complete({claimed("999")}))) == Lines{"below_claim:BTC firing"});
        CHECK(summary(h.cycle(complete({claimed("1000")}))) == Lines{"below_claim:BTC resolved"});
    }
}
