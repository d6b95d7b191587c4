// snapshot::value_totals: every total valued exactly or unpriced with a reason; the total over
// priced assets; complete only when every chain is complete and every total with a feed priced.
#include <doctest/doctest.h>

#include "porwatch/snapshot/assemble.hpp"

using namespace porwatch;

namespace {

snapshot::AssetTotal total(const std::string& asset, address::Chain chain, unsigned decimals, const std::string& units)
{
    snapshot::AssetTotal t;
    t.asset = asset;
    t.chain = chain;
    t.decimals = decimals;
    t.units = parse_units(units).value();
    t.verified_units = t.units / 2;
    return t;
}

prices::AssetPrice priced(const std::string& asset, std::uint64_t answer, unsigned decimals)
{
    prices::AssetPrice p;
    p.asset = asset;
    p.status = prices::PriceStatus::priced;
    p.price = prices::Price{"USD", decimals, Units(answer), Units(1), 0, 0};
    return p;
}

snapshot::ChainResult chain_read(address::Chain c, snapshot::ChainStatus status)
{
    snapshot::ChainResult r;
    r.chain = c;
    r.status = status;
    return r;
}

}  // namespace

TEST_SUITE("snapshot")
{
    TEST_CASE("snapshot::value_totals values units, verified units and claims exactly")
    {
        snapshot::Snapshot s;
        s.chains = {chain_read(address::Chain::bitcoin, snapshot::ChainStatus::complete),
                    chain_read(address::Chain::ethereum, snapshot::ChainStatus::complete)};
        s.totals = {total("BTC", address::Chain::bitcoin, 8, "150000001"),
                    total("ETH", address::Chain::ethereum, 18, "1000000000000000001"),
                    total("USDT", address::Chain::ethereum, 6, "5000000")};
        s.totals[0].claimed_units = Units(200000000);
        prices::PriceBook book;
        book.quote = "USD";
        book.prices = {priced("BTC", 6'500'000'000'000, 8), priced("ETH", 333'333'333'333, 8)};
        const snapshot::Valuation v = snapshot::value_totals(s, book);
        REQUIRE(v.assets.size() == 3);
        // 1.50000001 BTC at 65000 USD = 97500.00065 USD
        CHECK(*v.assets[0].value == prices::Value(9'750'000'065'000));
        CHECK(*v.assets[0].verified_value == prices::Value(150000000) / 2 * 65000);  // 0.75 BTC
        CHECK(*v.assets[0].claimed_value == prices::Value(13'000'000'000'000));
        // 1.000000000000000001 ETH at 3333.33333333 USD: the wei adds 3.3e-15 USD, truncated
        CHECK(*v.assets[1].value == prices::Value(333'333'333'333));
        CHECK_FALSE(v.assets[2].value);
        CHECK(v.assets[2].unpriced_reason == "no feed for USDT in [prices] (feed = USDT:ADDRESS[:DESCRIPTION])");
        CHECK(v.total == prices::Value(9'750'000'065'000) + prices::Value(333'333'333'333));
        CHECK(v.priced == std::vector<std::string>{"BTC", "ETH"});
        REQUIRE(v.unpriced.size() == 1);
        CHECK(v.unpriced[0].first == "USDT");
        CHECK(v.complete);  // USDT has no feed: the total covers everything the config prices
        CHECK(*v.claimed_total == prices::Value(13'000'000'000'000));
    }

    TEST_CASE("snapshot::value_totals is incomplete with a failed chain or an unpriced feed")
    {
        snapshot::Snapshot s;
        s.chains = {chain_read(address::Chain::bitcoin, snapshot::ChainStatus::complete),
                    chain_read(address::Chain::litecoin, snapshot::ChainStatus::failed)};
        s.totals = {total("BTC", address::Chain::bitcoin, 8, "100000000")};
        s.totals[0].claimed_units = Units(1);
        s.totals[0].claim_errors = 1;
        prices::PriceBook book;
        book.quote = "USD";
        book.prices = {priced("BTC", 100, 8)};
        snapshot::Valuation v = snapshot::value_totals(s, book);
        CHECK_FALSE(v.complete);
        CHECK_FALSE(v.claimed_total);  // a claim error: the claims' value is incomplete, not short
        s.chains.pop_back();
        book.prices.front().status = prices::PriceStatus::unpriced;
        book.prices.front().price.reset();
        book.prices.front().reason = "answer is 0 (round 3)";
        v = snapshot::value_totals(s, book);
        CHECK_FALSE(v.complete);
        CHECK(v.total == 0);
        CHECK(v.priced.empty());
        REQUIRE(v.unpriced.size() == 1);
        CHECK(v.unpriced[0].second == "answer is 0 (round 3)");
        CHECK_FALSE(v.assets[0].value);  // unpriced: absent, never 0
    }
}
