// Alert rules naming an [evm.NAME] chain's totals (issue 15): USDT@arbitrum is its own key,
// checked against the config at load, and fires apart from [ethereum]'s USDT.
#include "porwatch/snapshot/assemble.hpp"
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

namespace {

// [ethereum]'s USDT (6 decimals) and [evm.bsc]'s (18), declared one asset: the sum USDT@all.
const std::string kSame = "same_asset = USDT@ethereum,USDT@bsc\n[alerts]\n";
const std::string kSameChains = "[ethereum]\nrpc_url = http://127.0.0.1:2/\nchain_id = 31337\n"
                                "token = USDT:0xdAC17F958D2ee523a2206206994597C13D831ec7:6\n"
                                "[evm.bsc]\nrpc_url = http://127.0.0.1:3/\nchain_id = 56\nnative = BNB\n"
                                "token = USDT:0x55d398326f99059fF775485246999027B3197955:18\n";

// USDT `mainnet` (whole USDT) on [ethereum] and `bsc` on [evm.bsc], or bsc's chain failed.
Snapshot same_asset_snapshot(const config::Config& config, const std::string& mainnet, std::optional<std::string> bsc)
{
    Snapshot s;
    s.chains.push_back(chain_result(address::Chain::ethereum, ChainStatus::complete));
    s.chains.push_back(chain_result(address::Chain::ethereum, bsc ? ChainStatus::complete : ChainStatus::failed));
    s.chains.back().source = "bsc";
    s.status = bsc ? SnapshotStatus::complete : SnapshotStatus::partial;
    s.totals.push_back(total("USDT", mainnet + "000000", 6, address::Chain::ethereum));
    s.totals.back().addresses = 1;
    if (bsc) {
        s.totals.push_back(total("USDT@bsc", *bsc + "000000000000000000", 18, address::Chain::ethereum));
        s.totals.back().addresses = 1;
    }
    snapshot::add_sums(s, config.same_assets, config::configured_assets(config));
    return s;
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert: rules name a same_asset sum as SYMBOL@all, and a partial sum never fires a drop")
    {
        auto config =
            config::parse_config(kSame + "floor = USDT@all:1500.000000000000000001\n" + kSameChains, "c.conf");
        REQUIRE_MESSAGE(config.ok(), (config.ok() ? "" : config.error().message));
        // The sum has the members' largest decimals (18): the floor is checked against them.
        auto settings = load_alert_settings(*config);
        REQUIRE_MESSAGE(settings.ok(), (settings.ok() ? "" : settings.error().message));
        CHECK(settings->rules.floors[0].target.asset == "USDT@all");

        Harness h({{"drop_percent", "USDT@all:10"}, {"drop_percent", "USDT:50"}});
        CHECK(h.cycle(same_asset_snapshot(*config, "1000", "1000")).empty());
        // [evm.bsc] fails: no sum at all (never mainnet's 1000 alone, a 50 % "drop").
        const Snapshot down = same_asset_snapshot(*config, "1000", std::nullopt);
        CHECK(
            std::none_of(down.totals.begin(), down.totals.end(), [](const auto& t) { return t.asset == "USDT@all"; }));
        CHECK(h.cycle(down).empty());
        if (h.has_state("drop:USDT@all")) CHECK(h.state("drop:USDT@all").phase == AlertPhase::ok);
        // Back, with BSC's USDT down to 100: 2000 → 1100 is a 45 % drop of the sum; mainnet's
        // USDT alone did not move.
        CHECK(summary(h.cycle(same_asset_snapshot(*config, "1000", "100"))) == Lines{"drop:USDT@all firing"});
    }
}
