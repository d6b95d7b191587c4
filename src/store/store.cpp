// Store: opening, migrations, frozen names, integrity check.
#include <utility>

#include "migrations.hpp"
#include "store_impl.hpp"

namespace porwatch::store {

using detail::Database;
using detail::Transaction;

namespace detail {

std::string_view stored_name(snapshot::SnapshotStatus status)
{
    switch (status) {
    case snapshot::SnapshotStatus::complete: return "complete";
    case snapshot::SnapshotStatus::partial: return "partial";
    case snapshot::SnapshotStatus::failed: return "failed";
    }
    return "failed";
}

std::string_view stored_name(snapshot::ChainStatus status)
{
    switch (status) {
    case snapshot::ChainStatus::complete: return "complete";
    case snapshot::ChainStatus::failed: return "failed";
    case snapshot::ChainStatus::disputed: return "disputed";
    }
    return "failed";
}

std::string_view stored_name(proof::ProofStatus status)
{
    switch (status) {
    case proof::ProofStatus::verified: return "verified";
    case proof::ProofStatus::failed: return "failed";
    case proof::ProofStatus::unsupported: return "unsupported";
    case proof::ProofStatus::unsigned_entry: return "unsigned";
    case proof::ProofStatus::owners_signed: return "owners-signed";
    }
    return "failed";
}

std::string_view stored_name(prices::PriceStatus status)
{
    return status == prices::PriceStatus::priced ? "priced" : "unpriced";
}

std::string_view stored_name(chain::FeedStatus status)
{
    switch (status) {
    case chain::FeedStatus::read: return "read";
    case chain::FeedStatus::unread: return "unread";
    case chain::FeedStatus::disputed: return "disputed";
    }
    return "unread";
}

}  // namespace detail

namespace {

Status refuse_if_newer(const Database& db, std::int64_t version)
{
    if (version > schema_version()) {
        return Error{"database " + db.path() + " has schema version " + std::to_string(version) +
                     ", written by a newer porwatch; this porwatch knows up to version " +
                     std::to_string(schema_version()) +
                     ". Refusing to open it: upgrade porwatch, or use another database file"};
    }
    return Ok{};
}

// Apply every migration above the database's user_version, up to `target`, in one
// transaction, so a failure (or kill -9) leaves the database at its old version.
Status migrate(Database& db, int target)
{
    Result<Transaction> tx = Transaction::begin(db);
    if (!tx) return tx.error();
    // Read again under the write lock: another process may have migrated meanwhile.
    Result<std::int64_t> version = db.query_int("PRAGMA user_version");
    if (!version) return version.error();
    if (Status newer = refuse_if_newer(db, *version); !newer) return newer;
    for (const auto& migration : detail::embedded_migrations()) {
        if (migration.version <= *version || migration.version > target) continue;
        if (Status applied = db.exec(migration.sql); !applied) {
            return wrap_error("migration " + std::string(migration.name), applied.error());
        }
        // PRAGMA takes no bound parameters; the version is an integer we produced.
        if (Status set = db.exec("PRAGMA user_version = " + std::to_string(migration.version));
            !set) {
            return set.error();
        }
    }
    return tx->commit();
}

}  // namespace

int schema_version()
{
    const auto migrations = detail::embedded_migrations();
    return migrations.empty() ? 0 : migrations.back().version;
}

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::open(const std::string& path, const OpenOptions& options)
{
    Result<Database> opened = Database::open(path);
    if (!opened) return opened.error();
    auto impl = std::make_unique<Impl>(Impl{std::move(*opened)});
    Database& db = impl->db;
    if (Status busy = db.set_busy_timeout(options.busy_timeout_ms); !busy) return busy.error();

    // Refuse a newer database before changing anything in it (even its journal mode).
    Result<std::int64_t> version = db.query_int("PRAGMA user_version");
    if (!version) return version.error();
    if (Status newer = refuse_if_newer(db, *version); !newer) return newer.error();

    Result<detail::Statement> wal = db.prepare("PRAGMA journal_mode = WAL");
    if (!wal) return wal.error();
    if (Result<bool> row = wal->step(); !row) return row.error();
    if (wal->text(0) != "wal") {
        return Error{"database " + path + ": cannot switch to WAL mode (journal_mode is " +
                     wal->text(0) + ")"};
    }
    wal->reset();
    // foreign_keys is per connection and a no-op inside a transaction: set it first.
    // synchronous=FULL: a committed snapshot survives power loss, not only a process crash.
    // journal_size_limit: truncate the WAL after a checkpoint instead of keeping the size of
    // the largest transaction (the first 100k-address snapshot) forever.
    if (Status pragmas = db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
                                 "PRAGMA journal_size_limit = 4194304");
        !pragmas) {
        return pragmas.error();
    }
    const int target = options.migrate_to.value_or(schema_version());
    if (Status migrated = migrate(db, target); !migrated) return migrated.error();
    return Store(std::move(impl));
}

Result<int> Store::version() const
{
    Result<std::int64_t> version = m_impl->db.query_int("PRAGMA user_version");
    if (!version) return version.error();
    return static_cast<int>(*version);
}

Result<std::string> Store::integrity_check() const
{
    Result<detail::Statement> stmt = m_impl->db.prepare("PRAGMA integrity_check");
    if (!stmt) return stmt.error();
    std::string report;
    for (;;) {
        Result<bool> row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        if (!report.empty()) report += "\n";
        report += stmt->text(0);
    }
    return report;
}

}  // namespace porwatch::store
