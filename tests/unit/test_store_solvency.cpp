// Schema 008: the liabilities files and ratios of a snapshot are stored with it, read back
// exactly by history --ratio and status, and rendered exactly by the plain-SQL views.
#include <doctest/doctest.h>

#include "porwatch/snapshot/solvency.hpp"
#include "test_liabilities_support.hpp"
#include "test_prices_support.hpp"
#include "test_store_support.hpp"

using namespace porwatch;
using porwatch::test::sql_one;
using porwatch::test::sql_rows;
using porwatch::test::TempDir;
using porwatch::test::test_chain;
using porwatch::test::test_total;
using porwatch::test::verified_bitmex_tree;

namespace {

snapshot::Snapshot snapshot_with_ratios(std::int64_t at, const char* eth_wei)
{
    snapshot::Snapshot s;
    s.started_at = at;
    s.finished_at = at + 1;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains = {test_chain(address::Chain::litecoin, snapshot::ChainStatus::complete, 150),
                test_chain(address::Chain::ethereum, snapshot::ChainStatus::complete, 80)};
    s.totals = {test_total("LTC", address::Chain::litecoin, 8, "450000000", 1),
                test_total("ETH", address::Chain::ethereum, 18, eth_wei, 1)};
    const liabilities::FileResult bitmex = verified_bitmex_tree("/srv/ltc.txt", 4, Units(300000000));
    liabilities::FileResult okx;
    okx.spec = {liabilities::Format::okx_merkle, "/srv/okx.txt", 5};
    okx.sha256 = "bb";
    okx.error = "/srv/okx.txt:25: hash \xff does not recompute";  // not UTF-8: stored as U+FFFD
    okx.zk_status = liabilities::ZkStatus::failed;
    okx.zk_detail = "'result: Err(InvalidProof)' (exit 0)";
    s.liabilities = {bitmex, okx};
    liabilities::Settings settings;
    settings.bitmex_asset = "LTC";
    settings.max_age_blocks = 5;
    const std::vector<config::ConfiguredAsset> assets{{"LTC", address::Chain::litecoin, 8},
                                                      {"ETH", address::Chain::ethereum, 18}};
    s.solvency = snapshot::assess_solvency(s, s.liabilities, assets, settings);
    return s;
}

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store::write_snapshot stores ratios and liabilities files, solvency_history and status read them back")
    {
        TempDir dir("solvency");
        const std::string path = dir.file("porwatch.db");
        auto store = store::Store::open(path);
        REQUIRE(store.ok());
        REQUIRE(
            store->write_snapshot(snapshot_with_ratios(1'700'000'000, "1000000000000000000000000"), std::nullopt).ok());
        REQUIRE(store->write_snapshot(snapshot_with_ratios(1'700'000'600, "5"), std::nullopt).ok());

        auto rows = store->solvency_history(store::HistoryQuery{});
        REQUIRE(rows.ok());
        REQUIRE(rows->size() == 4);
        const snapshot::Solvency& ltc = (*rows)[1].solvency;
        CHECK((*rows)[1].snapshot_id == 1);
        CHECK(ltc.asset == "LTC");
        CHECK(ltc.status == snapshot::SolvencyStatus::ok);
        CHECK(ltc.ratio_hundredths == std::optional<Units>(Units(15000)));
        CHECK(ltc.reserves_height == std::optional<std::uint64_t>(150));
        CHECK(ltc.liabilities_height == std::optional<std::uint64_t>(140));
        CHECK(ltc.liabilities_format == std::optional<liabilities::Format>(liabilities::Format::bitmex));
        CHECK(ltc.age_blocks == std::optional<std::int64_t>(10));
        CHECK(ltc.stale);
        const snapshot::Solvency& eth = (*rows)[0].solvency;
        CHECK(eth.asset == "ETH");
        CHECK(eth.status == snapshot::SolvencyStatus::liabilities_failed);
        CHECK(eth.units == std::optional<Units>(parse_units("1000000000000000000000000").value()));
        CHECK_FALSE(eth.ratio_hundredths.has_value());
        CHECK(eth.reason.find("\xEF\xBF\xBD") != std::string::npos);
        store::HistoryQuery only_ltc;
        only_ltc.asset = "LTC";
        CHECK(store->solvency_history(only_ltc)->size() == 2);

        auto status = store->status();
        REQUIRE(status.ok());
        REQUIRE(status->latest_solvency.size() == 2);
        CHECK(status->latest_solvency[0].snapshot_id == 2);
        REQUIRE(status->latest_liabilities.size() == 2);
        CHECK(status->latest_liabilities[0].file == "/srv/ltc.txt");
        CHECK(status->latest_liabilities[0].verified);
        CHECK(status->latest_liabilities[0].height == std::optional<std::uint64_t>(140));
        CHECK_FALSE(status->latest_liabilities[1].verified);
        CHECK(status->latest_liabilities[1].zk_status == "failed");

        // The views, in plain SQL: exact percents and amounts, keys that sort as numbers.
        CHECK(
            sql_rows(path,
                     "SELECT snapshot_id, asset, status, ratio_percent, verified_ratio_percent, reserves_amount, "
                     "liabilities_amount, reserves_height, liabilities_height, age_blocks, stale FROM solvency_history "
                     "WHERE asset = 'LTC' ORDER BY snapshot_id") ==
            std::vector<std::string>{"1|LTC|ok|150.00|150.00|4.50000000|3.00000000|150|140|10|1",
                                     "2|LTC|ok|150.00|150.00|4.50000000|3.00000000|150|140|10|1"});
        CHECK(sql_one(path, "SELECT reserves_amount FROM latest_solvency WHERE asset = 'ETH'") ==
              "0.000000000000000005");
        CHECK(sql_one(path,
                      "SELECT count(*) FROM snapshot_liabilities WHERE status = 'failed' AND zk_status = 'failed'") ==
              "2");
    }

    TEST_CASE("store: solvency_history ratio keys order ratios numerically")
    {
        TempDir dir("solvency-keys");
        const std::string path = dir.file("porwatch.db");
        auto store = store::Store::open(path);
        REQUIRE(store.ok());
        snapshot::Snapshot s = snapshot_with_ratios(1'700'000'000, "1");
        s.solvency[0].ratio_hundredths = Units(9);  // LTC 0.09 %
        s.solvency[1].ratio_hundredths = Units(10000000);  // ETH 100000.00 %: as text it would sort first
        REQUIRE(store->write_snapshot(s, std::nullopt).ok());
        CHECK(sql_rows(path, "SELECT asset, ratio_percent FROM solvency_history ORDER BY ratio_key") ==
              std::vector<std::string>{"LTC|0.09", "ETH|100000.00"});
    }
    TEST_CASE("store: the ratio in value is stored with its snapshot and read back by status")
    {
        TempDir dir("solvency-value");
        const std::string path = dir.file("porwatch.db");
        auto store = store::Store::open(path);
        REQUIRE(store.ok());
        snapshot::Snapshot s = snapshot_with_ratios(1'700'000'000, "5");
        s.liabilities.pop_back();  // only the BitMEX tree (LTC), which verified
        const std::vector<config::ConfiguredAsset> assets{{"LTC", address::Chain::litecoin, 8},
                                                          {"ETH", address::Chain::ethereum, 18}};
        liabilities::Settings settings;
        settings.bitmex_asset = "LTC";
        s.solvency = snapshot::assess_solvency(s, s.liabilities, assets, settings);
        s.valuation = snapshot::value_totals(s, porwatch::test::price_book(true));  // LTC at 70.12345678 USD
        s.aggregate_solvency = snapshot::aggregate_solvency(s, assets);
        REQUIRE(s.aggregate_solvency);
        REQUIRE(s.aggregate_solvency->complete);
        REQUIRE(store->write_snapshot(s, std::nullopt).ok());
        auto status = store->status();
        REQUIRE(status.ok());
        REQUIRE(status->latest_solvency_value);
        const snapshot::AggregateSolvency& a = *status->latest_solvency_value;
        CHECK(status->latest_solvency_value_snapshot == 1);
        CHECK(a.quote == "USD");
        // 4.5 LTC × 70.12345678 = 315.55555551 against 3 LTC = 210.37037034 (each truncated to 10^-8).
        CHECK(prices::to_string(a.reserves_value) == "31555555551");
        CHECK(prices::to_string(a.liabilities_value) == "21037037034");
        CHECK(a.ratio_hundredths == std::optional<Units>(Units(15000)));
        CHECK(a.verified_ratio_hundredths == s.aggregate_solvency->verified_ratio_hundredths);
        CHECK(a.complete);
        CHECK(a.included == std::vector<std::string>{"LTC"});
        CHECK(a.excluded.empty());
        CHECK(sql_one(path, "SELECT ratio_percent || '|' || complete || '|' || included FROM solvency_value_history") ==
              "150.00|1|LTC");
        // An incomplete one keeps what was left out and why, one line each.
        s.started_at += 600;
        s.aggregate_solvency->complete = false;
        s.aggregate_solvency->excluded = {{"ETH", "unpriced: no feed\nfor ETH"},
                                          {"BTC", "no configured chain scans it"}};
        REQUIRE(store->write_snapshot(s, std::nullopt).ok());
        status = store->status();
        REQUIRE(status.ok());
        REQUIRE(status->latest_solvency_value);
        CHECK_FALSE(status->latest_solvency_value->complete);
        CHECK(status->latest_solvency_value->excluded ==
              std::vector<std::pair<std::string, std::string>>{{"ETH", "unpriced: no feed for ETH"},
                                                               {"BTC", "no configured chain scans it"}});
    }
}
