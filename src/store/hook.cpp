// SnapshotTransaction: the statements a WriteHook runs inside write_snapshot()'s transaction.
#include "sqlite.hpp"
#include "store_impl.hpp"

namespace porwatch::store {

struct SnapshotTransaction::Access {
    static SnapshotTransaction make(detail::Database& db, std::int64_t snapshot_id)
    {
        return SnapshotTransaction(db, snapshot_id);
    }
};

namespace {

Result<detail::Statement> prepare_bound(const detail::Database& db, std::string_view sql,
                                        std::span<const SqlValue> params)
{
    Result<detail::Statement> stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    int index = 0;
    for (const SqlValue& value : params) {
        ++index;
        if (const auto* i = std::get_if<std::int64_t>(&value)) {
            stmt->bind(index, *i);
        } else if (const auto* text = std::get_if<std::string>(&value)) {
            stmt->bind(index, *text);
        } else {
            stmt->bind_null(index);
        }
    }
    return stmt;
}

}  // namespace

Status SnapshotTransaction::execute(std::string_view sql, std::span<const SqlValue> params)
{
    Result<detail::Statement> stmt = prepare_bound(m_db, sql, params);
    if (!stmt) return stmt.error();
    return stmt->run();
}

Result<std::vector<SqlRow>> SnapshotTransaction::query(std::string_view sql, std::span<const SqlValue> params)
{
    Result<detail::Statement> stmt = prepare_bound(m_db, sql, params);
    if (!stmt) return stmt.error();
    std::vector<SqlRow> rows;
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) break;
        SqlRow row;
        for (int c = 0; c < stmt->column_count(); ++c) {
            if (stmt->is_null(c)) {
                row.emplace_back(std::monostate{});
            } else if (stmt->is_integer(c)) {
                row.emplace_back(stmt->int64(c));
            } else {
                row.emplace_back(stmt->text(c));
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

namespace detail {

Status run_write_hook(Database& db, const WriteHook& hook, const WriteReport& report)
{
    SnapshotTransaction tx = SnapshotTransaction::Access::make(db, report.snapshot_id);
    return hook(tx, report);
}

}  // namespace detail
}  // namespace porwatch::store
