// The history store: porwatch's SQLite database (address book, ownership verdicts, snapshots
// with their chain evidence, per-asset totals, delta-stored per-address balances).
//
// Store owns one SQLite connection (src/store's RAII wrapper; sqlite3.h is never exposed).
// Opening applies the migrations compiled in from schema/NNN_name.sql inside one transaction
// (tracked with PRAGMA user_version) and refuses a database written by a newer porwatch.
// Each write is one transaction: all of it is stored, or none of it. The store never reads
// the clock: every time is passed in (UTC unix seconds).
//
// Thread-safety: a Store is used by one thread at a time. Several processes may open the
// same file (WAL mode, busy timeout); writes are serialized by SQLite.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/snapshot/snapshot.hpp"
#include "porwatch/store/alerts.hpp"
#include "porwatch/store/export.hpp"
#include "porwatch/store/report_data.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::store {

namespace detail {
class Database;
}

// Returns: the newest schema version this build knows (the highest NNN in schema/).
int schema_version();

// Why a database could not be opened for reading (Store::open_readonly). Frozen.
enum class StoreError {
    missing,
    permission_denied,
    not_porwatch,
    too_new,
    too_old,
    sqlite
};
constexpr std::string_view error_domain(StoreError)
{
    return "store";
}

struct OpenOptions {
    int busy_timeout_ms = 5000;
    // Tests only: migrate no further than this version (to build an older database).
    std::optional<int> migrate_to;
};

// The address book as loaded this cycle. Entries without a parsed address are not stored
// (they cannot be watched; the book module reports them).
struct BookInput {
    std::span<const addressbook::BookEntry> entries;
    // Ownership verdicts, parallel to `entries`, when they were (re)checked this cycle;
    // empty when not. A verdict row is stored only when it differs from the previous one.
    std::span<const proof::ProofResult> verdicts;
    std::int64_t checked_at = 0;
    // Hex SHA-256 of each address file's content, by file name as in BookEntry::file. Their
    // bytes come with the snapshot (Snapshot::book_files): stored once per content hash.
    std::map<std::string, std::string> file_hashes;
};

// One address that entered or left the book at this snapshot (also stored in book_events).
struct BookEvent {
    std::string event;  // "added" or "removed"
    address::Chain chain = address::Chain::bitcoin;
    std::string address;  // canonical text
    std::string source_file;
};

struct WriteReport {
    std::int64_t snapshot_id = 0;
    std::size_t addresses_added = 0;
    std::size_t addresses_removed = 0;
    std::size_t balance_rows = 0;  // delta rows written (changes, entries, leavings)
    std::size_t verdict_rows = 0;  // ownership verdicts that changed
    // The book diff, in book order (added) and address order (removed). The very first
    // book is all "added".
    std::vector<BookEvent> book_events;
};

// A value bound to, or read from, SQL run by a WriteHook: NULL, an integer or text.
// Money is text (decimal base units), never a number.
using SqlValue = std::variant<std::monostate, std::int64_t, std::string>;
using SqlRow = std::vector<SqlValue>;

// The open transaction of one write_snapshot(), lent to a WriteHook so that a later stage
// (the alert engine: alert_state, alert_outbox) stores its rows atomically with the snapshot.
// Valid only during the hook call. Not thread-safe.
class SnapshotTransaction {
public:
    std::int64_t snapshot_id() const { return m_snapshot_id; }
    // Run one statement with `params` bound to ?1, ?2, … Fails with SQLite's message.
    Status execute(std::string_view sql, std::span<const SqlValue> params = {});
    // Run one query. Returns: every row. Fails with SQLite's message.
    Result<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlValue> params = {});

    struct Access;

private:
    friend struct Access;
    SnapshotTransaction(detail::Database& db, std::int64_t snapshot_id) : m_db(db), m_snapshot_id(snapshot_id) { }
    detail::Database& m_db;  // declared only: sqlite3.h stays inside src/store
    std::int64_t m_snapshot_id;
};

