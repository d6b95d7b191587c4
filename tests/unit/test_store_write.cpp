#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;

namespace {

struct Watched {
    Chain chain;
    int index;
    std::string asset;
};

// A random walk over a book of bitcoin and ethereum addresses: balances change, addresses
// leave and come back, a chain is sometimes down. Returns the expected balance of every
// (address, asset) after each snapshot, by snapshot id, as the node "said" it.
struct Model {
    std::vector<addressbook::BookEntry> all;
    std::map<std::int64_t, std::map<std::string, std::optional<Units>>> expected;  // id → key → units
};

std::string model_key(const addressbook::BookEntry& e)
{
    return e.address->text + "/" + e.asset;
}

Model run_random_walk(store::Store& db, int snapshots, int addresses, std::uint64_t seed)
{
    Model model;
    for (int i = 0; i < addresses; ++i) {
        const bool eth = i % 3 == 0;
        model.all.push_back(test_entry(eth ? Chain::ethereum : Chain::bitcoin, i, eth ? "ETH" : "BTC"));
        if (eth) model.all.push_back(test_entry(Chain::ethereum, i, "USDT"));  // same address, 2 assets
    }
    std::mt19937_64 rng(seed);
    std::map<std::string, Units> node;  // what the "node" holds now
    std::map<std::string, std::optional<Units>> state;
    std::set<std::string> in_book;  // address texts
    for (const auto& e : model.all) {
        node[model_key(e)] = Units{rng() % 1000} * Units{100000000};
        in_book.insert(e.address->text);
    }
    for (int s = 0; s < snapshots; ++s) {
        // Change a few balances; toggle book membership of a few addresses.
        for (auto& [key, units] : node) {
            if (rng() % 5 == 0) units = Units{rng() % 1000} * Units{100000000} + Units{rng() % 7};
        }
        for (const auto& e : model.all) {
            if (rng() % 10 == 0) {
                if (!in_book.erase(e.address->text)) in_book.insert(e.address->text);
            }
        }
        const bool btc_up = rng() % 4 != 0;
        const bool eth_up = rng() % 4 != 0;
        snapshot::Snapshot snap;
        snap.started_at = 1'700'000'000 + s * 600;
        snap.finished_at = snap.started_at + 5;
        snap.status = btc_up && eth_up ? snapshot::SnapshotStatus::complete : snapshot::SnapshotStatus::partial;
        snap.chains.push_back(test_chain(Chain::bitcoin, btc_up ? ChainStatus::complete : ChainStatus::failed,
                                         100 + static_cast<std::uint64_t>(s)));
        snap.chains.push_back(test_chain(Chain::ethereum, eth_up ? ChainStatus::complete : ChainStatus::disputed,
                                         5000 + static_cast<std::uint64_t>(s)));
        std::vector<addressbook::BookEntry> book;
        for (const auto& e : model.all) {
            if (in_book.count(e.address->text)) book.push_back(e);
        }
        // Leaving the book ends the balance; being observed (chain up) sets it.
        for (auto& [key, value] : state) {
            const std::string text = key.substr(0, key.find('/'));
            if (!in_book.count(text)) value.reset();
        }
        for (const auto& e : book) {
            const bool up = *e.chain == Chain::bitcoin ? btc_up : eth_up;
            if (!up) continue;
            const Units units = node[model_key(e)];
            snap.balances.push_back({*e.chain, e.address->text, e.asset, units});
            state[model_key(e)] = units;
        }
        auto written = db.write_snapshot(snap, store::BookInput{book, {}, snap.started_at, {}});
        REQUIRE_MESSAGE(written.ok(), written.error().message);
        model.expected[written->snapshot_id] = state;
    }
    return model;
}

void check_model(const store::Store& db, const Model& model)
{
    for (const auto& [id, state] : model.expected) {
        for (const auto& e : model.all) {
            const auto found = state.find(model_key(e));
            const std::optional<Units> want = found == state.end() ? std::nullopt : found->second;
            auto got = db.balance_at(id, *e.chain, e.address->text, e.asset);
            REQUIRE_MESSAGE(got.ok(), got.error().message);
            const auto snapshot_id = id;  // CAPTURE's lambda cannot name a structured binding (clang)
            CAPTURE(snapshot_id);
            CAPTURE(model_key(e));
            REQUIRE(got->has_value() == want.has_value());
            if (want) CHECK((*got)->units == *want);
        }
    }
}

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store::write_snapshot delta storage: every balance at every snapshot is what was written")
    {
        TempDir dir("delta");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        const Model model = run_random_walk(*db, 40, 30, 7);
        check_model(*db, model);
        // Delta storage stored far fewer rows than snapshots × keys.
        const auto rows = std::stoll(sql_one(path, "SELECT count(*) FROM balance_changes"));
        CHECK(rows < 40 * 40 / 2);
        // The view agrees with the API: one row per (snapshot, key) that has a balance.
        std::size_t with_balance = 0;
        for (const auto& [id, state] : model.expected) {
            for (const auto& [key, value] : state) with_balance += value ? 1 : 0;
        }
        CHECK(sql_one(path, "SELECT count(*) FROM address_balance_at") == std::to_string(with_balance));
        CHECK(db->integrity_check().value() == "ok");
        CHECK(sql_rows(path, "PRAGMA foreign_key_check").empty());
    }

