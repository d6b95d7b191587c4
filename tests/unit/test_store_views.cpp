#include <doctest/doctest.h>

#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;

namespace {

// Two snapshots: BTC on bitcoin (8 decimals) and ETH and USDT on ethereum (18 and 6). In the
// second, ethereum is down: its totals are absent, never zero.
struct Fixture {
    TempDir dir{"views"};
    std::string path = dir.file("porwatch.db");
    store::Store db = store::Store::open(path).value();
    addressbook::BookEntry btc = test_entry(Chain::bitcoin, 1, "BTC");
    addressbook::BookEntry eth = test_entry(Chain::ethereum, 2, "ETH");

    Fixture()
    {
        const std::vector<addressbook::BookEntry> book = {btc, eth};
        snapshot::Snapshot s1;
        s1.started_at = 1'767'225'600;  // 2026-01-01T00:00:00Z
        s1.finished_at = s1.started_at + 4;
        s1.status = snapshot::SnapshotStatus::complete;
        s1.chains = {test_chain(Chain::bitcoin, ChainStatus::complete, 800000),
                     test_chain(Chain::ethereum, ChainStatus::complete, 19000000)};
        s1.balances = {{Chain::bitcoin, btc.address->text, "BTC", Units{150000000}},
                       {Chain::ethereum, eth.address->text, "ETH", parse_units("5").value()},
                       {Chain::ethereum, eth.address->text, "USDT", Units{1234567}}};
        s1.totals = {test_total("BTC", Chain::bitcoin, 8, "150000000", 1),
                     test_total("ETH", Chain::ethereum, 18, "5", 1),
                     test_total("USDT", Chain::ethereum, 6, "1234567", 1)};
        s1.totals[0].claimed_units = Units{200000000};
        REQUIRE(db.write_snapshot(s1, store::BookInput{book, {}, s1.started_at, {}}).ok());

        snapshot::Snapshot s2 = s1;
        s2.started_at += 3600;
        s2.finished_at += 3600;
        s2.status = snapshot::SnapshotStatus::partial;
        s2.chains = {test_chain(Chain::bitcoin, ChainStatus::complete, 800006),
                     test_chain(Chain::ethereum, ChainStatus::failed, 0)};
        s2.balances = {{Chain::bitcoin, btc.address->text, "BTC", parse_units("2100000000000000").value()}};
        s2.totals = {test_total("BTC", Chain::bitcoin, 8, "2100000000000000", 1)};
        REQUIRE(db.write_snapshot(s2, store::BookInput{book, {}, s2.started_at, {}}).ok());
    }
};

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store views: reserve_history shows exact amounts computed from units in SQL")
    {
        Fixture f;
        CHECK(sql_rows(f.path, "SELECT snapshot_id, taken_at, snapshot_status, asset, chain, height, block_hash, "
                               "units, amount, claimed_amount FROM reserve_history ORDER BY snapshot_id, asset") ==
              std::vector<std::string>{
                  "1|2026-01-01T00:00:00Z|complete|BTC|bitcoin|800000|hash-bitcoin-800000|150000000|"
                  "1.50000000|2.00000000",
                  "1|2026-01-01T00:00:00Z|complete|ETH|ethereum|19000000|hash-ethereum-19000000|5|0."
                  "000000000000000005|NULL",
                  "1|2026-01-01T00:00:00Z|complete|USDT|ethereum|19000000|hash-ethereum-19000000|"
                  "1234567|1.234567|NULL",
                  "2|2026-01-01T01:00:00Z|partial|BTC|bitcoin|800006|hash-bitcoin-800006|"
                  "2100000000000000|21000000.00000000|NULL",
              });
        // latest_reserves: ethereum's totals come from snapshot 1, which taken_at says.
        CHECK(sql_rows(f.path, "SELECT asset, taken_at, amount FROM latest_reserves ORDER BY asset") ==
              std::vector<std::string>{"BTC|2026-01-01T01:00:00Z|21000000.00000000",
                                       "ETH|2026-01-01T00:00:00Z|0.000000000000000005",
                                       "USDT|2026-01-01T00:00:00Z|1.234567"});
    }

