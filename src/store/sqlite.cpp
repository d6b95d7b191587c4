#include "sqlite.hpp"

#include <sqlite3.h>

#include <utility>

namespace porwatch::store::detail {

namespace {

// First line of `sql`, trimmed to a readable length, for error messages.
std::string sql_excerpt(std::string_view sql)
{
    const auto start = sql.find_first_not_of(" \n\t");
    if (start == std::string_view::npos) return "";
    sql.remove_prefix(start);
    std::string line(sql.substr(0, sql.find('\n')));
    if (line.size() > 80) line = line.substr(0, 77) + "...";
    return line;
}

}  // namespace

// ---- Statement -------------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept : m_stmt(std::exchange(other.m_stmt, nullptr)) { }

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value)
{
    return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value)
{
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Status Statement::error(int rc) const
{
    sqlite3* db = sqlite3_db_handle(m_stmt);
    const char* file = sqlite3_db_filename(db, "main");
    const char* sql = sqlite3_sql(m_stmt);
    return Error{std::string("sqlite ") + (file ? file : "") + ": " + sql_excerpt(sql ? sql : "") + ": " +
                 sqlite3_errmsg(db) + " (" + sqlite3_errstr(rc) + ")"};
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const Status failed = error(rc);
    sqlite3_reset(m_stmt);
    return failed.error();
}

Status Statement::run()
{
    Result<bool> stepped = step();
    reset();
    if (!stepped) return stepped.error();
    return Ok{};
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::is_null(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

bool Statement::is_integer(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_INTEGER;
}

int Statement::column_count() const
{
    return sqlite3_column_count(m_stmt);
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

std::string Statement::text(int column) const
{
    const auto* bytes = sqlite3_column_text(m_stmt, column);
    if (bytes == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(bytes),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> bytes)
{
    static const std::uint8_t kEmpty = 0;
    sqlite3_bind_blob64(m_stmt, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
}

std::vector<std::uint8_t> Statement::blob(int column) const
{
    const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
    if (bytes == nullptr) return {};
    return std::vector<std::uint8_t>(bytes, bytes + sqlite3_column_bytes(m_stmt, column));
}

std::optional<std::string> Statement::optional_text(int column) const
{
    if (is_null(column)) return std::nullopt;
    return text(column);
}

// ---- Database --------------------------------------------------------------------------

Result<Database> Database::open(const std::string& path, Access access)
{
    sqlite3* db = nullptr;
    int flags = access == Access::read_write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    std::string name = path;
    if (access == Access::immutable) {
        // A URI: escape what would end the path or start an escape.
        name = "file:";
        for (const char c : path) {
            if (c == '%' || c == '?' || c == '#') {
                static constexpr char kHex[] = "0123456789ABCDEF";
                name += '%';
                name += kHex[static_cast<unsigned char>(c) >> 4];
                name += kHex[static_cast<unsigned char>(c) & 15];
            } else {
                name += c;
            }
        }
        name += "?immutable=1";
        flags |= SQLITE_OPEN_URI;
    }
    const int rc = sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return Error{message};
    }
    sqlite3_extended_result_codes(db, 1);
    return Database(db, path);
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path))
{ }

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        sqlite3_close(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

// Statements are owned by their users and finalized before the Database (Store's Impl
// declares the Database first), so sqlite3_close never sees a live statement.
Database::~Database()
{
    sqlite3_close(m_db);
}

Status Database::exec(std::string_view sql)
{
    char* message = nullptr;
    const std::string owned(sql);
    const int rc = sqlite3_exec(m_db, owned.c_str(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return Ok{};
    std::string text = "sqlite " + m_path + ": " + sql_excerpt(sql) + ": " + (message ? message : sqlite3_errstr(rc));
    sqlite3_free(message);
    return Error{text};
}

Result<Statement> Database::prepare(std::string_view sql) const
{
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        return Error{"sqlite " + m_path + ": cannot prepare " + sql_excerpt(sql) + ": " + last_error()};
    }
    return Statement(stmt);
}

std::int64_t Database::last_insert_rowid() const
{
    return sqlite3_last_insert_rowid(m_db);
}

Result<std::int64_t> Database::query_int(std::string_view sql) const
{
    Result<Statement> stmt = prepare(sql);
    if (!stmt) return stmt.error();
    Result<bool> row = stmt->step();
    if (!row) return row.error();
    if (!*row) return Error{"sqlite " + m_path + ": no row from " + sql_excerpt(sql)};
    return stmt->int64(0);
}

Status Database::set_busy_timeout(int milliseconds)
{
    if (sqlite3_busy_timeout(m_db, milliseconds) != SQLITE_OK) {
        return Error{"sqlite " + m_path + ": busy_timeout: " + last_error()};
    }
    return Ok{};
}

Status Database::set_persist_wal()
{
    int on = 1;
    if (sqlite3_file_control(m_db, "main", SQLITE_FCNTL_PERSIST_WAL, &on) != SQLITE_OK) {
        return Error{"sqlite " + m_path + ": cannot set persistent WAL: " + last_error()};
    }
    return Ok{};
}

std::string Database::last_error() const
{
    return m_db ? sqlite3_errmsg(m_db) : "no database";
}

// ---- Transaction -----------------------------------------------------------------------

Result<Transaction> Transaction::begin(Database& db)
{
    Status begun = db.exec("BEGIN IMMEDIATE");
    if (!begun) return begun.error();
    return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) { }

Transaction::~Transaction()
{
    // A failed ROLLBACK (e.g. SQLite already rolled back after an I/O error) leaves nothing
    // to undo; the error has been reported by whatever failed first.
    if (m_db != nullptr) (void)m_db->exec("ROLLBACK");
}

Status Transaction::commit()
{
    Status done = m_db->exec("COMMIT");
    if (done) m_db = nullptr;
    return done;
}

}  // namespace porwatch::store::detail