// Called by write_snapshot() after everything of the snapshot is written and before the
// commit. An Error rolls the whole write back (snapshot included) and write_snapshot()
// returns it: a hook that must not lose snapshots should log its own failures and return Ok.
using WriteHook = std::function<Status(SnapshotTransaction& tx, const WriteReport& report)>;

// Retention: every snapshot younger than keep_all_days; then the best one per UTC hour until
// hourly_days; then the best one per UTC day, forever (totals are never thinned below daily).
// A bucket is thinned only once all of it is past its tier's age, so a snapshot may be kept
// up to an hour (or a day) longer than the figures say, never shorter.
// "Best" = the latest complete snapshot of the bucket, else the latest partial, else the
// latest failed. The newest snapshot is always kept. Balances of thinned snapshots are carried
// forward, so every kept snapshot's balances are unchanged.
struct RetentionPolicy {
    std::int64_t keep_all_days = 7;
    std::int64_t hourly_days = 90;
};

struct RetentionReport {
    std::size_t snapshots_kept = 0;
    std::size_t snapshots_deleted = 0;
};

struct HistoryQuery {
    std::optional<std::string> asset;  // nullopt = every asset
    std::optional<std::int64_t> since;  // inclusive, UTC unix seconds
    std::optional<std::int64_t> until;  // inclusive
};

// One stored total with its evidence. One row per (snapshot, asset, chain).
struct HistoryRow {
    std::int64_t snapshot_id = 0;
    std::int64_t taken_at = 0;  // the snapshot's started_at
    std::string snapshot_status;  // "complete", "partial", "failed"
    std::string asset;
    std::string chain;
    std::string network;
    std::uint64_t height = 0;
    std::string block_hash;
    unsigned decimals = 0;
    Units units;
    std::string amount;  // format_decimal(units, decimals)
    std::optional<Units> claimed_units;
    std::size_t addresses = 0;
    std::size_t verified_addresses = 0;
    // Proven reserves (schema 005): nullopt for totals stored before it (unknown, never 0).
    std::optional<Units> verified_units;
    std::size_t unverified_addresses = 0;  // addresses - verified_addresses
    // Rows whose claim did not parse (claimed_units is then nullopt); nullopt before schema 005.
    std::optional<std::size_t> claim_errors;
    // The total's value (schema 007), when its snapshot read prices: `quote` is set, and the
    // values are absent with `unpriced_reason` when the asset was unpriced.
    std::optional<std::string> quote;
    std::optional<prices::Value> value;  // 10^-8 quote units
    std::optional<prices::Value> verified_value;
    std::string unpriced_reason;
};

// One stored solvency row (schema 008) with its snapshot. `solvency` is the row as written.
struct SolvencyRow {
    std::int64_t snapshot_id = 0;
    std::int64_t taken_at = 0;  // the snapshot's started_at
    std::string snapshot_status;
    snapshot::Solvency solvency;
};

// One liabilities file as a stored snapshot loaded it.
struct LiabilityFileRow {
    std::string file;
    std::string format;  // frozen name
    std::string sha256;
    bool verified = false;
    std::string error;
    std::optional<std::uint64_t> height;
    std::string root;
    std::string checked;
    std::string zk_status;  // "passed", "failed" or "" (no zk_verifier)
    std::string zk_detail;
};

struct SnapshotSummary {
    std::int64_t id = 0;
    std::int64_t started_at = 0;
    std::int64_t finished_at = 0;
    std::string status;
    std::string error;
};

// What the latest snapshot's evidence says per chain (schema 006), for `status`.
struct ChainEvidenceRow {
    std::int64_t snapshot_id = 0;
    std::string chain;
    std::string status;  // the chain's status in that snapshot
    std::optional<chain::ProofSummary> proofs;  // EVM chains
    std::size_t outpoints = 0;  // UTXO chains: outputs behind the balances
};