    TEST_CASE("store::write_snapshot an unchanged snapshot writes no balance or address rows")
    {
        TempDir dir("unchanged");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        const auto book = btc_book(20);
        auto first = db->write_snapshot(simple_snapshot(1000, book, 5), store::BookInput{book, {}, 1000, {}});
        REQUIRE(first.ok());
        CHECK(first->addresses_added == 20);
        CHECK(first->balance_rows == 20);
        auto second = db->write_snapshot(simple_snapshot(1600, book, 5), store::BookInput{book, {}, 1600, {}});
        REQUIRE(second.ok());
        CHECK(second->addresses_added == 0);
        CHECK(second->addresses_removed == 0);
        CHECK(second->balance_rows == 0);
        CHECK(sql_one(path, "SELECT count(*) FROM balance_changes") == "20");
        CHECK(sql_one(path, "SELECT count(*) FROM asset_totals") == "2");  // totals every snapshot
        CHECK(sql_one(path, "SELECT count(*) FROM book_events") == "20");
    }

    TEST_CASE("store::write_snapshot book diff: events, removed_at, last_seen, a NULL row on leaving")
    {
        TempDir dir("book-diff");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        auto book = btc_book(3);
        REQUIRE(db->write_snapshot(simple_snapshot(1000, book, 7), store::BookInput{book, {}, 1000, {}}).ok());
        const std::string gone = book[2].address->text;
        book.pop_back();
        auto second = db->write_snapshot(simple_snapshot(2000, book, 7), store::BookInput{book, {}, 2000, {}});
        REQUIRE(second.ok());
        CHECK(second->addresses_removed == 1);
        CHECK(second->balance_rows == 1);  // the leaving row
        CHECK(sql_one(path, "SELECT event, at FROM book_events WHERE snapshot_id = 2") == "removed|2000");
        CHECK(sql_one(path, "SELECT removed_at, last_seen FROM addresses WHERE address = '" + gone + "'") ==
              "2000|1000");
        CHECK(sql_one(path, "SELECT removed_at, last_seen FROM address_book WHERE address = '" + gone + "'") ==
              "1970-01-01T00:33:20Z|1970-01-01T00:16:40Z");
        CHECK(sql_one(path, "SELECT count(*) FROM address_balances_latest") == "2");
        CHECK_FALSE(db->balance_at(2, Chain::bitcoin, gone, "BTC").value().has_value());
        CHECK(db->balance_at(1, Chain::bitcoin, gone, "BTC").value()->units == Units{7});
        // It comes back: an 'added' event, removed_at cleared, a fresh balance row.
        book = btc_book(3);
        auto third = db->write_snapshot(simple_snapshot(3000, book, 7), store::BookInput{book, {}, 3000, {}});
        REQUIRE(third.ok());
        CHECK(third->addresses_added == 1);
        CHECK(third->balance_rows == 1);
        CHECK(sql_one(path, "SELECT removed_at IS NULL, last_seen IS NULL FROM addresses WHERE address = '" + gone +
                                "'") == "1|1");
        CHECK(db->balance_at(3, Chain::bitcoin, gone, "BTC").value()->units == Units{7});
    }

