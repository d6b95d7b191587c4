// Helpers for the store tests: a temp dir that is kept (and printed) when a check failed,
// raw SQLite queries to look at the file as a sqlite3 CLI user would, and hand-built book
// entries and snapshots (the store's inputs are plain values).
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/store/store.hpp"

namespace porwatch::test {

// Incremented by the listener in test_store_migrations.cpp on every failed assertion.
inline std::atomic<int> g_store_failed_assertions{0};

// A fresh directory under $TMPDIR, removed at the end of the test unless an assertion failed
// meanwhile: then it is kept and its path printed, for the sqlite3 CLI.
class TempDir {
public:
    explicit TempDir(const std::string& name) : m_failures_at_start(g_store_failed_assertions.load())
    {
        static std::atomic<int> counter{0};
        m_path = std::filesystem::temp_directory_path() /
                 ("porwatch-test-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir()
    {
        if (g_store_failed_assertions.load() != m_failures_at_start) {
            std::cerr << "kept test database dir: " << m_path << "\n";
            return;
        }
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    int m_failures_at_start;
    std::filesystem::path m_path;
};

// Rows of a query on a separate raw connection, each row's columns joined by '|' (NULL as
// "NULL"), as `sqlite3 FILE 'SELECT …'` prints them.
inline std::vector<std::string> sql_rows(const std::string& db_path, const std::string& sql)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    INFO(sql << ": " << sqlite3_errmsg(db));
    REQUIRE(rc == SQLITE_OK);
    std::vector<std::string> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
            if (i) row += "|";
            const auto* text = sqlite3_column_text(stmt, i);
            row += text ? reinterpret_cast<const char*>(text) : "NULL";
        }
        rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
}

inline std::string sql_one(const std::string& db_path, const std::string& sql)
{
    const auto rows = sql_rows(db_path, sql);
    REQUIRE_MESSAGE(rows.size() == 1, sql);
    return rows[0];
}

// A distinct, valid address for index `i`: bitcoin p2wpkh (regtest) or an EVM account.
inline address::Address test_address(address::Chain chain, int i)
{
    const std::string seed = "porwatch-store-test-" + std::to_string(i);
    const Hash256 h = crypto::sha256(crypto::as_bytes(seed));
    if (chain == address::Chain::ethereum) {
        return address::parse_evm_address(address::eip55(ByteView(h.data(), 20))).value();
    }
    const std::string text =
        address::encode_address(chain, address::Network::regtest, address::AddressType::p2wpkh, ByteView(h.data(), 20));
    return address::parse_address(text, chain, address::Network::regtest).value().address;
}

inline addressbook::BookEntry test_entry(address::Chain chain, int i, const std::string& asset,
                                         const std::string& file = "reserves.csv")
{
    addressbook::BookEntry e;
    e.file = file;
    e.line = static_cast<std::size_t>(i) + 2;
    e.coin = asset;
    e.asset = asset;
    e.decimals = chain == address::Chain::ethereum ? 18 : 8;
    e.chain = chain;
    e.network = chain == address::Chain::ethereum ? address::Network::main : address::Network::regtest;
    e.address = test_address(chain, i);
    e.address_text = e.address->text;
    e.label = "wallet " + std::to_string(i);
    return e;
}

inline snapshot::ChainResult test_chain(address::Chain chain, snapshot::ChainStatus status, std::uint64_t height)
{
    snapshot::ChainResult c;
    c.chain = chain;
    c.network = chain == address::Chain::ethereum ? address::Network::main : address::Network::regtest;
    c.chain_id = chain == address::Chain::ethereum ? "31337" : "";
    c.status = status;
    c.height = height;
    c.block_hash = "hash-" + std::string(address::to_string(chain)) + "-" + std::to_string(height);
    c.endpoints.push_back({"http://127.0.0.1:18443", c.block_hash, height, "", std::nullopt});
    c.duration_ms = 12;
    if (status != snapshot::ChainStatus::complete) c.error = "connect: connection refused";
    return c;
}

inline snapshot::AssetTotal test_total(const std::string& asset, address::Chain chain, unsigned decimals,
                                       const std::string& units, std::size_t addresses)
{
    snapshot::AssetTotal t;
    t.asset = asset;
    t.chain = chain;
    t.decimals = decimals;
    t.units = parse_units(units).value();
    t.addresses = addresses;
    t.verified_addresses = addresses;
    t.verified_units = t.units;  // every address verified, so the proven part is the whole
    return t;
}

// A complete bitcoin-only snapshot of `book`, every address holding `units`.
inline snapshot::Snapshot simple_snapshot(std::int64_t at, const std::vector<addressbook::BookEntry>& book,
                                          std::uint64_t units)
{
    snapshot::Snapshot s;
    s.started_at = at;
    s.finished_at = at + 1;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains.push_back(test_chain(address::Chain::bitcoin, snapshot::ChainStatus::complete, 200));
    for (const auto& e : book) s.balances.push_back({address::Chain::bitcoin, e.address->text, "BTC", Units{units}});
    s.totals.push_back(test_total("BTC", address::Chain::bitcoin, 8, std::to_string(units * book.size()), book.size()));
    return s;
}

// `count` bitcoin addresses holding BTC.
inline std::vector<addressbook::BookEntry> btc_book(int count)
{
    std::vector<addressbook::BookEntry> book;
    for (int i = 0; i < count; ++i) book.push_back(test_entry(address::Chain::bitcoin, i, "BTC"));
    return book;
}

}  // namespace porwatch::test
