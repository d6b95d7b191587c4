#include <doctest/doctest.h>

#include <map>

#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kT0 = 1'700'006'400;  // 2023-11-15T00:00:00Z, a UTC midnight

// One snapshot every 20 minutes for `days` days; address i's balance changes whenever the
// snapshot number is a multiple of i+1, so changes land on snapshots that will be thinned.
// Every 7th snapshot fails (no balances, no totals). Returns balance by snapshot id.
std::map<std::int64_t, std::vector<std::uint64_t>> write_days(store::Store& db, int days,
                                                              const std::vector<addressbook::BookEntry>& book)
{
    std::map<std::int64_t, std::vector<std::uint64_t>> expected;
    std::vector<std::uint64_t> balance(book.size(), 0);
    const int count = days * 24 * 3;
    for (int n = 0; n < count; ++n) {
        snapshot::Snapshot s;
        s.started_at = kT0 + n * 1200;
        s.finished_at = s.started_at + 3;
        const bool failed = n % 7 == 3;
        s.status = failed ? snapshot::SnapshotStatus::failed : snapshot::SnapshotStatus::complete;
        s.chains.push_back(test_chain(Chain::bitcoin, failed ? ChainStatus::failed : ChainStatus::complete,
                                      static_cast<std::uint64_t>(n)));
        if (!failed) {
            std::uint64_t sum = 0;
            for (std::size_t i = 0; i < book.size(); ++i) {
                if (n % static_cast<int>(i + 1) == 0) balance[i] = static_cast<std::uint64_t>(n) * 10 + i;
                s.balances.push_back({Chain::bitcoin, book[i].address->text, "BTC", Units{balance[i]}});
                sum += balance[i];
            }
            s.totals.push_back(test_total("BTC", Chain::bitcoin, 8, std::to_string(sum), book.size()));
        }
        auto written = db.write_snapshot(s, store::BookInput{book, {}, s.started_at, {}});
        REQUIRE_MESSAGE(written.ok(), written.error().message);
        expected[written->snapshot_id] = balance;
    }
    return expected;
}

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store::apply_retention keeps all, then hourly, then daily, and balances survive")
    {
        TempDir dir("retention");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        std::vector<addressbook::BookEntry> book;
        for (int i = 0; i < 6; ++i) book.push_back(test_entry(Chain::bitcoin, i, "BTC"));
        const auto expected = write_days(*db, 10, book);  // 720 snapshots over 10 days
        REQUIRE(expected.size() == 720);

        // now = the end of day 10: days 8-9 (ages < 2 days) kept whole, days 4-7 hourly, 0-3 daily.
        const std::int64_t now = kT0 + 10 * kDay;
        const store::RetentionPolicy policy{2, 6};
        auto report = db->apply_retention(policy, now);
        REQUIRE_MESSAGE(report.ok(), report.error().message);
        CHECK(report->snapshots_kept + report->snapshots_deleted == 720);
        // 2 days × 144, 4 days × 24 hourly, 4 daily.
        CHECK(report->snapshots_kept == 2 * 72 + 4 * 24 + 4);
        CHECK(sql_one(path, "SELECT count(*) FROM snapshots WHERE started_at >= " + std::to_string(now - 2 * kDay)) ==
              "144");
        // Exactly one snapshot per hour in the hourly tier, one per day in the daily tier.
        CHECK(sql_one(path, "SELECT count(*), count(DISTINCT started_at / 3600) FROM snapshots WHERE "
                            "started_at >= " +
                                std::to_string(kT0 + 4 * kDay) + " AND started_at < " +
                                std::to_string(kT0 + 8 * kDay)) == "96|96");
        CHECK(sql_one(path, "SELECT count(*), count(DISTINCT started_at / 86400) FROM snapshots WHERE "
                            "started_at < " +
                                std::to_string(kT0 + 4 * kDay)) == "4|4");
        // A bucket keeps its latest complete snapshot: never a failed one when a complete exists,
        // so daily totals always exist.
        CHECK(sql_one(path, "SELECT count(*) FROM snapshots WHERE status = 'failed' AND started_at < " +
                                std::to_string(now - 2 * kDay)) == "0");
        CHECK(sql_one(path, "SELECT count(DISTINCT (started_at - " + std::to_string(kT0) +
                                ") / 86400) FROM reserve_history JOIN snapshots ON id = snapshot_id") == "10");
        // The daily pick is the day's last complete snapshot (23:40, or 23:20 when 23:40 failed).
        const auto day0 =
            sql_one(path, "SELECT started_at - " + std::to_string(kT0) + " FROM snapshots ORDER BY id LIMIT 1");
        CHECK((day0 == std::to_string(kDay - 1200) || day0 == std::to_string(kDay - 2400)));

        // Every kept snapshot's balances are exactly what was written for it.
        auto ids = db->snapshot_ids();
        REQUIRE(ids.ok());
        for (const std::int64_t id : *ids) {
            for (std::size_t i = 0; i < book.size(); ++i) {
                auto at = db->balance_at(id, Chain::bitcoin, book[i].address->text, "BTC");
                REQUIRE(at.ok());
                REQUIRE(at->has_value());
                CAPTURE(id);
                CAPTURE(i);
                CHECK((*at)->units == Units{expected.at(id)[i]});
            }
        }
        // Thinned snapshots' child rows are gone; nothing dangles.
        CHECK(sql_rows(path, "PRAGMA foreign_key_check").empty());
        CHECK(sql_one(path, "SELECT count(*) FROM asset_totals WHERE snapshot_id NOT IN (SELECT id FROM "
                            "snapshots)") == "0");
        CHECK(sql_one(path, "SELECT count(*) FROM book_events") == "6");  // the adds, carried forward

        // Idempotent at the same time; a later run thins what has aged.
        auto again = db->apply_retention(policy, now);
        REQUIRE(again.ok());
        CHECK(again->snapshots_deleted == 0);
        auto later = db->apply_retention(policy, now + 30 * kDay);
        REQUIRE(later.ok());
        CHECK(later->snapshots_kept == 10);  // one per day, the newest included
        CHECK(db->integrity_check().value() == "ok");
    }

    TEST_CASE("store::apply_retention always keeps the newest snapshot")
    {
        TempDir dir("retention-newest");
        auto db = store::Store::open(dir.file("porwatch.db"));
        REQUIRE(db.ok());
        snapshot::Snapshot s;
        s.started_at = kT0;
        s.finished_at = kT0;
        s.status = snapshot::SnapshotStatus::failed;
        s.chains.push_back(test_chain(Chain::bitcoin, ChainStatus::failed, 1));
        REQUIRE(db->write_snapshot(s, std::nullopt).ok());
        s.started_at += 60;
        REQUIRE(db->write_snapshot(s, std::nullopt).ok());
        auto report = db->apply_retention(store::RetentionPolicy{0, 0}, kT0 + 400 * kDay);
        REQUIRE(report.ok());
        CHECK(report->snapshots_kept == 1);
        CHECK(db->snapshot_ids().value() == std::vector<std::int64_t>{2});
    }
}
