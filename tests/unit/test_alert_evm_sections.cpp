// Alert rules naming an [evm.NAME] chain's totals (issue 15): USDT@arbitrum is its own key,
// checked against the config at load, and fires apart from [ethereum]'s USDT.
#include "test_alert_support.hpp"

using namespace alert_test;

namespace {

const std::string kChains = "[ethereum]\nrpc_url = http://127.0.0.1:2/\nchain_id = 31337\n"
                            "token = USDT:0xdAC17F958D2ee523a2206206994597C13D831ec7:6\n"
                            "[evm.arbitrum]\nrpc_url = http://127.0.0.1:3/\nchain_id = 42161\n"
                            "token = USDT:0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9:6\n";

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert: rules name an [evm.NAME] chain's total as SYMBOL@NAME")
    {
        auto ok = load_settings("floor = USDT@arbitrum:5\ndrop_percent = ETH@arbitrum:10\nfloor = USDT:7\n", kChains);
        REQUIRE_MESSAGE(ok.ok(), ok.error().message);
        CHECK(ok->rules.floors[0].target.asset == "USDT@arbitrum");
        CHECK_FALSE(ok->rules.floors[0].target.chain);
        auto other = load_settings("floor = USDT@optimism:5\n", kChains);
        REQUIRE_FALSE(other.ok());
        CHECK(other.error().message.find("no configured chain has asset USDT@optimism") != std::string::npos);
        // USDT@arbitrum has 6 decimals, as its token line says.
        CHECK_FALSE(load_settings("floor = USDT@arbitrum:0.0000001\n", kChains).ok());

        Harness h({{"floor", "USDT@arbitrum:5"}, {"floor", "USDT:7"}});
        const auto fired = h.cycle(complete({total("USDT", "9000000", 6, address::Chain::ethereum),
                                             total("USDT@arbitrum", "4000000", 6, address::Chain::ethereum)}));
        CHECK(summary(fired) == Lines{"floor:USDT@arbitrum firing"});
    }
}
