// Store: opening, migrations, integrity check.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "porwatch/util/read_file.hpp"

#include "migrations.hpp"
#include "store_impl.hpp"

namespace porwatch::store {

using detail::Database;
using detail::Transaction;

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
        if (Status set = db.exec("PRAGMA user_version = " + std::to_string(migration.version)); !set) {
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

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) { }
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::open(const std::string& path, const OpenOptions& options)
{
    Result<Database> opened = Database::open(path);
    if (!opened) return opened.error();
    auto impl = std::make_unique<Impl>(Impl{std::move(*opened), {}});
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
        return Error{"database " + path + ": cannot switch to WAL mode (journal_mode is " + wal->text(0) + ")"};
    }
    wal->reset();
    // The -wal and -shm files outlive porwatch: a reader in the porwatch group, who may not create
    // files in the state directory, can open the database only when they exist (SQLite >= 3.22).
    if (Status persist = db.set_persist_wal(); !persist) return persist.error();
    // foreign_keys is per connection and a no-op inside a transaction: set it first.
    // synchronous=FULL: a committed snapshot survives power loss, not only a process crash.
    // journal_size_limit: truncate the WAL after a checkpoint instead of keeping the size of
    // the largest transaction (the first 100k-address snapshot) forever.
    if (Status pragmas = db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
                                 "PRAGMA journal_size_limit = 4194304; PRAGMA cache_size = -65536");
        !pragmas) {
        return pragmas.error();
    }
    const int target = options.migrate_to.value_or(schema_version());
    if (Status migrated = migrate(db, target); !migrated) return migrated.error();
    return Store(std::move(impl));
}

namespace {

Error denied(const std::string& path)
{
    return Error{StoreError::permission_denied,
                 "database " + path + ": permission denied for " + process_identity() +
                     " (the database and its directory are readable by the porwatch group: "
                     "adduser YOU porwatch, then log in again)"};
}

Error not_porwatch(const std::string& path, const std::string& why)
{
    return Error{StoreError::not_porwatch, path + " is not a porwatch database (" + why + ")"};
}

// Check `path` before SQLite sees it, so that the reason is told and nothing is created.
Status check_readable_file(const std::string& path)
{
    struct stat info { };
    if (::stat(path.c_str(), &info) != 0) {
        if (errno == EACCES) return denied(path);
        return Error{StoreError::missing, "no database at " + path};
    }
    if (S_ISDIR(info.st_mode)) return not_porwatch(path, "a directory");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == EACCES ? Status(denied(path))
                               : Status(Error{StoreError::sqlite, path + ": " + std::strerror(errno)});
    char header[16] = {};
    const ssize_t n = ::read(fd, header, sizeof header);
    ::close(fd);
    if (info.st_size == 0 || n == 0) return not_porwatch(path, "an empty file");
    if (n != static_cast<ssize_t>(sizeof header) || std::memcmp(header, "SQLite format 3", 16) != 0) {
        return not_porwatch(path, "not an SQLite database");
    }
    return Ok{};
}

}  // namespace

Result<Store> Store::open_readonly(const std::string& path, const OpenOptions& options)
{
    if (Status readable = check_readable_file(path); !readable) return readable.error();
    // Without a -wal file SQLite would create -wal and -shm even for a read-only connection:
    // files that the daemon's user could not open if another user made them, and that a reader
    // in the porwatch group cannot make. No -wal means no writer has the database open and its
    // WAL was checkpointed: the main file is the whole database, read as immutable. The owner
    // (the daemon's own user) opens normally.
    struct stat db_info { };
    struct stat wal_info { };
    const bool has_wal = ::stat((path + "-wal").c_str(), &wal_info) == 0;
    const bool owner = ::stat(path.c_str(), &db_info) == 0 && db_info.st_uid == ::geteuid();
    const auto access = has_wal || owner ? Database::Access::read_only : Database::Access::immutable;
    Result<Database> opened = Database::open(path, access);
    if (!opened) return Error{StoreError::sqlite, opened.error().message + " (as " + process_identity() + ")"};
    auto impl = std::make_unique<Impl>(Impl{std::move(*opened), {}});
    Database& db = impl->db;
    if (Status busy = db.set_busy_timeout(options.busy_timeout_ms); !busy) return busy.error();
    Result<std::int64_t> version = db.query_int("PRAGMA user_version");
    if (!version) {
        // -shm or -wal that this user may not open, or a corrupt file.
        return Error{StoreError::sqlite, version.error().message + " (as " + process_identity() + ")"};
    }
    Result<std::int64_t> tables = db.query_int(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('snapshots', 'asset_totals')");
    if (!tables) return Error{StoreError::sqlite, tables.error().message};
    if (*tables != 2 || *version < 1) return not_porwatch(path, "an SQLite database without porwatch's tables");
    if (Status newer = refuse_if_newer(db, *version); !newer) return Error{StoreError::too_new, newer.error().message};
    if (*version < schema_version()) {
        return Error{StoreError::too_old, "database " + path + " has schema version " + std::to_string(*version) +
                                              "; this porwatch reads " + std::to_string(schema_version()) +
                                              ". `porwatch run` (or `scan`) upgrades it the next time "
                                              "it opens it; readers never write"};
    }
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
