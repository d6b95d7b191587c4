// VALUE rules (drop_percent, floor, below_claim on VALUE and VALUE:SYMBOL) and price_stale:ASSET:
// parsed, validated at load with FILE:LINE, and evaluated only on complete, priced figures.
#include <doctest/doctest.h>

#include "porwatch/alert/settings.hpp"
#include "porwatch/alert/validate.hpp"
#include "porwatch/snapshot/assemble.hpp"
#include "test_alert_support.hpp"

using namespace alert_test;

namespace {

const std::string kChains = "[litecoin]\nnetwork = regtest\nrpc_url = http://127.0.0.1:1/\n"
                            "[ethereum]\nrpc_url = http://127.0.0.1:2/\nchain_id = 31337\n"
                            "token = USDT:0xdAC17F958D2ee523a2206206994597C13D831ec7:6\n"
                            "[prices]\nfeed = LTC:0x00000000000000000000000000000000000000a1:LTC / USD\n"
                            "feed = ETH:0x00000000000000000000000000000000000000a2\n";

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

// A price book with LTC at `ltc` and ETH at `eth` (8 decimals; nullopt = unpriced: stale).
prices::PriceBook book(std::optional<std::int64_t> ltc, std::optional<std::int64_t> eth)
{
    prices::PriceBook b;
    b.quote = "USD";
    b.pinned = true;
    b.height = 50;
    b.block_hash = "0xbeef";
    for (const auto& [asset, answer] : {std::pair{"LTC", ltc}, std::pair{"ETH", eth}}) {
        prices::AssetPrice p;
        p.asset = asset;
        p.feed = "0x00";
        if (answer) {
            p.status = prices::PriceStatus::priced;
            p.price = prices::Price{"USD", 8, Units(static_cast<std::uint64_t>(*answer)), Units(1), 0, 0};
        } else {
            p.reason = "stale: updated 99999 s before the block";
        }
        b.prices.push_back(p);
    }
    return b;
}

// LTC (units) and ETH (wei) on complete chains, valued with `b`.
Snapshot valued(const std::string& ltc, const std::string& eth, const prices::PriceBook& b)
{
    Snapshot s =
        complete({total("LTC", ltc, 8, address::Chain::litecoin), total("ETH", eth, 18, address::Chain::ethereum)});
    for (auto& t : s.totals) t.verified_units = t.units;
    s.valuation = snapshot::value_totals(s, b);
    return s;
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert::apply_rule_setting parses VALUE and VALUE:SYMBOL selectors")
    {
        Rules rules;
        REQUIRE(apply_rule_setting(rules, "drop_percent", "VALUE:10:24h").ok());
        REQUIRE(apply_rule_setting(rules, "drop_percent", "VALUE:LTC:5:1h:verified").ok());
        REQUIRE(apply_rule_setting(rules, "drop_percent", "LTC:5:1h:verified").ok());  // not a duplicate of VALUE:LTC
        REQUIRE(apply_rule_setting(rules, "floor", "VALUE:1000000.5").ok());
        REQUIRE(apply_rule_setting(rules, "below_claim", "VALUE:verified").ok());
        REQUIRE(apply_rule_setting(rules, "below_claim", "VALUE:ETH:2.5").ok());
        CHECK(rules.drops[0].target == AssetSelector{"", std::nullopt, true});
        CHECK(rules.drops[0].percent.scaled == 100000);
        CHECK(rules.drops[0].window == 86400);
        CHECK(rules.drops[1].target == AssetSelector{"LTC", std::nullopt, true});
        CHECK(rules.drops[1].basis == Basis::verified);
        CHECK(rules.drops[2].target == AssetSelector{"LTC", std::nullopt, false});
        CHECK(rules.floors[0].amount == "1000000.5");
        CHECK(rules.below_claims[0].target.value);
        CHECK(rules.below_claims[0].basis == Basis::verified);
        CHECK(rules.below_claims[1].tolerance.scaled == 25000);
        CHECK(key_asset(rules.drops[1].target) == "VALUE:LTC");
        CHECK_FALSE(apply_rule_setting(rules, "drop_percent", "VALUE:10:24h").ok());  // duplicate
        CHECK_FALSE(apply_rule_setting(rules, "drop_percent", "VALUE:*:10").ok());
        CHECK_FALSE(apply_rule_setting(rules, "drop_percent", "VALUE:LTC@litecoin:10").ok());
        CHECK(match_rank(rules.drops[1].target, "LTC", address::Chain::litecoin) == -1);  // never an asset total
        CHECK(asset_of_key("drop:VALUE:LTC:1h:verified") == "VALUE:LTC");
        CHECK(asset_of_key("drop:VALUE:1d") == "VALUE");
        CHECK(asset_of_key("floor:VALUE") == "VALUE");
        CHECK(asset_of_key("alerts_broken:below_claim:VALUE:ETH") == "VALUE:ETH");
        CHECK(asset_of_key("price_stale:LTC") == "LTC");
    }

    TEST_CASE("alert::load_alert_settings rejects VALUE rules that could not be computed, with FILE:LINE")
    {
        auto ok = load("drop_percent = VALUE:10:24h\nfloor = VALUE:LTC:1000.12345678\nbelow_claim = VALUE:ETH\n");
        REQUIRE_MESSAGE(ok.ok(), ok.error().message);
        CHECK(ok->rules.price_feeds == std::vector<std::string>{"LTC", "ETH"});
        CHECK(error_of("floor = VALUE:LTC:1.123456789\n") ==
              "c.conf:3: alerts: floor = 'VALUE:LTC:1.123456789': a value is exact to 8 decimals: amount '1.123456789' "
              "has more than 8 decimal places");
        CHECK(error_of("drop_percent = VALUE:USDT:5\n") == "c.conf:3: alerts: drop_percent = 'VALUE:USDT:5': no feed "
                                                           "for USDT in [prices] (feed = USDT:ADDRESS[:DESCRIPTION])");
        CHECK(error_of("drop_percent = VALUE:XRP:5\n")
                  .starts_with("c.conf:3: alerts: drop_percent = 'VALUE:XRP:5': no configured chain has asset XRP"));
        const std::string no_prices = "[litecoin]\nnetwork = regtest\nrpc_url = http://127.0.0.1:1/\n";
        auto without = load("drop_percent = VALUE:5\n", no_prices);
        REQUIRE_FALSE(without.ok());
        CHECK(without.error().message == "c.conf:3: alerts: drop_percent = 'VALUE:5': VALUE is the value of priced "
                                         "assets: add a [prices] section with a feed");
    }

    TEST_CASE("alert::evaluate fires drop:VALUE on a price fall and VALUE:SYMBOL per asset")
    {
        Harness h({{"drop_percent", "VALUE:10"}, {"drop_percent", "VALUE:ETH:20"}, {"floor", "VALUE:LTC:100"}});
        h.rules.price_feeds = {"LTC", "ETH"};
        // 2 LTC at 70 USD + 1.5 ETH at 2000 USD = 3140 USD
        CHECK(h.cycle(valued("200000000", "1500000000000000000", book(7'000'000'000, 200'000'000'000))).empty());
        // ETH at 1500 USD: 140 + 2250 = 2390, 23.885 % below 3140; ETH's value 25 % below
        auto n = h.cycle(valued("200000000", "1500000000000000000", book(7'000'000'000, 150'000'000'000)));
        CHECK(summary(n) == Lines{"drop:VALUE firing", "drop:VALUE:ETH firing"});
        const Payload& total = n[0].payload;
        CHECK(total.previous_units == std::optional<std::string>("314000000000"));
        CHECK(total.current_units == std::optional<std::string>("239000000000"));
        CHECK(total.drop_percent == std::optional<std::string>("23.8853"));
        CHECK(total.chain == std::nullopt);
        CHECK(total.asset == std::optional<std::string>("VALUE"));
        REQUIRE(total.value);
        CHECK(total.value->quote == "USD");
        CHECK(total.value->total_units == "239000000000");
        CHECK(total.value->complete);
        CHECK(total.detail.find("2390.00000000 USD") != std::string::npos);
        CHECK(n[1].payload.chain == std::optional<std::string>("ethereum"));
        const std::string json = payload_to_json(total);
        CHECK(json.find(R"("value":{"quote":"USD","decimals":8,"total_units":"239000000000")") != std::string::npos);
        // The LTC floor of 100 USD: 2 LTC at 40 USD = 80 USD
        n = h.cycle(valued("200000000", "1500000000000000000", book(4'000'000'000, 150'000'000'000)));
        CHECK(summary(n) == Lines{"floor:VALUE:LTC firing"});
    }

    TEST_CASE("alert::evaluate keeps VALUE keys when an asset is unpriced: never a drop, never a resolve")
    {
        Harness h({{"drop_percent", "VALUE:10"}, {"stale_after", "30m"}});
        h.rules.price_feeds = {"LTC", "ETH"};
        CHECK(h.cycle(valued("200000000", "1500000000000000000", book(7'000'000'000, 200'000'000'000))).empty());
        // ETH unpriced: the total over priced assets (LTC only) is far lower, but incomplete
        Snapshot s = valued("200000000", "1500000000000000000", book(7'000'000'000, std::nullopt));
        CHECK_FALSE(s.valuation->complete);
        CHECK(s.valuation->total == prices::Value(14'000'000'000));
        CHECK(s.valuation->unpriced.size() == 1);
        CHECK(summary(h.cycle(s)).empty());
        CHECK(h.state("drop:VALUE").phase == AlertPhase::ok);
        // Three cycles of 600 s unpriced: price_stale:ETH fires once stale_after (30m) has passed
        CHECK(summary(h.cycle(s)).empty());
        CHECK(summary(h.cycle(s)) == Lines{"price_stale:ETH firing"});
        CHECK(h.state("price_stale:ETH").last_detail.find("this cycle: unpriced: stale") != std::string::npos);
        // ETH priced again at a lower price: the drop is against the last complete total
        auto n = h.cycle(valued("200000000", "1500000000000000000", book(7'000'000'000, 100'000'000'000)));
        CHECK(summary(n) == Lines{"drop:VALUE firing", "price_stale:ETH resolved"});
    }

    TEST_CASE("alert::evaluate below_claim:VALUE compares the total value with the claims' value")
    {
        Harness h({{"below_claim", "VALUE"}});
        Snapshot s = complete({total("LTC", "200000000", 8, address::Chain::litecoin)});
        s.totals[0].claimed_units = Units(300000000);  // 3 LTC claimed, 2 held
        prices::PriceBook b = book(7'000'000'000, 200'000'000'000);
        b.prices.pop_back();
        s.valuation = snapshot::value_totals(s, b);
        REQUIRE(s.valuation->claimed_total);
        CHECK(*s.valuation->claimed_total == prices::Value(21'000'000'000));
        auto n = h.cycle(s);
        CHECK(summary(n) == Lines{"below_claim:VALUE firing"});
        CHECK(n[0].payload.previous_units == std::optional<std::string>("21000000000"));
    }

    TEST_CASE("alert::evaluate price_stale resolves when the feed is removed or stale_after is off")
    {
        Harness h({{"stale_after", "10m"}});
        h.rules.price_feeds = {"ETH"};
        prices::PriceBook b = book(std::nullopt, std::nullopt);
        b.prices.erase(b.prices.begin());
        Snapshot s = complete({total("ETH", "1", 18, address::Chain::ethereum)});
        s.valuation = snapshot::value_totals(s, b);
        CHECK(summary(h.cycle(s)) == Lines{"price_stale:ETH firing"});  // never usable, 600 s after the start
        h.rules.price_feeds.clear();
        CHECK(summary(h.cycle(s)) == Lines{"price_stale:ETH resolved"});
        CHECK(h.state("price_stale:ETH").last_detail == "no feed for ETH in [prices] any more");
    }
}
