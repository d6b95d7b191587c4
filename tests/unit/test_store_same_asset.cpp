// A same_asset sum (USDT@all) in the store: kept under its first member's chain, so that the
// history the alerts compare with (which joins a total to a complete chain row) has it.
#include <doctest/doctest.h>

#include "porwatch/snapshot/assemble.hpp"
#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;

TEST_SUITE("store")
{
    TEST_CASE("store::total_history has a same_asset sum, stored under its first member's chain")
    {
        TempDir dir("same-asset");
        const std::string path = dir.file("s.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        snapshot::Snapshot s;
        s.started_at = 1000;
        s.finished_at = 1001;
        s.status = snapshot::SnapshotStatus::complete;
        s.chains.push_back(test_chain(Chain::ethereum, ChainStatus::complete, 55));
        s.chains.push_back(test_chain(Chain::ethereum, ChainStatus::complete, 77));
        s.chains.back().source = "arbitrum";
        s.totals.push_back(test_total("USDT", Chain::ethereum, 6, "1500000", 1));
        s.totals.push_back(test_total("USDT@arbitrum", Chain::ethereum, 18, "2000000000000000000", 1));
        const std::vector<config::SameAsset> same{{"USDT", {"USDT@arbitrum", "USDT"}, 1}};
        snapshot::add_sums(s, same, {});
        REQUIRE(s.sums.at(0).complete);
        REQUIRE(db->write_snapshot(s, std::nullopt).ok());
        CHECK(sql_one(path, "SELECT chain || ' ' || units FROM asset_totals WHERE asset = 'USDT@all'") ==
              "arbitrum 3500000000000000000");
        auto points = db->total_history(0);
        REQUIRE(points.ok());
        std::vector<std::string> seen;
        for (const auto& p : *points) seen.push_back(p.asset + " " + to_string(p.units));
        std::sort(seen.begin(), seen.end());
        CHECK(seen == std::vector<std::string>{"USDT 1500000", "USDT@all 3500000000000000000",
                                               "USDT@arbitrum 2000000000000000000"});
    }
}
