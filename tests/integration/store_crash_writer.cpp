// A writer for the kill -9 test (store_kill9.py): `write DB` writes snapshots in a loop until
// killed; `check DB` opens the database (SQLite recovers the WAL), runs integrity_check, and
// checks that every stored snapshot is whole and holds exactly the deterministic balances its
// sequence number implies. Exit 0 = ok.
#include <sqlite3.h>

#include <iostream>
#include <string>
#include <vector>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/store/store.hpp"

using namespace porwatch;

namespace {

constexpr int kAddresses = 4000;
constexpr std::int64_t kT0 = 1'767'225'600;
constexpr std::int64_t kStep = 300;  // seconds between snapshots

std::string address_text(int i)
{
    const Hash256 h = crypto::sha256(crypto::as_bytes("crash-" + std::to_string(i)));
    return address::encode_address(address::Chain::bitcoin, address::Network::regtest, address::AddressType::p2wpkh,
                                   ByteView(h.data(), 20));
}

bool in_book(std::int64_t seq, int i)
{
    return (seq + i) % 40 >= 2;
}

// Address i's balance at sequence `seq`: changes every (i % 7 + 1) snapshots.
Units balance(std::int64_t seq, int i)
{
    const std::int64_t epoch = seq / (i % 7 + 1);
    return Units{static_cast<std::uint64_t>((epoch * 7919 + i * 104729) % 1000003)};
}

snapshot::Snapshot make_snapshot(std::int64_t seq, const std::vector<std::string>& texts,
                                 std::vector<addressbook::BookEntry>& book)
{
    snapshot::Snapshot s;
    s.started_at = kT0 + seq * kStep;
    s.finished_at = s.started_at + 1;
    s.status = snapshot::SnapshotStatus::complete;
    snapshot::ChainResult c;
    c.chain = address::Chain::bitcoin;
    c.network = address::Network::regtest;
    c.status = snapshot::ChainStatus::complete;
    c.height = static_cast<std::uint64_t>(seq);
    c.block_hash = "hash-" + std::to_string(seq);
    s.chains.push_back(c);
    book.clear();
    Units total = 0;
    for (int i = 0; i < kAddresses; ++i) {
        if (!in_book(seq, i)) continue;
        addressbook::BookEntry e;
        e.file = "crash.csv";
        e.coin = e.asset = "BTC";
        e.chain = address::Chain::bitcoin;
        e.network = address::Network::regtest;
        e.address = address::parse_address(texts[static_cast<std::size_t>(i)]).value().address;
        e.address_text = e.address->text;
        book.push_back(std::move(e));
        s.balances.push_back({address::Chain::bitcoin, texts[static_cast<std::size_t>(i)], "BTC", balance(seq, i)});
        total += balance(seq, i);
    }
    s.totals.push_back({"BTC", address::Chain::bitcoin, 8, total, std::nullopt, book.size(), 0, Units{0}, book.size()});
    // A second asset row, so "whole" means more than one child row.
    s.totals.push_back({"XBT", address::Chain::bitcoin, 8, total, std::nullopt, book.size(), 0, Units{0}, book.size()});
    return s;
}

int write_loop(const std::string& path, const std::vector<std::string>& texts)
{
    auto db = store::Store::open(path);
    if (!db) {
        std::cerr << db.error().message << "\n";
        return 1;
    }
    auto status = db->status();
    if (!status) return 1;
    std::int64_t seq = 0;
    if (auto ids = db->history({}); ids && !ids->empty()) seq = (ids->back().taken_at - kT0) / kStep + 1;
    std::vector<addressbook::BookEntry> book;
    for (;; ++seq) {
        const snapshot::Snapshot snap = make_snapshot(seq, texts, book);
        auto written = db->write_snapshot(snap, store::BookInput{book, {}, snap.started_at, {}});
        if (!written) {
            std::cerr << written.error().message << "\n";
            return 1;
        }
        if (seq % 10 == 9) {
            auto thinned = db->apply_retention({0, 1}, snap.started_at + 2 * 3600);
            if (!thinned) {
                std::cerr << thinned.error().message << "\n";
                return 1;
            }
        }
        std::cout << "wrote " << seq << std::endl;
    }
}

int check(const std::string& path, const std::vector<std::string>& texts)
{
    auto db = store::Store::open(path);
    if (!db) {
        std::cerr << db.error().message << "\n";
        return 1;
    }
    const auto integrity = db->integrity_check();
    if (!integrity || *integrity != "ok") {
        std::cerr << "integrity_check: " << (integrity ? *integrity : integrity.error().message) << "\n";
        return 1;
    }
    // Whole snapshots: child row counts match what the snapshot row says.
    sqlite3* raw = nullptr;
    sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(raw,
                       "SELECT count(*) FROM snapshots s WHERE totals_count != (SELECT count(*) "
                       "FROM asset_totals t WHERE t.snapshot_id = s.id) OR chains_count != (SELECT "
                       "count(*) FROM snapshot_chains c WHERE c.snapshot_id = s.id)",
                       -1, &stmt, nullptr);
    const bool stepped = sqlite3_step(stmt) == SQLITE_ROW;
    const auto partial = stepped ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    sqlite3_close(raw);
    if (partial != 0) {
        std::cerr << partial << " snapshots are not whole\n";
        return 1;
    }
    auto rows = db->history({});
    if (!rows) return 1;
    std::size_t checked = 0;
    for (std::size_t r = 0; r < rows->size(); ++r) {
        const auto& row = (*rows)[r];
        const std::int64_t seq = (row.taken_at - kT0) / kStep;
        Units total = 0;
        for (int i = 0; i < kAddresses; ++i) total += in_book(seq, i) ? balance(seq, i) : Units{0};
        if (row.units != total) {
            std::cerr << "snapshot " << row.snapshot_id << ": total " << row.units << " != " << total << "\n";
            return 1;
        }
        if (r + 6 < rows->size() && r % 5 != 0) continue;  // balances: the last 3 and every 5th
        for (int i = 0; i < kAddresses; i += 7) {
            auto at =
                db->balance_at(row.snapshot_id, address::Chain::bitcoin, texts[static_cast<std::size_t>(i)], "BTC");
            if (!at) return 1;
            const bool want = in_book(seq, i);
            if (at->has_value() != want || (want && (*at)->units != balance(seq, i))) {
                std::cerr << "snapshot " << row.snapshot_id << " address " << i << ": wrong balance\n";
                return 1;
            }
            ++checked;
        }
    }
    std::cout << "ok: " << rows->size() / 2 << " snapshots whole, " << checked << " balances checked\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: store_crash_writer write|check DB\n";
        return 2;
    }
    std::vector<std::string> texts;
    for (int i = 0; i < kAddresses; ++i) texts.push_back(address_text(i));
    const std::string mode = argv[1];
    if (mode == "write") return write_loop(argv[2], texts);
    if (mode == "check") return check(argv[2], texts);
    return 2;
}
