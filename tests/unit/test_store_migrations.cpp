#include <doctest/doctest.h>

#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;

namespace {

// Counts failed assertions so that TempDir keeps the databases of a failing test.
struct StoreFailureListener : doctest::IReporter {
    explicit StoreFailureListener(const doctest::ContextOptions&) { }
    void report_query(const doctest::QueryData&) override { }
    void test_run_start() override { }
    void test_run_end(const doctest::TestRunStats&) override { }
    void test_case_start(const doctest::TestCaseData&) override { }
    void test_case_reenter(const doctest::TestCaseData&) override { }
    void test_case_end(const doctest::CurrentTestCaseStats&) override { }
    void test_case_exception(const doctest::TestCaseException&) override { ++g_store_failed_assertions; }
    void subcase_start(const doctest::SubcaseSignature&) override { }
    void subcase_end() override { }
    void log_assert(const doctest::AssertData& data) override
    {
        if (data.m_failed) ++g_store_failed_assertions;
    }
    void log_message(const doctest::MessageData&) override { }
    void test_case_skipped(const doctest::TestCaseData&) override { }
};
REGISTER_LISTENER("porwatch-store-failures", 1, StoreFailureListener);

snapshot::Snapshot one_snapshot(std::int64_t at, const std::vector<addressbook::BookEntry>& book,
                                const std::string& units)
{
    snapshot::Snapshot s;
    s.started_at = at;
    s.finished_at = at + 2;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains.push_back(test_chain(address::Chain::bitcoin, snapshot::ChainStatus::complete, 101));
    for (const auto& e : book) {
        s.balances.push_back({address::Chain::bitcoin, e.address->text, "BTC", parse_units(units).value()});
    }
    s.totals.push_back(test_total("BTC", address::Chain::bitcoin, 8, units, book.size()));
    return s;
}

// What a porwatch of schema 1..4 stored for one complete BTC snapshot of `book`.
void write_v1_snapshot(const std::string& path, const std::vector<addressbook::BookEntry>& book,
                       const std::string& units)
{
    sql_rows(path, "INSERT INTO snapshots (id, started_at, finished_at, status, book_entries, chains_count, "
                   "totals_count) VALUES (1, 1000, 1002, 'complete', " +
                       std::to_string(book.size()) + ", 1, 1)");
    sql_rows(path, "INSERT INTO snapshot_chains (snapshot_id, chain, network, status, height, block_hash, "
                   "duration_ms) VALUES (1, 'bitcoin', 'regtest', 'complete', 101, 'hash-bitcoin-101', 12)");
    sql_rows(path, "INSERT INTO asset_totals (snapshot_id, asset, chain, decimals, units, addresses, "
                   "verified_addresses) VALUES (1, 'BTC', 'bitcoin', 8, '" +
                       units + "', " + std::to_string(book.size()) + ", " + std::to_string(book.size()) + ")");
    for (std::size_t i = 0; i < book.size(); ++i) {
        const std::string id = std::to_string(i + 1);
        sql_rows(path, "INSERT INTO addresses (id, chain, network, address, source_file, first_seen) VALUES (" + id +
                           ", 'bitcoin', 'regtest', '" + book[i].address->text + "', 'reserves.csv', 1000)");
        sql_rows(path, "INSERT INTO balance_changes (address_id, asset, snapshot_id, units) VALUES (" + id +
                           ", 'BTC', 1, '" + units + "')");
    }
}

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store::open migrates an empty database and sets WAL and foreign keys")
    {
        TempDir dir("migrate-empty");
        const std::string path = dir.file("porwatch.db");
        auto store = store::Store::open(path);
        REQUIRE_MESSAGE(store.ok(), store.error().message);
        CHECK(store->version().value() == store::schema_version());
        CHECK(store::schema_version() == 9);
        CHECK(sql_one(path, "PRAGMA user_version") == std::to_string(store::schema_version()));
        CHECK(sql_one(path, "PRAGMA journal_mode") == "wal");
        for (const char* table : {"addresses",
                                  "book_events",
                                  "ownership_checks",
                                  "ownership_results",
                                  "snapshots",
                                  "snapshot_chains",
                                  "asset_totals",
                                  "shortfalls",
                                  "balance_changes",
                                  "alert_state",
                                  "alert_outbox",
                                  "snapshot_unscanned",
                                  "chain_evidence",
                                  "utxo_outpoints",
                                  "book_files",
                                  "snapshot_books",
                                  "snapshot_prices",
                                  "snapshot_values",
                                  "snapshot_value_totals",
                                  "snapshot_liabilities",
                                  "solvency",
                                  "solvency_value"}) {
            CHECK_MESSAGE(sql_one(path, std::string("SELECT count(*) FROM sqlite_schema WHERE type = "
                                                    "'table' AND name = '") +
                                            table + "'") == "1",
                          table);
        }
        for (const char* view :
             {"reserve_history", "latest_reserves", "address_balance_at", "address_balances_latest", "address_book",
              "ownership_latest", "reserve_changes", "balance_history", "unscanned_claims", "reserve_values",
              "value_history", "latest_prices", "solvency_history", "latest_solvency", "solvency_value_history"}) {
            CHECK_MESSAGE(sql_one(path, std::string("SELECT count(*) FROM sqlite_schema WHERE type = "
                                                    "'view' AND name = '") +
                                            view + "'") == "1",
                          view);
        }
        CHECK(store->integrity_check().value() == "ok");
        // Opening again is a no-op.
        auto again = store::Store::open(path);
        REQUIRE(again.ok());
        CHECK(again->version().value() == store::schema_version());
    }

