// Schema 007: the valuation of a snapshot stored and read back exactly (values past 2^256 too),
// the plain-SQL views with both blocks, and what the alert stage reads.
#include <doctest/doctest.h>

#include <algorithm>

#include "test_prices_support.hpp"
#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;

TEST_SUITE("store")
{
    TEST_CASE("store::write_snapshot stores prices, values and totals, history and status read them back")
    {
        TempDir dir("prices");
        const std::string path = dir.file("p.db");
        auto store = store::Store::open(path);
        REQUIRE(store.ok());
        CHECK(store::schema_version() >= 7);  // 007_prices.sql is applied
        // 10^30 LTC units at 70.12345678 USD: a value far past 2^64, exact.
        const std::string big = "1000000000000000000000000000000";
        REQUIRE(store->write_snapshot(valued(1'700'000'100, big, true), std::nullopt).ok());
        REQUIRE(store->write_snapshot(valued(1'700'000'200, "250000000", false), std::nullopt).ok());
        const std::string expected = "70123456780000000000000000000000";  // 10^22 LTC × 70.12345678 USD, in 1e-8 USD
        auto rows = store->history({});
        REQUIRE(rows.ok());
        REQUIRE(rows->size() == 2);
        CHECK((*rows)[0].quote == std::optional<std::string>("USD"));
        CHECK(prices::to_string(*(*rows)[0].value) == expected);
        CHECK_FALSE((*rows)[1].value);  // unpriced: absent, never 0
        CHECK((*rows)[1].unpriced_reason == "answer -7012345678 is negative (round 9)");
        auto values = store->value_history({});
        REQUIRE(values.ok());
        REQUIRE(values->size() == 2);
        CHECK(prices::to_string((*values)[0].value) == expected);
        CHECK((*values)[0].complete);
        CHECK((*values)[0].priced == std::vector<std::string>{"LTC"});
        CHECK((*values)[0].price_height == std::optional<std::uint64_t>(77));
        CHECK_FALSE((*values)[1].complete);
        CHECK((*values)[1].unpriced == std::vector<std::string>{"LTC"});
        CHECK((*values)[1].value == 0);
        auto status = store->status();
        REQUIRE(status.ok());
        REQUIRE(status->latest_value);
        CHECK(status->latest_value->snapshot_id == 2);
        REQUIRE(status->latest_prices.size() == 1);
        CHECK(status->latest_prices[0].status == "unpriced");
        CHECK(status->latest_prices[0].answer == std::optional<std::string>("-7012345678"));
        // The views, as a sqlite3 CLI user sees them: both blocks, exact text.
        CHECK(sql_one(path,
                      "SELECT asset, chain, height, block_hash, value, price, price_block_height, price_block_hash "
                      "FROM reserve_values WHERE snapshot_id = 1") ==
              "LTC|litecoin|104|hash-litecoin-104|701234567800000000000000.00000000|70.12345678|77|0x" +
                  std::string(64, 'e'));
        CHECK(sql_one(path, "SELECT value, price FROM reserve_values WHERE snapshot_id = 2") == "NULL|NULL");
        CHECK(sql_one(path, "SELECT value, complete, unpriced FROM value_history ORDER BY snapshot_id DESC LIMIT 1") ==
              "0.00000000|0|LTC");
        CHECK(sql_one(path, "SELECT status, feed_status, answer, json_array_length(endpoints), "
                            "json_extract(endpoints, '$[0].answer.answer'), json_extract(endpoints, '$[1].error') "
                            "FROM latest_prices") == "unpriced|read|-7012345678|2|-7012345678|connect: refused");
        // The alert stage: value figures of priced totals and complete totals, and feed readings.
        auto points = store->value_points(0);
        REQUIRE(points.ok());
        REQUIRE(points->size() == 2);  // snapshot 1: LTC's value and the complete total
        CHECK((*points)[0].value_units == expected);
        // Past the horizon only the latest figure of each series is kept (the drop's reference).
        auto latest_only = store->value_points(2'000'000'000);
        REQUIRE(latest_only.ok());
        CHECK(latest_only->size() == 2);
        // Each feed's latest row is found through the index, not by scanning every row per row.
        const auto plan = sql_rows(path, "EXPLAIN QUERY PLAN SELECT * FROM latest_prices");
        CHECK(std::any_of(plan.begin(), plan.end(), [](const std::string& row) {
            return row.find("SEARCH n USING COVERING INDEX snapshot_prices_asset") != std::string::npos;
        }));
        auto readings = store->price_readings();
        REQUIRE(readings.ok());
        REQUIRE(readings->size() == 1);
        CHECK(readings->front().last_priced_at == std::optional<std::int64_t>(1'700'000'100));
        CHECK(readings->front().first_seen_at == 1'700'000'100);
        CHECK(readings->front().in_last_read);
        // Retention and deletes cascade to the new tables.
        CHECK(sql_one(path, "PRAGMA foreign_key_list(snapshot_values)").find("CASCADE") != std::string::npos);
    }
}