    TEST_CASE("store::write_snapshot is all or nothing")
    {
        TempDir dir("atomic");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        const auto book = btc_book(50);
        REQUIRE(db->write_snapshot(simple_snapshot(1000, book, 1), store::BookInput{book, {}, 1000, {}}).ok());
        const auto before = sql_rows(path, "SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM "
                                           "addresses), (SELECT count(*) FROM balance_changes), (SELECT "
                                           "count(*) FROM book_events), (SELECT count(*) FROM asset_totals)");

        SUBCASE("a constraint fails after the balances and book were written")
        {
            // New addresses and changed balances, then a duplicate total: a PRIMARY KEY violation
            // at the end of the write.
            const auto bigger = btc_book(60);
            auto snap = simple_snapshot(2000, bigger, 2);
            snap.totals.push_back(snap.totals.front());
            auto failed = db->write_snapshot(snap, store::BookInput{bigger, {}, 2000, {}});
            REQUIRE_FALSE(failed.ok());
            CHECK(failed.error().message.find("asset_totals") != std::string::npos);
        }
        SUBCASE("a balance from a chain that did not complete is refused")
        {
            auto snap = simple_snapshot(2000, book, 2);
            snap.chains[0].status = ChainStatus::failed;
            auto failed = db->write_snapshot(snap, store::BookInput{book, {}, 2000, {}});
            REQUIRE_FALSE(failed.ok());
            CHECK(failed.error().message.find("not a complete chain") != std::string::npos);
        }
        SUBCASE("two balances for one address and asset are refused")
        {
            auto snap = simple_snapshot(2000, book, 2);
            snap.balances.push_back(snap.balances.front());
            auto failed = db->write_snapshot(snap, store::BookInput{book, {}, 2000, {}});
            REQUIRE_FALSE(failed.ok());
            CHECK(failed.error().message.find("two BTC balances") != std::string::npos);
        }
        CHECK(sql_rows(path, "SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM "
                             "addresses), (SELECT count(*) FROM balance_changes), (SELECT "
                             "count(*) FROM book_events), (SELECT count(*) FROM asset_totals)") == before);
        // And the store is still usable.
        CHECK(db->write_snapshot(simple_snapshot(3000, book, 1), store::BookInput{book, {}, 3000, {}}).ok());
    }

    TEST_CASE("store::write_snapshot ownership verdicts are history: a row only when the verdict changes")
    {
        TempDir dir("verdicts");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        const auto book = btc_book(2);
        std::vector<proof::ProofResult> verdicts(2);
        verdicts[0] = {proof::ProofStatus::verified, "bip322-simple", "signature recovers the address", 0, 0, {}};
        verdicts[1] = {proof::ProofStatus::unsigned_entry, "", "no signature", 0, 0, {}};
        const std::map<std::string, std::string> hashes = {{"reserves.csv", "aa11"}};
        auto first = db->write_snapshot(simple_snapshot(1000, book, 1), store::BookInput{book, verdicts, 1000, hashes});
        REQUIRE(first.ok());
        CHECK(first->verdict_rows == 2);
        // Re-checked, same verdicts (a new file hash): one check row, no verdict rows.
        auto second = db->write_snapshot(simple_snapshot(2000, book, 1),
                                         store::BookInput{book, verdicts, 2000, {{"reserves.csv", "bb22"}}});
        REQUIRE(second.ok());
        CHECK(second->verdict_rows == 0);
        // The first address's signature breaks.
        verdicts[0] = {proof::ProofStatus::failed, "bip322-simple", "signature does not verify", 0, 0, {}};
        auto third = db->write_snapshot(simple_snapshot(3000, book, 1),
                                        store::BookInput{book, verdicts, 3000, {{"reserves.csv", "cc33"}}});
        REQUIRE(third.ok());
        CHECK(third->verdict_rows == 1);
        CHECK(sql_one(path, "SELECT count(*) FROM ownership_checks") == "3");
        CHECK(sql_rows(path, "SELECT status, reason, file_hash FROM ownership_latest ORDER BY address") ==
              std::vector<std::string>{
                  book[0].address->text < book[1].address->text ? "failed|signature does not verify|cc33"
                                                                : "unsigned|no signature|aa11",
                  book[0].address->text < book[1].address->text ? "unsigned|no signature|aa11"
                                                                : "failed|signature does not verify|cc33"});
        auto status = db->status();
        REQUIRE(status.ok());
        CHECK(status->verdicts == 2);
        CHECK(status->verified == 0);
        // Mismatched verdicts are refused, and nothing is stored.
        verdicts.pop_back();
        CHECK_FALSE(
            db->write_snapshot(simple_snapshot(4000, book, 1), store::BookInput{book, verdicts, 4000, {}}).ok());
        CHECK(sql_one(path, "SELECT count(*) FROM snapshots") == "3");
    }