struct StatusReport {
    int schema_version = 0;
    std::optional<SnapshotSummary> last_complete;
    std::optional<SnapshotSummary> last_partial;
    std::optional<SnapshotSummary> last_failed;
    std::optional<SnapshotSummary> last_error;  // latest snapshot with a non-empty error
    std::size_t snapshots = 0;
    std::size_t addresses_in_book = 0;
    std::size_t addresses_removed = 0;
    std::size_t verdicts = 0;  // latest verdicts of in-book (address, coin)
    std::size_t verified = 0;  // of those, status "verified"
    std::int64_t db_bytes = 0;  // main file (page_count × page_size)
    std::int64_t wal_bytes = 0;  // the -wal file, 0 if absent
    // The most recent stored total of each (asset, chain) (view latest_reserves).
    std::vector<HistoryRow> latest_totals;
    // The book rows the latest snapshot did not scan (none stored before schema 005).
    std::optional<std::int64_t> latest_snapshot_id;
    std::vector<snapshot::Unscanned> unscanned;
    // Pricing (schema 007): the latest snapshot's total value and every feed's latest verdict.
    std::optional<ValueRow> latest_value;
    std::vector<PriceRow> latest_prices;
    // The latest snapshot's evidence per chain (none stored before schema 006).
    std::vector<ChainEvidenceRow> evidence;
    // The most recent stored ratio of each (asset, chain), and the liabilities files of the
    // latest snapshot that loaded any (schema 008; empty before).
    std::vector<SolvencyRow> latest_solvency;
    std::vector<LiabilityFileRow> latest_liabilities;
    // The latest snapshot's ratio in value (with [prices] and [liabilities]), and its id.
    std::optional<snapshot::AggregateSolvency> latest_solvency_value;
    std::int64_t latest_solvency_value_snapshot = 0;
};

struct BalanceAt {
    std::int64_t snapshot_id = 0;
    Units units;
    std::int64_t changed_at_snapshot = 0;  // the snapshot whose row holds the value
};

class Store {
public:
    // Open or create the database at `path`, migrate it, and set WAL (persistent: -wal and -shm
    // stay after close, for readers who may not create them), busy_timeout and foreign_keys. Fails on I/O errors, on a database from a newer porwatch (its
    // user_version is above schema_version()), or when a migration fails (nothing applied).
    static Result<Store> open(const std::string& path, const OpenOptions& options = {});

    // Open an existing database for the readers (history, status, alerts, report, export):
    // SQLITE_OPEN_READONLY, no migration, no journal-mode change, nothing created or written
    // (a 0-byte file stays 0 bytes). Works in a read-only directory and for a user who may only
    // read the files (the `porwatch` group): without a -wal file (no writer, checkpointed) a
    // non-owner reads the main file as immutable, so SQLite creates no -wal or -shm either. Fails with a StoreError: missing ("no database at
    // PATH"), permission_denied (naming the user), not_porwatch (empty, not SQLite, or no
    // porwatch schema), too_new / too_old (a schema this build does not read), sqlite.
    // Only the const (reading) methods may be used on the result.
    static Result<Store> open_readonly(const std::string& path, const OpenOptions& options = {});

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    // Returns: the schema version of the open database (PRAGMA user_version).
    Result<int> version() const;

    // Write one snapshot, and the address book and ownership verdicts of its cycle when
    // `book` is given, in one transaction. Balances are stored only when they differ from the
    // address's previous stored value; addresses that left the book get a NULL balance row.
    // Fails (and stores nothing) on any SQLite error or an inconsistent snapshot.
    // `hook` (optional) runs inside the same transaction, see WriteHook.
    Result<WriteReport> write_snapshot(const snapshot::Snapshot& snap, const std::optional<BookInput>& book,
                                       const std::string& error = "", const WriteHook& hook = {});

    // Thin old snapshots per `policy`, relative to `now`. One transaction.
    Result<RetentionReport> apply_retention(const RetentionPolicy& policy, std::int64_t now);

