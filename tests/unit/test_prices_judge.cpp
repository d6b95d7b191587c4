// prices::judge: each check gives its own reason, in order; only a reading that passes every
// check is a usable price.
#include <doctest/doctest.h>

#include "porwatch/prices/prices.hpp"

using namespace porwatch;

namespace {

constexpr std::int64_t kBlockTime = 1'700'000'000;

config::PricesConfig prices_config(std::optional<std::string> description = std::nullopt)
{
    config::PricesConfig c;
    config::FeedConfig feed;
    feed.asset = "BTC";
    feed.contract = address::parse_evm_address("0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c").value();
    feed.description = std::move(description);
    c.feeds.push_back(feed);
    return c;
}

chain::PriceScan scan_with(std::int64_t answer, std::int64_t updated_at, std::string description = "BTC / USD")
{
    chain::PriceScan scan;
    scan.pinned = true;
    scan.height = 100;
    scan.block_hash = "0x" + std::string(64, 'a');
    scan.block_timestamp = kBlockTime;
    chain::FeedReading r;
    r.asset = "BTC";
    r.feed = "0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c";
    r.status = chain::FeedStatus::read;
    r.decimals = 8;
    r.description = std::move(description);
    chain::FeedRound round;
    round.round_id = Units(42);
    round.answer = chain::SignedUnits{answer < 0, Units(answer < 0 ? -answer : answer)};
    round.started_at = Units(static_cast<std::uint64_t>(updated_at));
    round.updated_at = Units(static_cast<std::uint64_t>(updated_at));
    round.answered_in_round = Units(42);
    r.round = round;
    scan.feeds.push_back(r);
    return scan;
}

std::string reason(const config::PricesConfig& config, const chain::PriceScan& scan)
{
    const prices::PriceBook book = prices::judge(config, scan);
    REQUIRE(book.prices.size() == 1);
    const prices::AssetPrice& p = book.prices.front();
    CHECK((p.status == prices::PriceStatus::priced) == p.reason.empty());
    CHECK(p.price.has_value() == p.reason.empty());
    return p.reason;
}

config::ExactDecimal exact(const std::string& text, unsigned scale)
{
    return config::ExactDecimal{parse_decimal(text, scale).value(), scale, text};
}

}  // namespace

TEST_SUITE("prices")
{
    TEST_CASE("prices::judge accepts a fresh positive answer and takes the quote from the description")
    {
        const prices::PriceBook book = prices::judge(prices_config(), scan_with(6'500'012'345'678, kBlockTime - 60));
        const prices::AssetPrice& p = book.prices.front();
        REQUIRE(p.status == prices::PriceStatus::priced);
        CHECK(p.price->quote == "USD");
        CHECK(p.price->answer == Units(6'500'012'345'678));
        CHECK(p.price->decimals == 8);
        CHECK(p.price->age_s == 60);
        CHECK(p.price->round_id == 42);
        CHECK(prices::describe(p).find("65000.12345678 USD") != std::string::npos);
    }

    TEST_CASE("prices::judge rejects answer 0 and negative answers")
    {
        CHECK(reason(prices_config(), scan_with(0, kBlockTime)) == "answer is 0 (round 42)");
        CHECK(reason(prices_config(), scan_with(-5, kBlockTime)) == "answer -5 is negative (round 42)");
    }

    TEST_CASE("prices::judge rejects updatedAt 0 and an updatedAt after the block")
    {
        CHECK(reason(prices_config(), scan_with(100, 0)) == "updatedAt is 0: the round is not complete");
        CHECK(reason(prices_config(), scan_with(100, kBlockTime + 1)).find("is after the block's timestamp") !=
              std::string::npos);
    }

    TEST_CASE("prices::judge rejects a price older than max_age, and accepts one exactly max_age old")
    {
        config::PricesConfig c = prices_config();
        c.max_age_s = 3600;
        CHECK(reason(c, scan_with(100, kBlockTime - 3600)).empty());
        const std::string stale = reason(c, scan_with(100, kBlockTime - 3601));
        CHECK(stale == "stale: updated 3601 s before the block (updatedAt 1699996399), max_age is 1h");
    }

    TEST_CASE("prices::judge checks exact bounds, inclusive, across decimal scales")
    {
        config::PricesConfig c = prices_config();
        c.bounds.push_back(config::PriceBounds{"BTC", exact("10000.5", 1), exact("70000", 0), 9});
        CHECK(reason(c, scan_with(1'000'050'000'000, kBlockTime)).empty());  // 10000.5 exactly
        CHECK(reason(c, scan_with(1'000'049'999'999, kBlockTime)) ==
              "answer 10000.49999999 USD is below the bound 10000.5 (bounds = BTC:10000.5:70000)");
        CHECK(reason(c, scan_with(7'000'000'000'000, kBlockTime)).empty());  // 70000 exactly
        CHECK(reason(c, scan_with(7'000'000'000'001, kBlockTime)).find("is above the bound 70000") !=
              std::string::npos);
    }

    TEST_CASE("prices::judge matches the configured description exactly and vouches for a non-pair one")
    {
        // Chainlink's own mock: its description names no pair; only a matching DESCRIPTION prices it.
        const std::string mock = "v0.8/tests/MockV3Aggregator.sol";
        CHECK(reason(prices_config(), scan_with(100, kBlockTime, mock)).find("names no BASE / QUOTE pair") !=
              std::string::npos);
        CHECK(reason(prices_config("BTC / USD"), scan_with(100, kBlockTime, mock)) ==
              "description() is 'v0.8/tests/MockV3Aggregator.sol', the config expects 'BTC / USD'");
        const prices::PriceBook book = prices::judge(prices_config(mock), scan_with(100, kBlockTime, mock));
        REQUIRE(book.prices.front().status == prices::PriceStatus::priced);
        CHECK(book.prices.front().price->quote == "USD");
    }

    TEST_CASE("prices::judge rejects a feed of another asset or another quote")
    {
        CHECK(reason(prices_config(), scan_with(100, kBlockTime, "ETH / USD"))
                  .find("the feed prices ETH / USD, not BTC") == 0);
        CHECK(reason(prices_config(), scan_with(100, kBlockTime, "BTC / EUR")) ==
              "the feed quotes BTC / EUR, values are in USD ([prices] quote)");
        // A configured description vouches for the base (WBTC priced with BTC / USD).
        CHECK(reason(prices_config("ETH / USD"), scan_with(100, kBlockTime, "ETH / USD")).empty());
    }

    TEST_CASE("prices::judge keeps an unread or disputed feed unpriced with the reading's reason")
    {
        chain::PriceScan scan = scan_with(100, kBlockTime);
        scan.feeds.front().status = chain::FeedStatus::unread;
        scan.feeds.front().error = "latestRoundData() reverted: execution reverted";
        CHECK(reason(prices_config(), scan) ==
              "the feed could not be read: latestRoundData() reverted: execution reverted");
        scan.feeds.front().status = chain::FeedStatus::disputed;
        scan.feeds.front().error = "endpoints disagree on the feed: a: round 1; b: round 2";
        CHECK(reason(prices_config(), scan) == "endpoints disagree on the feed: a: round 1; b: round 2");
        scan.feeds.clear();
        CHECK(reason(prices_config(), scan) == "the feed was not read");
    }
}
