// RAII wrappers over the SQLite C API, private to src/store: Database owns one sqlite3*,
// Statement one sqlite3_stmt*, Transaction rolls back unless committed.
//
// Errors are values (Status/Result) whose message names the database file and the failing
// SQL. Not thread-safe: one thread uses a Database and its statements at a time (SQLite's
// own locking makes several processes safe).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>
#include <string>
#include <string_view>

#include "porwatch/util/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace porwatch::store::detail {

class Database;

class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Bind parameter `index` (1-based). Text is copied by SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::optional<std::string>& value);  // nullopt → NULL
    Statement& bind(int index, const std::optional<std::int64_t>& value);  // nullopt → NULL
    Statement& bind_null(int index);
    // Bind bytes as a BLOB (copied by SQLite); an empty span binds an empty BLOB, not NULL.
    Statement& bind_blob(int index, std::span<const std::uint8_t> bytes);

    // Bind every argument in order, starting at parameter 1.
    template <typename... Args> Statement& bind_all(const Args&... args)
    {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // Step once. Returns: true when a row is available, false when done; an Error otherwise.
    Result<bool> step();
    // Step to completion expecting no rows, then reset for reuse.
    Status run();
    // Reset for reuse and clear the bindings.
    void reset();

    bool is_null(int column) const;
    bool is_integer(int column) const;
    int column_count() const;
    std::int64_t int64(int column) const;
    std::string text(int column) const;  // NULL → ""
    std::optional<std::string> optional_text(int column) const;
    std::vector<std::uint8_t> blob(int column) const;  // NULL → empty

private:
    friend class Database;
    explicit Statement(sqlite3_stmt* stmt) : m_stmt(stmt) { }
    Status error(int rc) const;

    sqlite3_stmt* m_stmt = nullptr;
};

class Database {
public:
    // read_only: SQLITE_OPEN_READONLY. immutable: read-only and `immutable=1` (no lock, no -wal
    // or -shm opened or created: only for a file no writer has open, whose WAL is checkpointed).
    enum class Access {
        read_write,
        read_only,
        immutable
    };
    // Open (creating if missing) the database file at `path`; the read-only accesses open an
    // existing one (never created, migrated or written).
    // Fails with the path and SQLite's message.
    static Result<Database> open(const std::string& path, Access access = Access::read_write);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Run one or more statements that return no rows of interest.
    Status exec(std::string_view sql);
    // Compile one statement. Fails with the SQL and SQLite's message.
    Result<Statement> prepare(std::string_view sql) const;
    // Run a statement returning one integer (PRAGMA user_version, count(*), …).
    Result<std::int64_t> query_int(std::string_view sql) const;
    // The rowid of the last row this connection inserted (an INTEGER PRIMARY KEY's value).
    std::int64_t last_insert_rowid() const;

    Status set_busy_timeout(int milliseconds);
    // Keep the -wal and -shm files when the last connection closes (SQLITE_FCNTL_PERSIST_WAL),
    // so that readers who may not create files beside the database can still open it.
    Status set_persist_wal();
    const std::string& path() const { return m_path; }
    std::string last_error() const;

private:
    Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) { }

    sqlite3* m_db = nullptr;
    std::string m_path;
};

// A write transaction (BEGIN IMMEDIATE: takes the write lock up front, so a busy database
// fails at begin, within the busy timeout, rather than half-way). Rolls back on destruction
// unless commit() succeeded.
class Transaction {
public:
    static Result<Transaction> begin(Database& db);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    Status commit();

private:
    explicit Transaction(Database& db) : m_db(&db) { }

    Database* m_db = nullptr;  // null once committed or rolled back
};

}  // namespace porwatch::store::detail