    TEST_CASE("store::open migrates from each older version and keeps the data")
    {
        const std::vector<addressbook::BookEntry> book = {test_entry(address::Chain::bitcoin, 1, "BTC"),
                                                          test_entry(address::Chain::bitcoin, 2, "BTC")};
        for (int from = 1; from < store::schema_version(); ++from) {
            CAPTURE(from);
            TempDir dir("migrate-from-" + std::to_string(from));
            const std::string path = dir.file("porwatch.db");
            {
                auto old = store::Store::open(path, store::OpenOptions{5000, from});
                REQUIRE_MESSAGE(old.ok(), old.error().message);
                CHECK(old->version().value() == from);
                // v1 already holds the history tables: an old porwatch wrote a snapshot, with
                // the columns it knew (this build's writer fills columns added later).
                write_v1_snapshot(path, book, "150000000");
            }
            auto store = store::Store::open(path);
            REQUIRE_MESSAGE(store.ok(), store.error().message);
            CHECK(store->version().value() == store::schema_version());
            CHECK(store->integrity_check().value() == "ok");
            CHECK(sql_one(path, "SELECT count(*) FROM snapshots") == "1");
            CHECK(sql_one(path, "SELECT asset, units, amount FROM reserve_history") == "BTC|150000000|1.50000000");
            auto at = store->balance_at(1, address::Chain::bitcoin, book[0].address->text, "BTC");
            REQUIRE(at.ok());
            REQUIRE(at->has_value());
            CHECK((*at)->units == Units{150000000});
            // Schema 005: what was never recorded stays unknown (NULL), never a made-up zero.
            CHECK(sql_one(path, "SELECT verified_units IS NULL, claim_errors IS NULL, unverified_addresses "
                                "FROM reserve_history") == "1|1|0");
            CHECK(sql_one(path, "SELECT count(*) FROM reserve_changes WHERE basis = 'verified'") == "0");
            auto rows = store->history({});
            REQUIRE(rows.ok());
            REQUIRE(rows->size() == 1);
            CHECK_FALSE((*rows)[0].verified_units);
            CHECK_FALSE((*rows)[0].claim_errors);
            // A snapshot stored after the migration records both figures beside the old one.
            auto next = one_snapshot(2000, book, "150000001");
            next.totals[0].verified_units = Units{150000001};
            REQUIRE(store->write_snapshot(next, store::BookInput{book, {}, 2000, {}}).ok());
            CHECK(sql_rows(path, "SELECT verified_units, claim_errors FROM reserve_history ORDER BY snapshot_id") ==
                  std::vector<std::string>{"NULL|NULL", "150000001|0"});
            CHECK(sql_rows(path, "SELECT basis, change_units FROM reserve_changes WHERE change_units IS NOT NULL") ==
                  std::vector<std::string>{"all|1"});
        }
    }

    TEST_CASE("store::open refuses a database from a newer porwatch and leaves it untouched")
    {
        TempDir dir("newer");
        const std::string path = dir.file("porwatch.db");
        {
            auto store = store::Store::open(path);
            REQUIRE(store.ok());
        }
        const int future = store::schema_version() + 1;
        sql_rows(path, "PRAGMA user_version = " + std::to_string(future));
        auto refused = store::Store::open(path);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("newer porwatch") != std::string::npos);
        CHECK(refused.error().message.find("schema version " + std::to_string(future)) != std::string::npos);
        CHECK(refused.error().message.find(path) != std::string::npos);
        CHECK(sql_one(path, "PRAGMA user_version") == std::to_string(future));
    }

    TEST_CASE("store::open fails with the path when the file cannot be opened")
    {
        TempDir dir("unopenable");
        auto store = store::Store::open(dir.file("missing-dir/porwatch.db"));
        REQUIRE_FALSE(store.ok());
        CHECK(store.error().message.find("missing-dir/porwatch.db") != std::string::npos);
    }
}
