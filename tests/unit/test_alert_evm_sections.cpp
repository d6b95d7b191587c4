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

    TEST_CASE("alert: stale:NAME watches each [evm.NAME] chain apart from [ethereum]")
    {
        // [ethereum] and [evm.arbitrum] both scanned; arbitrum's node goes down.
        const auto with_arbitrum = [](ChainStatus arbitrum) {
            Snapshot s = complete({total("ETH", "5", 18, address::Chain::ethereum)});
            auto section = chain_result(address::Chain::ethereum, arbitrum);
            section.source = "arbitrum";
            s.chains.push_back(section);
            if (arbitrum == ChainStatus::complete) {
                s.totals.push_back(total("ETH@arbitrum", "7", 18, address::Chain::ethereum));
            } else {
                s.status = SnapshotStatus::partial;
            }
            return s;
        };
        Harness h({{"stale_after", "30m"}, {"drop_percent", "*:10"}, {"floor", "ETH:6"}});
        REQUIRE(summary(h.cycle(with_arbitrum(ChainStatus::complete))) == Lines{"floor:ETH firing"});
        CHECK(h.state("stale:arbitrum").phase == AlertPhase::ok);
        CHECK(h.cycle(with_arbitrum(ChainStatus::failed)).empty());
        CHECK(h.cycle(with_arbitrum(ChainStatus::failed)).empty());
        // 30 minutes without a complete arbitrum reading: only arbitrum is stale, and no drop
        // fires for its assets (they are not read, never zero).
        const auto n = h.cycle(with_arbitrum(ChainStatus::failed));
        REQUIRE(summary(n) == Lines{"stale:arbitrum firing"});
        CHECK(n[0].payload.chain == "arbitrum");
        CHECK(n[0].payload.detail.find("arbitrum: last complete reading at") == 0);
        CHECK(h.state("stale:ethereum").phase == AlertPhase::ok);
        CHECK(h.state("drop:ETH@arbitrum").phase == AlertPhase::ok);
        // Read again: resolved.
        REQUIRE(summary(h.cycle(with_arbitrum(ChainStatus::complete))) == Lines{"stale:arbitrum resolved"});
        // The section leaves the config (or the book): its firing key is settled, never left firing.
        h.cycle(with_arbitrum(ChainStatus::failed));
        h.cycle(with_arbitrum(ChainStatus::failed));
        REQUIRE(summary(h.cycle(with_arbitrum(ChainStatus::failed))) == Lines{"stale:arbitrum firing"});
        const auto gone = h.cycle(complete({total("ETH", "5", 18, address::Chain::ethereum)}));
        REQUIRE(summary(gone) == Lines{"stale:arbitrum resolved"});
        CHECK(gone[0].payload.detail == "arbitrum is no longer scanned (the book has no rows for it)");
    }
}
