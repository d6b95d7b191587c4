// Per-chain evaluation (issue 9): rules about assets on complete chains are evaluated
// whatever the other chains did, stale is per chain, a key that cannot be computed is an
// alerts_broken alert and never stops the others, the verified basis, and the book split.
#include "test_alert_support.hpp"

using namespace alert_test;

namespace {

AssetTotal ltc(const char* units)
{
    return total("LTC", units, 8, address::Chain::litecoin);
}
AssetTotal eth(const char* units)
{
    return total("ETH", units, 18, address::Chain::ethereum);
}

AssetTotal with_verified(AssetTotal t, const char* verified)
{
    t.verified_units = parse_units(verified).value();
    return t;
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert::run_cycle a floor finer than its asset fires alerts_broken and never stops a 41 % ETH drop")
    {
        // Rules parsed without the config (load_alert_settings rejects this floor): the run-time
        // guard. Before issue 9 run_cycle failed as a whole here and the drop was never delivered.
        Harness h({{"floor", "LTC:1.123456789"}, {"drop_percent", "ETH:10"}});
        const auto first = h.cycle(complete({ltc("500000000"), eth("5000000000000000000")}));
        REQUIRE(summary(first) == Lines{"alerts_broken:floor:LTC firing"});
        CHECK(first[0].payload.asset == "LTC");
        CHECK(first[0].payload.chain == "litecoin");
        CHECK(first[0].payload.units == "500000000");
        CHECK_FALSE(first[0].payload.previous_units.has_value());
        CHECK(first[0].payload.detail ==
              "floor:LTC cannot be computed: floor = 'LTC:1.123456789' for LTC: amount '1.123456789' has more than 8 "
              "decimal places");
        const auto drop = h.cycle(complete({ltc("500000000"), eth("2950000000000000000")}));
        REQUIRE(summary(drop) == Lines{"drop:ETH firing"});  // the broken key does not repeat
        CHECK(drop[0].payload.drop_percent == "41");
        CHECK_FALSE(h.has_state("floor:LTC"));
    }

    TEST_CASE("alert::run_cycle alerts_broken resolves when its key computes again or its rule is removed")
    {
        Harness h({{"floor", "*:0.000000001"}});
        // ETH has 18 decimals: its floor computes; LTC's (8) does not.
        REQUIRE(summary(h.cycle(complete({ltc("1"), eth("1")}))) ==
                Lines{"alerts_broken:floor:LTC firing", "floor:ETH firing"});
        // The config is fixed (a floor that LTC can hold): computed again, resolved.
        h.rules = parse_rules(std::vector<std::pair<std::string, std::string>>{{"floor", "*:0.00000001"}}).value();
        CHECK(summary(h.cycle(complete({ltc("1"), eth("10000000000")}))) ==
              Lines{"alerts_broken:floor:LTC resolved", "floor:ETH resolved"});
        // Broken again, then the floors are removed altogether: both keys resolve.
        h.rules = parse_rules(std::vector<std::pair<std::string, std::string>>{{"floor", "*:0.000000001"}}).value();
        REQUIRE(summary(h.cycle(complete({ltc("1"), eth("1")}))) ==
                Lines{"alerts_broken:floor:LTC firing", "floor:ETH firing"});
        h.rules = Rules{};
        const auto gone = h.cycle(complete({ltc("1"), eth("1")}));
        REQUIRE(summary(gone) == Lines{"alerts_broken:floor:LTC resolved", "floor:ETH resolved"});
        CHECK(gone[1].payload.detail == "the rule behind floor:ETH was removed from the config");
        CHECK(h.cycle(complete({ltc("1"), eth("1")})).empty());
    }

    TEST_CASE("alert::run_cycle one symbol on two chains breaks only that symbol's keys")
    {
        Harness h({{"drop_percent", "*:10"}});
        const auto usdt_eth = total("USDT", "1000", 6, address::Chain::ethereum);
        const auto usdt_tron = total("USDT", "1000", 6, address::Chain::tron);
        h.cycle(complete({usdt_eth, usdt_tron, ltc("1000")}));
        const auto n = h.cycle(complete({usdt_eth, usdt_tron, ltc("500")}));
        REQUIRE(summary(n) == Lines{"drop:LTC firing"});
        CHECK(h.state("alerts_broken:drop:USDT").phase == AlertPhase::firing);
        CHECK(h.state("alerts_broken:drop:USDT").last_detail.find("appears on ethereum, tron") != std::string::npos);
    }

    TEST_CASE(
        "alert::run_cycle stale is per chain, a chain no longer scanned resolves, stale_after = off evaluates nothing")
    {
        Harness h({{"stale_after", "30m"}});
        h.cycle(complete({ltc("1"), eth("1")}));
        CHECK(h.cycle(partial({ltc("1")}, address::Chain::ethereum)).empty());
        CHECK(h.cycle(partial({ltc("1")}, address::Chain::ethereum)).empty());
        const auto n = h.cycle(partial({ltc("1")}, address::Chain::ethereum));
        REQUIRE(summary(n) == Lines{"stale:ethereum firing"});
        CHECK(n[0].payload.chain == "ethereum");
        CHECK(n[0].payload.detail.find("this cycle: failed: connect: 127.0.0.1:1 refused") != std::string::npos);
        CHECK(h.state("stale:litecoin").phase == AlertPhase::ok);
        // The book loses every ETH row: ethereum is no longer scanned, its stale key resolves.
        const auto gone = h.cycle(complete({ltc("1")}));
        REQUIRE(summary(gone) == Lines{"stale:ethereum resolved"});
        CHECK(gone[0].payload.detail == "ethereum is no longer scanned (the book has no rows for it)");

        Harness off({{"stale_after", "off"}});
        CHECK_FALSE(off.rules.stale_after.has_value());
        for (int i = 0; i < 10; ++i) CHECK(off.cycle(failed()).empty());
        CHECK_FALSE(off.has_state("stale:bitcoin"));
    }

    TEST_CASE("alert::run_cycle turning stale_after off resolves a firing stale key")
    {
        Harness h({{"stale_after", "10m"}});
        h.cycle(complete({total("BTC", "1")}));
        REQUIRE(summary(h.cycle(failed())) == Lines{"stale:bitcoin firing"});
        h.rules = parse_rules(std::vector<std::pair<std::string, std::string>>{{"stale_after", "off"}}).value();
        const auto n = h.cycle(failed());
        REQUIRE(summary(n) == Lines{"stale:bitcoin resolved"});
        CHECK(n[0].payload.detail == "stale_after is off");
    }

    TEST_CASE("alert::run_cycle the verified basis compares proven reserves, payloads carry both figures")
    {
        Harness h({{"drop_percent", "BTC:10:verified"},
                   {"drop_percent", "BTC:10"},
                   {"floor", "BTC:700:verified"},
                   {"below_claim", "BTC:verified"}});
        auto claimed = [](const char* units, const char* verified) {
            auto t = with_verified(total("BTC", units, 0), verified);
            t.claimed_units = Units{1000};
            return t;
        };
        CHECK(summary(h.cycle(complete({claimed("1000", "1000")}))).empty());
        // An unverified address receives 100 while a verified one sends 150 away: the whole total
        // is only 5 % lower, the proven part 15 %.
        const auto n = h.cycle(complete({claimed("950", "850")}));
        REQUIRE(summary(n) == Lines{"below_claim:BTC:verified firing", "drop:BTC:verified firing"});
        const Payload& p = n[1].payload;
        CHECK(p.basis == "verified");
        CHECK(p.previous_units == "1000");
        CHECK(p.current_units == "850");
        CHECK(p.units == "950");
        CHECK(p.verified_units == "850");
        CHECK(p.drop_percent == "15");
        CHECK(p.detail.starts_with("BTC verified total 850 BTC is 15% below 1000 BTC"));
        CHECK(h.state("drop:BTC").phase == AlertPhase::ok);
        CHECK(summary(h.cycle(complete({claimed("950", "650")}))) == Lines{"floor:BTC:verified firing"});
        CHECK(h.state("floor:BTC:verified").last_detail == "BTC verified total 650 BTC is below the floor 700 BTC");
    }

    TEST_CASE("alert::run_cycle a verified drop never compares with figures stored without a verified part")
    {
        Harness h({{"drop_percent", "BTC:10:verified"}});
        h.history.push_back(HistoryPoint{h.now - 60, "BTC", address::Chain::bitcoin, Units{1000}, std::nullopt, 1});
        CHECK(h.cycle(complete({with_verified(total("BTC", "1000"), "10")})).empty());
        CHECK(h.state("drop:BTC:verified").last_detail ==
              "no earlier verified figure of BTC on bitcoin to compare with");
        CHECK(summary(h.cycle(complete({with_verified(total("BTC", "1000"), "5")}))) ==
              Lines{"drop:BTC:verified firing"});
    }

    TEST_CASE("alert::run_cycle the book split: shown on a drop, like for like on request, an unreadable split is "
              "alerts_broken")
    {
        BookSplit split;
        split.reference_snapshot_id = 1;
        split.removed_addresses = 1;
        split.removed_units = Units{500};
        split.same_addresses = 3;
        split.same_previous_units = Units{300};
        split.same_current_units = Units{300};
        std::vector<BookSplitQuery> asked;
        CycleInput input;
        input.book_split = [&](const BookSplitQuery& q) -> Result<std::optional<BookSplit>> {
            asked.push_back(q);
            return std::optional<BookSplit>(split);
        };
        Harness book({{"drop_percent", "BTC:10"}});
        book.cycle(complete({total("BTC", "800")}), input);
        CHECK(asked.empty());  // nothing fell: the split is not read
        const auto n = book.cycle(complete({total("BTC", "300")}), input);
        REQUIRE(summary(n) == Lines{"drop:BTC firing"});
        REQUIRE(asked.size() == 1);
        CHECK(asked[0].reference_snapshot_id == 1);
        CHECK(asked[0].chain == address::Chain::bitcoin);
        REQUIRE(n[0].payload.book_change.has_value());
        CHECK(n[0].payload.book_change->removed_units == "500");
        CHECK(n[0].payload.detail.ends_with("book change since snapshot 1: -0.00000500 BTC from 1 removed address(es), "
                                            "+0.00000000 BTC from 0 added, +0.00000000 BTC from balance changes of 3 "
                                            "address(es) in both"));
        CHECK(
            payload_to_json(n[0].payload)
                .find(
                    "\"book_change\":{\"reference_snapshot_id\":1,\"removed_addresses\":1,\"removed_units\":\"500\","
                    "\"added_addresses\":0,\"added_units\":\"0\",\"same_addresses\":3,\"same_previous_units\":\"300\","
                    "\"same_current_units\":\"300\"}") != std::string::npos);

        Harness like({{"drop_percent", "BTC:10"}, {"drop_basis", "same_addresses"}});
        like.cycle(complete({total("BTC", "800")}), input);
        CHECK(like.cycle(complete({total("BTC", "300")}), input).empty());  // the book shrank: no drain
        CHECK(like.state("drop:BTC")
                  .last_detail.starts_with("BTC like for like (3 address(es) in both snapshots) "
                                           "0.00000300 BTC is 0% below 0.00000300 BTC"));

        // The store cannot read the split: alerts_broken, and the drop still compares the whole book.
        CycleInput failing;
        failing.book_split = [](const BookSplitQuery&) -> Result<std::optional<BookSplit>> {
            return Error{"disk I/O error"};
        };
        Harness broken({{"drop_percent", "BTC:10"}, {"drop_basis", "same_addresses"}});
        broken.cycle(complete({total("BTC", "800")}), failing);
        const auto b = broken.cycle(complete({total("BTC", "300")}), failing);
        REQUIRE(summary(b) == Lines{"alerts_broken:drop:BTC firing", "drop:BTC firing"});
        CHECK(b[0].payload.detail == "drop:BTC cannot be computed: reading the book split: disk I/O error");
        CHECK(b[1].payload.detail.ends_with(
            "the book split could not be read; compared on the whole book (like for like unavailable)"));

        // The reference snapshot was thinned: said, and compared on the whole book.
        CycleInput thinned;
        thinned.book_split = [](const BookSplitQuery&) -> Result<std::optional<BookSplit>> {
            return std::optional<BookSplit>();
        };
        Harness gone({{"drop_percent", "BTC:10"}, {"drop_basis", "same_addresses"}});
        gone.cycle(complete({total("BTC", "800")}), thinned);
        const auto g = gone.cycle(complete({total("BTC", "300")}), thinned);
        REQUIRE(summary(g) == Lines{"drop:BTC firing"});
        CHECK(g[0].payload.detail.find("snapshot 1 is no longer stored") != std::string::npos);
    }

    TEST_CASE("alert::run_cycle two snapshots in one second: the later one is the previous figure")
    {
        for (const bool reversed : {false, true}) {
            Harness h({{"drop_percent", "BTC:10"}});
            HistoryPoint first{h.now, "BTC", address::Chain::bitcoin, Units{500}, std::nullopt, 1};
            HistoryPoint second{h.now, "BTC", address::Chain::bitcoin, Units{1000}, std::nullopt, 2};
            h.history = reversed ? std::vector<HistoryPoint>{second, first} : std::vector<HistoryPoint>{first, second};
            CHECK(summary(h.cycle(complete({total("BTC", "500")}))) == Lines{"drop:BTC firing"});
        }
    }
}
