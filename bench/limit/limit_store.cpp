// porwatch-limit-store DB ADDRESSES UNCHANGED: the naive lower bound for `porwatch-bench store`
// (bench/scale.sh times both as whole processes). Same process shape: derive the same
// ADDRESSES addresses (SHA-256 of "porwatch-bench-store-i"), then write 1 + UNCHANGED + 1
// snapshots, each one row per address (snapshot id, 20-byte payload, asset, balance) in one
// transaction with a prepared statement, into a table with no index, in WAL mode with
// synchronous = FULL like porwatch's store. Nothing is compared with the previous snapshot:
// every write costs the same. Prints key=value fields like `porwatch-bench store`.
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "porwatch/crypto/hash.hpp"

using namespace porwatch;

namespace {

bool exec(sqlite3* db, const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    std::cerr << "porwatch-limit-store: " << (message ? message : "?") << "\n";
    sqlite3_free(message);
    return false;
}

std::int64_t db_bytes(sqlite3* db)
{
    std::int64_t pages = 0, size = 0;
    for (auto [sql, out] : {std::pair{"PRAGMA page_count", &pages}, std::pair{"PRAGMA page_size", &size}}) {
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
        if (sqlite3_step(stmt) == SQLITE_ROW) *out = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    return pages * size;
}

// Returns: the seconds one snapshot's rows took to write, or a negative value on failure.
double write_snapshot(sqlite3* db, sqlite3_stmt* insert, int snapshot, const std::vector<Hash256>& payloads)
{
    const auto start = std::chrono::steady_clock::now();
    if (!exec(db, "BEGIN")) return -1;
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        sqlite3_bind_int(insert, 1, snapshot);
        sqlite3_bind_blob(insert, 2, payloads[i].data(), 20, SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, i % 4 == 3 ? "ETH" : "BTC", 3, SQLITE_STATIC);
        sqlite3_bind_int64(insert, 4, static_cast<std::int64_t>(i % 1000 + 1) * 1000000);
        if (sqlite3_step(insert) != SQLITE_DONE) return -1;
        sqlite3_reset(insert);
    }
    if (!exec(db, "COMMIT")) return -1;
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return elapsed.count();
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 4) {
        std::cerr << "usage: porwatch-limit-store DB ADDRESSES UNCHANGED\n";
        return 2;
    }
    const std::string path = argv[1];
    const std::size_t addresses = std::stoul(argv[2]);
    const int unchanged = std::stoi(argv[3]);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::vector<Hash256> payloads;
    payloads.reserve(addresses);
    for (std::size_t i = 0; i < addresses; ++i)
        payloads.push_back(crypto::sha256(crypto::as_bytes("porwatch-bench-store-" + std::to_string(i))));
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK ||
        !exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                  "CREATE TABLE balances (snapshot INTEGER, address BLOB, asset TEXT, units INTEGER)")) {
        sqlite3_close(db);
        return 1;
    }
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO balances VALUES (?, ?, ?, ?)", -1, &insert, nullptr);
    const double first = write_snapshot(db, insert, 0, payloads);
    const std::int64_t first_bytes = db_bytes(db);
    double total = 0;
    bool ok = first >= 0;
    for (int n = 1; ok && n <= unchanged + 1; ++n) {  // the unchanged ones, then the "1% changed" one
        const double seconds = write_snapshot(db, insert, n, payloads);
        ok = seconds >= 0;
        if (n <= unchanged) total += seconds;
    }
    sqlite3_finalize(insert);
    const std::int64_t bytes = db_bytes(db);
    sqlite3_close(db);
    if (!ok) return 1;
    std::cout << "addresses=" << addresses << " first_seconds=" << first << " first_db_bytes=" << first_bytes
              << " unchanged=" << unchanged << " unchanged_seconds=" << total / unchanged
              << " unchanged_growth_bytes=" << (bytes - first_bytes) / (unchanged + 1) << " db_bytes=" << bytes << "\n";
    return 0;
}