    TEST_CASE("store::write_snapshot runs the WriteHook inside the snapshot's transaction")
    {
        TempDir dir("hook");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        const auto book = btc_book(5);
        const std::string insert = "INSERT INTO alert_state (alert_key, rule, state, since, last_snapshot_id) "
                                   "VALUES (?1, 'drop', 'firing', 1, ?2)";
        std::size_t added_seen = 0;
        auto ok =
            db->write_snapshot(simple_snapshot(1000, book, 1), store::BookInput{book, {}, 1000, {}}, "",
                               [&](store::SnapshotTransaction& tx, const store::WriteReport& report) -> Status {
                                   added_seen = report.book_events.size();
                                   const std::vector<store::SqlValue> params{std::string("drop:BTC"), tx.snapshot_id()};
                                   if (Status s = tx.execute(insert, params); !s) return s;
                                   auto rows = tx.query("SELECT count(*) FROM snapshots WHERE id = ?1",
                                                        std::vector<store::SqlValue>{tx.snapshot_id()});
                                   REQUIRE(rows.ok());
                                   CHECK(std::get<std::int64_t>(rows->at(0).at(0)) == 1);  // sees its own snapshot
                                   return Ok{};
                               });
        REQUIRE(ok.ok());
        CHECK(added_seen == 5);
        CHECK(ok->book_events.front().event == "added");
        CHECK(sql_one(path, "SELECT last_snapshot_id FROM alert_state") == std::to_string(ok->snapshot_id));

        // A failing hook rolls back the snapshot and everything it wrote.
        const auto smaller = btc_book(3);
        auto failed =
            db->write_snapshot(simple_snapshot(2000, smaller, 2), store::BookInput{smaller, {}, 2000, {}}, "",
                               [&](store::SnapshotTransaction& tx, const store::WriteReport& report) -> Status {
                                   CHECK(report.addresses_removed == 2);
                                   const std::vector<store::SqlValue> params{std::string("drop:LTC"), tx.snapshot_id()};
                                   if (Status s = tx.execute(insert, params); !s) return s;
                                   return Error{"alert stage failed"};
                               });
        REQUIRE_FALSE(failed.ok());
        CHECK(failed.error().message.find("alert stage failed") != std::string::npos);
        CHECK(sql_one(path, "SELECT count(*) FROM snapshots") == "1");
        CHECK(sql_one(path, "SELECT count(*) FROM alert_state") == "1");
        CHECK(sql_one(path, "SELECT count(*) FROM book_events") == "5");

        auto removed = db->write_snapshot(simple_snapshot(3000, smaller, 2), store::BookInput{smaller, {}, 3000, {}});
        REQUIRE(removed.ok());
        REQUIRE(removed->book_events.size() == 2);
        CHECK(removed->book_events[0].event == "removed");
        CHECK(removed->book_events[0].chain == Chain::bitcoin);
        CHECK((removed->book_events[0].address == book[3].address->text ||
               removed->book_events[0].address == book[4].address->text));
    }
}
