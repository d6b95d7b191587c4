// The [prices] section: feeds, max_age, bounds and quote, validated with FILE:LINE.
#include <doctest/doctest.h>

#include "porwatch/config/config.hpp"

using namespace porwatch;

namespace {

const std::string kChains = "[bitcoin]\nnetwork = main\nrpc_url = http://127.0.0.1:1\n"
                            "[ethereum]\nrpc_url = http://127.0.0.1:2\nchain_id = 1\n"
                            "token = USDT:0xdAC17F958D2ee523a2206206994597C13D831ec7:6\n";

Result<config::Config> parse(const std::string& prices, const std::string& chains = kChains)
{
    return config::parse_config(chains + "[prices]\n" + prices, "p.conf");
}

std::string error_of(const std::string& prices, const std::string& chains = kChains)
{
    auto c = parse(prices, chains);
    REQUIRE_FALSE(c.ok());
    return c.error().message;
}

}  // namespace

TEST_SUITE("config")
{
    TEST_CASE("config::parse_config reads [prices] feeds, max_age, bounds and quote")
    {
        auto c = parse("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c:BTC / USD\n"
                       "feed = usdt:0x3E7d1eAB13ad0104d2750B8863b489D65364e32D\n"
                       "feed = ETH:0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419:v0.8/tests/Mock:V3.sol\n"
                       "max_age = 90m\n"
                       "max_age = usdt:25h\n"
                       "bounds = USDT:0.95:1.05\n"
                       "quote = USD\n");
        REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message));
        REQUIRE(c->prices);
        const auto& p = *c->prices;
        REQUIRE(p.feeds.size() == 3);
        CHECK(p.feeds[0].asset == "BTC");
        CHECK(p.feeds[0].contract.text == "0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c");
        CHECK(p.feeds[0].description == std::optional<std::string>("BTC / USD"));
        CHECK(p.feeds[1].asset == "USDT");  // the configured spelling, matched in any case
        CHECK_FALSE(p.feeds[1].description);
        CHECK(p.feeds[2].description == std::optional<std::string>("v0.8/tests/Mock:V3.sol"));
        CHECK(p.max_age_s == 5400);
        CHECK(p.max_age_for("USDT") == 25 * 3600);
        CHECK(p.max_age_for("BTC") == 5400);
        REQUIRE(p.bounds.size() == 1);
        CHECK(p.bounds[0].min.scaled == 95);
        CHECK(p.bounds[0].min.scale == 2);
        CHECK(p.bounds[0].max.scaled == 105);
        CHECK(config::find_feed(p, "USDT") == &p.feeds[1]);
        CHECK(config::find_feed(p, "LTC") == nullptr);
    }

    TEST_CASE("config::parse_config defaults max_age to 3h and quote to USD")
    {
        auto c = parse("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\n");
        REQUIRE(c.ok());
        CHECK(c->prices->max_age_s == 3 * 3600);
        CHECK(c->prices->quote == "USD");
        CHECK_FALSE(config::parse_config(kChains, "p.conf")->prices);
        // max_age takes the one duration syntax: bare seconds too.
        auto bare =
            parse("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nmax_age = 7200\nmax_age = BTC:90min\n");
        REQUIRE_MESSAGE(bare.ok(), (bare.ok() ? "" : bare.error().message));
        CHECK(bare->prices->max_age_s == 7200);
        CHECK(bare->prices->max_age_for("BTC") == 5400);
    }

    TEST_CASE("config::parse_config rejects bad [prices] values with FILE:LINE")
    {
        // The [prices] header is line 8; its first key line 9.
        CHECK(error_of("feed = LTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\n") ==
              "p.conf:9: prices: no configured chain has asset 'LTC' (configured: BTC, ETH, USDT)");
        CHECK(error_of("feed = BTC:0x1234\n").find("p.conf:9: prices: feed address: ") == 0);
        CHECK(error_of("feed = BTC\n") == "p.conf:9: prices: feed must be ASSET:ADDRESS[:DESCRIPTION], got 'BTC'");
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c:\n").find("DESCRIPTION is empty") !=
              std::string::npos);
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\n"
                       "feed = btc:0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419\n") ==
              "p.conf:10: prices: a feed for BTC is already set");
        // The one duration syntax (util/duration.hpp): a bare number is seconds, a zero age is refused.
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nmax_age = 3y\n")
                  .find("p.conf:10: prices: max_age: invalid duration '3y'") == 0);
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nmax_age = 0\n") ==
              "p.conf:10: prices: max_age: invalid duration '0' (must be above 0)");
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nmax_age = 1h\nmax_age = 2h\n")
                  .find("p.conf:11: prices: max_age is already set (line 10)") == 0);
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nmax_age = ETH:2h\n") ==
              "p.conf:10: prices: max_age for ETH, which has no feed");
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nbounds = ETH:1:2\n") ==
              "p.conf:10: prices: bounds for ETH, which has no feed");
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nbounds = BTC:2:1.5\n") ==
              "p.conf:10: prices: bounds MIN 2 is above MAX 1.5");
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nbounds = BTC:1e3:2\n")
                  .find("p.conf:10: prices: bounds MIN '1e3' is not an exact decimal") == 0);
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nbounds = BTC:-1:2\n")
                  .find("is not an exact decimal") != std::string::npos);
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nquote = usd\n")
                  .find("p.conf:10: prices: quote must be a currency code") == 0);
        CHECK(error_of("max_age = 1h\n") ==
              "p.conf:8: prices: [prices] needs at least one feed = ASSET:ADDRESS[:DESCRIPTION]");
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\nfeeds = x\n") ==
              "p.conf:10: unknown key 'feeds' in section [prices]");
    }

    TEST_CASE("config::parse_config needs [ethereum] for [prices]")
    {
        const std::string btc_only = "[bitcoin]\nnetwork = main\nrpc_url = http://127.0.0.1:1\n";
        CHECK(error_of("feed = BTC:0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c\n", btc_only) ==
              "p.conf:4: prices: [prices] reads its feeds through the [ethereum] endpoints: add an [ethereum] section");
    }
}
