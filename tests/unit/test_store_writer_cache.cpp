// The writer's in-memory book and latest balances (WriterCache, src/store/store_impl.hpp) are
// kept from one write_snapshot to the next. These tests write through the cache in the ways
// that could make it stale (another connection, a failed write, retention) and check each
// stored balance against the database itself.
#include <doctest/doctest.h>

#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;

namespace {

Result<store::WriteReport> write(store::Store& db, std::int64_t at, const std::vector<addressbook::BookEntry>& book,
                                 std::uint64_t units)
{
    return db.write_snapshot(simple_snapshot(at, book, units), store::BookInput{book, {}, at, {}});
}

// The balance of book[i] at the latest snapshot, as stored ("NULL" once it left the book).
std::string stored_latest(const std::string& path, const addressbook::BookEntry& entry)
{
    return sql_one(path, "SELECT b.units FROM balance_changes b JOIN addresses a ON a.id = b.address_id "
                         "WHERE a.address = '" +
                             entry.address->text + "' ORDER BY b.snapshot_id DESC LIMIT 1");
}

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store writer cache: a write by another connection in between is seen, not overwritten by memory")
    {
        TempDir dir("cache-other");
        const std::string path = dir.file("porwatch.db");
        auto first = store::Store::open(path);
        auto second = store::Store::open(path);
        REQUIRE(first.ok());
        REQUIRE(second.ok());
        const auto book = btc_book(5);
        REQUIRE(write(*first, 1000, book, 7).ok());
        REQUIRE(write(*first, 1600, book, 7).ok());  // the first connection's cache now holds 7
        // The other connection stores 9 and one more address.
        const auto bigger = btc_book(6);
        auto other = write(*second, 2200, bigger, 9);
        REQUIRE(other.ok());
        CHECK(other->balance_rows == 6);
        // Back on the first connection: 7 again differs from the stored 9, so every balance is
        // written, and the sixth address (added by the other connection) is known, not re-added.
        auto back = write(*first, 2800, bigger, 7);
        REQUIRE(back.ok());
        CHECK(back->balance_rows == 6);
        CHECK(back->addresses_added == 0);
        for (const auto& e : bigger) CHECK(stored_latest(path, e) == "7");
        CHECK(sql_one(path, "SELECT count(*) FROM addresses") == "6");
    }

    TEST_CASE("store writer cache: a failed write leaves nothing of itself in memory")
    {
        TempDir dir("cache-failed");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        const auto book = btc_book(3);
        REQUIRE(write(*db, 1000, book, 5).ok());
        // New addresses and new balances, then a duplicate total: the transaction rolls back.
        const auto bigger = btc_book(5);
        auto snap = simple_snapshot(2000, bigger, 8);
        snap.totals.push_back(snap.totals.front());
        REQUIRE_FALSE(db->write_snapshot(snap, store::BookInput{bigger, {}, 2000, {}}).ok());
        // The same book and balances again: the addresses are added and the balances written,
        // as if the failed write had never happened.
        auto again = write(*db, 3000, bigger, 8);
        REQUIRE(again.ok());
        CHECK(again->addresses_added == 2);
        CHECK(again->balance_rows == 5);
        for (const auto& e : bigger) CHECK(stored_latest(path, e) == "8");
    }

    TEST_CASE("store writer cache: an address that got its first balance through the cache still closes on leaving")
    {
        TempDir dir("cache-leave");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        REQUIRE(write(*db, 1000, btc_book(2), 5).ok());
        const auto bigger = btc_book(3);
        REQUIRE(write(*db, 2000, bigger, 5).ok());  // bigger[2]'s first balance, written via the cache
        auto left = write(*db, 3000, btc_book(2), 5);
        REQUIRE(left.ok());
        CHECK(left->addresses_removed == 1);
        CHECK(left->balance_rows == 1);  // the NULL row of the address that left
        CHECK(stored_latest(path, bigger[2]) == "NULL");
    }