    // Totals over time, oldest first.
    Result<std::vector<HistoryRow>> history(const HistoryQuery& query) const;
    // Stored ratios over time (schema 008), oldest first; empty for an older database.
    Result<std::vector<SolvencyRow>> solvency_history(const HistoryQuery& query) const;
    Result<StatusReport> status() const;
    // The balance of `address` (canonical text) for `asset` at snapshot `snapshot_id`;
    // nullopt when it had none stored (not yet in the book, or left it).
    Result<std::optional<BalanceAt>> balance_at(std::int64_t snapshot_id, address::Chain chain,
                                                const std::string& address, const std::string& asset) const;
    // Snapshot ids, oldest first.
    Result<std::vector<std::int64_t>> snapshot_ids() const;

    // Alerts (store/alerts.hpp): states, the outbox and its delivery log.
    Result<std::vector<AlertStateRow>> alert_states() const;
    // Queued rows (not delivered, not given up, not silenced), oldest first, due or not.
    Result<std::vector<OutboxRow>> queued_deliveries(std::size_t limit) const;
    // Outbox rows, newest first.
    Result<std::vector<OutboxRow>> delivery_log(const DeliveryLogQuery& query) const;
    // Record one attempt (or giving up). Fails when the row does not exist or is already
    // delivered or given up (a second worker got there first).
    Status record_attempt(const DeliveryAttempt& attempt);
    // Returns: the earliest next_attempt_at of the queued rows, nullopt when none is queued.
    Result<std::optional<std::int64_t>> next_delivery_at() const;
    // Returns: the latest verdict of every (address in the book, coin), as stored.
    Result<std::vector<VerdictRow>> latest_verdicts() const;
    // Returns: when the first stored snapshot was taken (watching began), nullopt if none.
    Result<std::optional<std::int64_t>> first_snapshot_at() const;
    // Returns: every total (store/alerts.hpp TotalPoint) of a snapshot taken at or after
    // `since`, plus the latest total of each (asset, chain) whenever it was, oldest first.
    Result<std::vector<TotalPoint>> total_history(std::int64_t since) const;
    // Returns: one reading summary per chain ever scanned, by chain name.
    Result<std::vector<ChainReading>> chain_readings() const;
    // Returns: true when asset_totals has the verified_units column (schema 005).
    Result<bool> has_verified_totals() const;

    // Pricing (store/query_prices.cpp, schema 007).
    // Returns: the total value of every snapshot in `query`'s period that read prices, oldest
    // first (query.asset is ignored).
    Result<std::vector<ValueRow>> value_history(const HistoryQuery& query) const;
    // Returns: the value figures drops compare with, taken at or after `since`, plus the latest
    // of each series whenever it was: per priced total (asset, chain) and the complete totals
    // (asset "" ), oldest first.
    Result<std::vector<ValuePoint>> value_points(std::int64_t since) const;
    // Returns: per feed asset ever stored, when it was last priced and first read.
    Result<std::vector<PriceReading>> price_readings() const;

    // Observability (store/report_query.cpp), for the metrics and `porwatch report`.
    // Returns: chain → started_at of the latest stored snapshot where that chain was complete.
    Result<std::map<std::string, std::int64_t>> last_complete_chains() const;
    // Returns: what the report shows of the snapshots started in [query.since, query.until].
    // Fails on SQLite errors or a stored amount that is not an integer.
    Result<ReportData> report_data(const ReportQuery& query) const;

    // Everything of snapshot `snapshot_id` a bundle holds (store/export.hpp). Fails when there
    // is no such snapshot, on SQLite errors, or on stored data that does not parse.
    Result<SnapshotExport> export_snapshot(std::int64_t snapshot_id) const;

    // Run PRAGMA integrity_check. Returns: "ok" or SQLite's report.
    Result<std::string> integrity_check() const;

    struct Impl;

private:
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace porwatch::store
