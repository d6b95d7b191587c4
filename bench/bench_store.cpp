// porwatch-bench store [DB [ADDRESSES [UNCHANGED]]]: delta storage cost. Writes a snapshot of
// ADDRESSES (100k) addresses, then UNCHANGED (20) unchanged snapshots, then one with 1% of
// balances changed, and prints the write times and the logical DB growth (page_count ×
// page_size) per snapshot, then all of it again on one line of key=value fields for
// bench/scale.sh.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/store/store.hpp"

using namespace porwatch;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<addressbook::BookEntry> bench_book(std::size_t addresses)
{
    std::vector<addressbook::BookEntry> book;
    book.reserve(addresses);
    for (std::size_t i = 0; i < addresses; ++i) {
        const std::string seed = "porwatch-bench-store-" + std::to_string(i);
        const Hash256 h = crypto::sha256(crypto::as_bytes(seed));
        addressbook::BookEntry e;
        e.file = "reserves.csv";
        e.line = i + 2;
        address::Address a;
        if (i % 4 == 3) {
            a.chain = address::Chain::ethereum;
            a.network = address::Network::main;
            a.type = address::AddressType::account;
            a.payload.assign(h.begin(), h.begin() + 20);
            a.text = address::eip55(a.payload);
            e.coin = e.asset = "ETH";
        } else {
            a.chain = address::Chain::bitcoin;
            a.network = address::Network::main;
            a.type = address::AddressType::p2wpkh;
            a.payload.assign(h.begin(), h.begin() + 20);
            a.script = address::script_for(a.type, a.payload);
            a.text = address::encode_address(a.chain, a.network, a.type, a.payload);
            e.coin = e.asset = "BTC";
        }
        e.chain = a.chain;
        e.network = a.network;
        e.address_text = a.text;
        e.address = std::move(a);
        book.push_back(std::move(e));
    }
    return book;
}

snapshot::Snapshot bench_snapshot(const std::vector<addressbook::BookEntry>& book, int n, std::size_t changed)
{
    snapshot::Snapshot s;
    s.started_at = 1'767'225'600 + n * 600;
    s.finished_at = s.started_at + 30;
    s.status = snapshot::SnapshotStatus::complete;
    for (const auto chain : {address::Chain::bitcoin, address::Chain::ethereum}) {
        snapshot::ChainResult c;
        c.chain = chain;
        c.network = address::Network::main;
        c.status = snapshot::ChainStatus::complete;
        c.height = 900000 + static_cast<std::uint64_t>(n);
        c.block_hash = std::string(64, 'a');
        c.endpoints.push_back({"http://127.0.0.1:8332", c.block_hash, c.height, "", std::nullopt});
        c.duration_ms = 1500;
        s.chains.push_back(c);
    }
    Units btc = 0, eth = 0;
    std::size_t btc_count = 0;
    s.balances.reserve(book.size());
    for (std::size_t i = 0; i < book.size(); ++i) {
        Units units = Units{i % 1000 + 1} * Units{1000000};
        if (i < changed) units += Units{static_cast<unsigned>(n)};
        const bool is_btc = book[i].asset == "BTC";
        (is_btc ? btc : eth) += units;
        btc_count += is_btc ? 1 : 0;
        s.balances.push_back({*book[i].chain, book[i].address->text, book[i].asset, units});
    }
    const std::size_t eth_count = book.size() - btc_count;
    s.totals.push_back({"BTC", address::Chain::bitcoin, 8, btc, std::nullopt, btc_count, btc_count, btc, 0});
    s.totals.push_back({"ETH", address::Chain::ethereum, 18, eth, std::nullopt, eth_count, eth_count, eth, 0});
    return s;
}

struct Step {
    double seconds;  // bench timing only, never a stored figure
    std::int64_t growth;
    std::size_t rows;
};

Result<Step> timed_write(store::Store& db, const snapshot::Snapshot& snap,
                         const std::vector<addressbook::BookEntry>& book)
{
    const std::int64_t before = db.status().value().db_bytes;
    const auto start = Clock::now();
    auto written = db.write_snapshot(snap, store::BookInput{book, {}, snap.started_at, {}});
    const std::chrono::duration<double> elapsed = Clock::now() - start;
    if (!written) return written.error();
    return Step{elapsed.count(), db.status().value().db_bytes - before, written->balance_rows};
}

}  // namespace

int bench_store(int argc, char** argv)
{
    const std::size_t addresses = argc > 3 ? std::stoul(argv[3]) : 100000;
    const int unchanged = argc > 4 ? std::stoi(argv[4]) : 20;
    if (addresses == 0 || unchanged < 1) {
        std::cerr << "porwatch-bench: store needs ADDRESSES >= 1 and UNCHANGED >= 1\n";
        return 2;
    }
    const std::string path =
        argc > 2
            ? argv[2]
            : (std::filesystem::temp_directory_path() / ("porwatch-bench-store-" + std::to_string(::getpid()) + ".db"))
                  .string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    auto db = store::Store::open(path);
    if (!db) {
        std::cerr << "porwatch-bench: " << db.error().message << "\n";
        return 1;
    }
    const auto book = bench_book(addresses);
    std::cout << "store: " << addresses << " addresses (75% bitcoin p2wpkh, 25% ethereum), " << path << ", schema v"
              << store::schema_version() << "\n";
    auto first = timed_write(*db, bench_snapshot(book, 0, 0), book);
    if (!first) {
        std::cerr << "porwatch-bench: " << first.error().message << "\n";
        return 1;
    }
    std::cout << "  first snapshot:      " << first->seconds << " s, " << first->rows << " balance rows, DB "
              << first->growth / 1024 << " KiB\n";
    double total_seconds = 0;
    std::int64_t total_growth = 0;
    std::size_t total_rows = 0;
    for (int n = 1; n <= unchanged; ++n) {
        auto step = timed_write(*db, bench_snapshot(book, n, 0), book);
        if (!step) {
            std::cerr << "porwatch-bench: " << step.error().message << "\n";
            return 1;
        }
        total_seconds += step->seconds;
        total_growth += step->growth;
        total_rows += step->rows;
    }
    std::cout << "  unchanged snapshots: " << unchanged << ", " << total_rows << " balance rows, mean write "
              << total_seconds / unchanged << " s, mean DB growth " << total_growth / unchanged << " bytes/snapshot ("
              << total_growth << " bytes in all)\n";
    auto changed = timed_write(*db, bench_snapshot(book, unchanged + 1, addresses / 100), book);
    if (!changed) {
        std::cerr << "porwatch-bench: " << changed.error().message << "\n";
        return 1;
    }
    std::cout << "  1% changed snapshot: " << changed->seconds << " s, " << changed->rows << " balance rows, DB growth "
              << changed->growth << " bytes\n";
    const auto status = db->status().value();
    std::cout << "  final DB " << status.db_bytes / 1024 << " KiB (+ WAL " << status.wal_bytes / 1024 << " KiB), "
              << status.snapshots << " snapshots\n";
    std::cout << "addresses=" << addresses << " first_seconds=" << first->seconds << " first_db_bytes=" << first->growth
              << " unchanged=" << unchanged << " unchanged_seconds=" << total_seconds / unchanged
              << " unchanged_growth_bytes=" << total_growth / unchanged << " changed_seconds=" << changed->seconds
              << " db_bytes=" << status.db_bytes << " wal_bytes=" << status.wal_bytes << "\n";
    if (argc <= 2) {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
    return total_growth / unchanged <= 8192 ? 0 : 1;
}