    TEST_CASE("store views: the amount expression agrees with format_decimal")
    {
        TempDir dir("amounts");
        const std::string path = dir.file("porwatch.db");
        REQUIRE(store::Store::open(path).ok());
        const char* units[] = {"0",
                               "1",
                               "99999999",
                               "100000000",
                               "123456789012345678901234567890",
                               "115792089237316195423570985008687907853269984665640564039457584007913129639935"};
        for (const char* u : units) {
            for (unsigned decimals : {0u, 1u, 6u, 8u, 18u, 30u, 77u, 78u, 80u}) {
                CAPTURE(u);
                CAPTURE(decimals);
                // The same CASE expression as in reserve_history, on a literal.
                const std::string sql = "SELECT CASE WHEN d = 0 THEN u ELSE (CASE WHEN length(u) > d THEN substr(u, 1, "
                                        "length(u) - d) ELSE '0' END) || '.' || substr(replace(hex(zeroblob(d)), '00', "
                                        "'0') "
                                        "|| u, -d) END FROM (SELECT '" +
                                        std::string(u) + "' AS u, " + std::to_string(decimals) + " AS d)";
                CHECK(sql_one(path, sql) == format_decimal(parse_units(u).value(), decimals));
            }
        }
        // And the view's text is exactly that expression (kept in one place, schema/002_views.sql).
        const std::string view = sql_one(path, "SELECT sql FROM sqlite_schema WHERE name = 'reserve_history'");
        CHECK(view.find("substr(replace(hex(zeroblob(t.decimals)), '00', '0') || t.units") != std::string::npos);
    }

    TEST_CASE("store views: address_balances_latest and address_balance_at")
    {
        Fixture f;
        CHECK(sql_rows(f.path, "SELECT chain, asset, units, since_snapshot FROM address_balances_latest "
                               "ORDER BY asset") == std::vector<std::string>{"bitcoin|BTC|2100000000000000|2",
                                                                             "ethereum|ETH|5|1",
                                                                             "ethereum|USDT|1234567|1"});
        // In snapshot 2 the ETH balance is carried over from snapshot 1 and the chain was down:
        // chain_status says so.
        CHECK(sql_one(f.path, "SELECT units, changed_at_snapshot, chain_status FROM address_balance_at WHERE "
                              "snapshot_id = 2 AND asset = 'ETH' AND address = '" +
                                  f.eth.address->text + "'") == "5|1|failed");
        CHECK(sql_one(f.path, "SELECT units, chain_status FROM address_balance_at WHERE snapshot_id = 1 AND "
                              "address = '" +
                                  f.btc.address->text + "'") == "150000000|complete");
    }

    TEST_CASE("store::history and store::status for the CLI")
    {
        Fixture f;
        auto all = f.db.history({});
        REQUIRE(all.ok());
        REQUIRE(all->size() == 4);
        CHECK((*all)[0].asset == "BTC");
        CHECK((*all)[0].amount == "1.50000000");
        CHECK((*all)[0].claimed_units == Units{200000000});
        CHECK((*all)[0].height == 800000);
        CHECK((*all)[0].block_hash == "hash-bitcoin-800000");
        CHECK((*all)[0].network == "regtest");
        auto btc = f.db.history({std::string("BTC"), 1'767'225'600 + 1, std::nullopt});
        REQUIRE(btc.ok());
        REQUIRE(btc->size() == 1);
        CHECK(btc->front().units == parse_units("2100000000000000").value());
        CHECK(btc->front().snapshot_status == "partial");
        CHECK(f.db.history({std::string("DOGE"), std::nullopt, std::nullopt}).value().empty());

        auto status = f.db.status();
        REQUIRE(status.ok());
        CHECK(status->schema_version == store::schema_version());
        REQUIRE(status->last_complete.has_value());
        CHECK(status->last_complete->id == 1);
        REQUIRE(status->last_partial.has_value());
        CHECK(status->last_partial->id == 2);
        CHECK_FALSE(status->last_failed.has_value());
        REQUIRE(status->last_error.has_value());
        CHECK(status->last_error->error == "ethereum: connect: connection refused");
        CHECK(status->snapshots == 2);
        CHECK(status->addresses_in_book == 2);
        CHECK(status->addresses_removed == 0);
        CHECK(status->db_bytes > 0);
    }

    TEST_CASE("store::balance_at fails for a snapshot that does not exist")
    {
        Fixture f;
        auto missing = f.db.balance_at(99, Chain::bitcoin, f.btc.address->text, "BTC");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message.find("no snapshot 99") != std::string::npos);
    }
}