    TEST_CASE("store writer cache: stays right across retention on the same connection")
    {
        TempDir dir("cache-retention");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        const auto book = btc_book(4);
        const std::int64_t day = 86400;
        // Old snapshots with changing balances, thinned by retention, then one more write.
        for (int n = 0; n < 6; ++n) REQUIRE(write(*db, 1000 + n * 600, book, 10 + static_cast<unsigned>(n)).ok());
        REQUIRE(db->apply_retention(store::RetentionPolicy{1, 2}, 1000 + 400 * day).ok());
        CHECK(sql_one(path, "SELECT count(*) FROM snapshots") != "6");  // retention thinned some
        auto next = write(*db, 1000 + 400 * day, book, 15);
        REQUIRE(next.ok());
        CHECK(next->balance_rows == 0);  // 15 is what is stored: delta storage writes nothing
        for (const auto& e : book) CHECK(stored_latest(path, e) == "15");
        auto changed = write(*db, 1000 + 400 * day + 600, book, 16);
        REQUIRE(changed.ok());
        CHECK(changed->balance_rows == 4);
        for (const auto& e : book) CHECK(stored_latest(path, e) == "16");
    }
}

namespace {

// Every row's verdict: verified, or failed with a reason.
std::vector<proof::ProofResult> verdicts_for(std::size_t rows, bool verified)
{
    proof::ProofResult verdict;
    verdict.status = verified ? proof::ProofStatus::verified : proof::ProofStatus::failed;
    if (!verified) verdict.reason = "signature does not recover the address";
    return std::vector<proof::ProofResult>(rows, verdict);
}

Result<store::WriteReport> write_verdicts(store::Store& db, std::int64_t at,
                                          const std::vector<addressbook::BookEntry>& book, bool verified)
{
    return db.write_snapshot(simple_snapshot(at, book, 7),
                             store::BookInput{book, verdicts_for(book.size(), verified), at, {}});
}

}  // namespace

TEST_SUITE("store")
{
    // The latest verdicts are cached too: a verdict is stored only when it differs from the
    // stored one, and "stored" must mean the database's, never memory's.
    TEST_CASE("store writer cache: verdicts are compared with the database's latest, across connections and failures")
    {
        TempDir dir("cache-verdicts");
        const std::string path = dir.file("porwatch.db");
        auto first = store::Store::open(path);
        auto second = store::Store::open(path);
        REQUIRE(first.ok());
        REQUIRE(second.ok());
        const auto book = btc_book(3);
        auto stored = write_verdicts(*first, 1000, book, true);
        REQUIRE(stored.ok());
        CHECK(stored->verdict_rows == 3);
        auto same = write_verdicts(*first, 1600, book, true);
        REQUIRE(same.ok());
        CHECK(same->verdict_rows == 0);  // unchanged verdicts add nothing
        // Another connection stores failures; the first one's verified verdicts differ from them.
        auto other = write_verdicts(*second, 2200, book, false);
        REQUIRE(other.ok());
        CHECK(other->verdict_rows == 3);
        auto back = write_verdicts(*first, 2800, book, true);
        REQUIRE(back.ok());
        CHECK(back->verdict_rows == 3);
        // A failed write with failures rolls back: verified is still the stored verdict.
        auto snap = simple_snapshot(3400, book, 7);
        snap.totals.push_back(snap.totals.front());
        REQUIRE_FALSE(first->write_snapshot(snap, store::BookInput{book, verdicts_for(3, false), 3400, {}}).ok());
        auto after = write_verdicts(*first, 4000, book, true);
        REQUIRE(after.ok());
        CHECK(after->verdict_rows == 0);
        CHECK(sql_one(path, "SELECT count(*) FROM ownership_results") == "9");
        CHECK(sql_one(path, "SELECT count(*) FROM ownership_latest WHERE status = 'verified'") == "3");
    }
}
