// Store's private state and helpers shared by the store's .cpp files. Private to src/store.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "porwatch/proof/verify.hpp"
#include "porwatch/snapshot/snapshot.hpp"
#include "porwatch/store/store.hpp"
#include "sqlite.hpp"

namespace porwatch::store {
namespace detail {

struct StoredAddress {
    std::int64_t id = 0;
    bool active = false;
    std::string source_file;
    std::string label;
};

// The latest stored balance of one (address, asset): nullopt once the address left the book.
struct LatestBalance {
    std::optional<Units> units;
    std::int64_t written_in = 0;  // the snapshot being written last saw it (finds duplicates)
};

// What a write needs from the stored book and balances, kept in memory from one write to the
// next (Store::Impl) so that a snapshot does not re-read 100k addresses and balances first.
// Invariant: when `valid`, it equals the database as of this connection's last commit, and
// `data_version` is PRAGMA data_version then: a different value at the next write means
// another connection committed in between, and the cache is reloaded. A failed write clears it.
// apply_retention keeps it: it moves balance rows only to newer snapshots (retention.cpp).
struct WriterCache {
    bool valid = false;
    std::int64_t data_version = 0;
    std::unordered_map<std::string, StoredAddress> addresses;  // chain\nnetwork\naddress
    std::unordered_map<std::string, std::int64_t> by_text;  // chain\naddress, in book first
    // Latest stored balance per address_id\nasset; nullopt = the address left the book.
    std::unordered_map<std::string, LatestBalance> latest;
    std::unordered_map<std::int64_t, std::vector<std::string>> assets_of;  // id → assets
    // The latest stored verdict per address_id\ncoin, as verdict_fingerprint (write_book.cpp);
    // loaded by the first write that carries verdicts. ownership_results is append-only (no
    // retention touches it), so writes only add to it.
    bool verdicts_loaded = false;
    std::unordered_map<std::string, std::string> verdicts;

    void clear() { *this = WriterCache{}; }
};

}  // namespace detail

struct Store::Impl {
    detail::Database db;
    detail::WriterCache writer_cache;  // see WriterCache: valid only between this connection's writes
};

namespace detail {

// The `chain` column of an [evm.NAME] section's rows is its NAME (snapshot_chains is keyed by
// snapshot and chain, and a total joins its own chain's row); the stored name of a built-in
// chain's row is the chain's. Returns: the column's text for `result` / a total's `asset`.
inline std::string stored_chain_name(address::Chain chain, std::string_view asset)
{
    const std::string_view source = snapshot::asset_source(asset);
    return source.empty() ? std::string(address::to_string(chain)) : std::string(source);
}

// The `chain` column of a total (asset_totals, snapshot_values) of `snap`: its chain's
// (stored_chain_name), except a same_asset sum (USDT@all), stored under its first member's
// chain, whose row is complete whenever the sum exists: history and alert readers join a
// total to its chain's row, and that row's height is the sum's evidence with the others'.
inline std::string stored_total_chain(const snapshot::Snapshot& snap, address::Chain chain, std::string_view asset)
{
    for (const auto& sum : snap.sums) {
        if (sum.asset == asset && !sum.members.empty()) return stored_chain_name(chain, sum.members.front());
    }
    return stored_chain_name(chain, asset);
}

// Returns: the chain a stored `chain` column names: a built-in chain, or ethereum for an
// [evm.NAME] section's NAME (lower-case letters, digits, '_'); nullopt for anything else.
inline std::optional<address::Chain> chain_from_stored(std::string_view text)
{
    if (const auto chain = address::chain_from_string(text)) return chain;
    const bool section = !text.empty() && std::all_of(text.begin(), text.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    });
    return section ? std::optional(address::Chain::ethereum) : std::nullopt;
}

// Store the snapshot's valuation (snapshot_prices, snapshot_values, snapshot_value_totals) in
// the open write transaction; nothing when it has none (write_prices.cpp).
Status store_valuation(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap);

// Returns: floor(t / width), the retention bucket (UTC hour or day) of time t.
inline std::int64_t bucket_of(std::int64_t t, std::int64_t width)
{
    return t >= 0 ? t / width : -((-t + width - 1) / width);
}

// Parse a stored integer string; a failure means the database was edited by hand or
// corrupted, and is reported (naming `where`) rather than shown as a number.
inline Result<Units> stored_units(const std::string& text, const std::string& where)
{
    Result<Units> units = parse_units(text);
    if (!units) return Error{"corrupt stored amount '" + text + "' in " + where};
    return units;
}

// Fill report.latest_value and report.latest_prices (query_prices.cpp).
Status latest_pricing(const Database& db, StatusReport& report);
// Fill data.value and data.prices: the last snapshot of the period that read prices.
Status read_report_prices(const Database& db, ReportData& data);
// The price evidence of snapshot `id` for its bundle (out.prices; left nullopt when the
// snapshot did not read prices).
Status read_export_prices(const Database& db, std::int64_t id, SnapshotExport& out);

// The stored id of (chain, canonical address) in the book written so far; fails when unknown.
using AddressLookup = std::function<Result<std::int64_t>(address::Chain, const std::string&)>;

// Schema 006 evidence of `snap` (evidence_write.cpp), inside write_snapshot's transaction.
Status write_chain_evidence(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap);
// Close the outpoints no longer counted on each complete UTXO chain and add the new ones.
Status write_outpoints(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap,
                       const AddressLookup& id_of);
// Store each file's bytes (snap.book_files) once per content hash and link the snapshot to
// the files of `book`.
Status write_book_files(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap, const BookInput& book);

// Fill report.evidence from the latest snapshot's chain_evidence rows (export.cpp).
Status read_latest_evidence(const Database& db, StatusReport& report);

// Store the snapshot's liabilities files and solvency rows (schema 008), inside the write.
Status store_solvency(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap);

// Returns: true when `table` has `column` (a table that does not exist has none).
Result<bool> column_exists(const Database& db, std::string_view table, std::string_view column);

// Fill report.latest_solvency and latest_liabilities (nothing for a database before 008).
Status latest_solvency(const Database& db, StatusReport& report);
// Fill report.latest_solvency_value (nothing before a snapshot stored one).
Status latest_solvency_value(const Database& db, StatusReport& report);

// Run `hook` on the open write transaction of the snapshot `report` describes.
Status run_write_hook(Database& db, const WriteHook& hook, const WriteReport& report);

}  // namespace detail
}  // namespace porwatch::store
