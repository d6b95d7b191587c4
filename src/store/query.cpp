// Store's read side for the CLI: history(), status(), balance_at(), snapshot_ids().
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "store_impl.hpp"

namespace porwatch::store {

using detail::Statement;
using detail::stored_units;

namespace {

Result<std::optional<Units>> optional_units(const Statement& stmt, int column, const std::string& where)
{
    const auto text = stmt.optional_text(column);
    if (!text) return std::optional<Units>();
    Result<Units> units = stored_units(*text, where);
    if (!units) return units.error();
    return std::optional<Units>(*units);
}

// The stored totals selected by `where` (which may bind ?1 asset, ?2 since, ?3 until), oldest first.
Result<std::vector<HistoryRow>> history_rows(const detail::Database& db, const std::string& where,
                                             const HistoryQuery& query)
{
    Result<Statement> stmt = db.prepare(
        "SELECT t.snapshot_id, s.started_at, s.status, t.asset, t.chain, "
        // An EVM chain's network is its chain id (stored so since issue 18; older rows: chain_id).
        "CASE WHEN c.chain_id <> '' THEN c.chain_id ELSE c.network END, c.height, "
        "c.block_hash, t.decimals, t.units, t.claimed_units, t.addresses, t.verified_addresses, "
        "t.verified_units, t.claim_errors, v.quote, v.value_units, v.verified_value_units, v.unpriced_reason "
        "FROM asset_totals t JOIN snapshots s ON s.id = t.snapshot_id "
        "JOIN snapshot_chains c ON c.snapshot_id = t.snapshot_id AND c.chain = t.chain "
        "LEFT JOIN snapshot_values v ON v.snapshot_id = t.snapshot_id AND v.asset = t.asset AND v.chain = t.chain " +
        where + "ORDER BY s.started_at, t.snapshot_id, t.asset, t.chain");
    if (!stmt) return stmt.error();
    stmt->bind(1, query.asset).bind(2, query.since).bind(3, query.until);
    std::vector<HistoryRow> rows;
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) break;
        HistoryRow r;
        r.snapshot_id = stmt->int64(0);
        r.taken_at = stmt->int64(1);
        r.snapshot_status = stmt->text(2);
        r.asset = stmt->text(3);
        r.chain = stmt->text(4);
        r.network = stmt->text(5);
        r.height = static_cast<std::uint64_t>(stmt->int64(6));
        r.block_hash = stmt->text(7);
        r.decimals = static_cast<unsigned>(stmt->int64(8));
        const std::string at = "snapshot " + std::to_string(r.snapshot_id) + " " + r.asset;
        Result<Units> units = stored_units(stmt->text(9), at);
        if (!units) return units.error();
        r.units = *units;
        r.amount = format_decimal(r.units, r.decimals);
        Result<std::optional<Units>> claimed = optional_units(*stmt, 10, at);
        if (!claimed) return claimed.error();
        r.claimed_units = *claimed;
        r.addresses = static_cast<std::size_t>(stmt->int64(11));
        r.verified_addresses = static_cast<std::size_t>(stmt->int64(12));
        r.unverified_addresses = r.addresses - std::min(r.addresses, r.verified_addresses);
        Result<std::optional<Units>> verified = optional_units(*stmt, 13, at);
        if (!verified) return verified.error();
        r.verified_units = *verified;
        if (!stmt->is_null(14)) r.claim_errors = static_cast<std::size_t>(stmt->int64(14));
        r.quote = stmt->optional_text(15);
        for (const auto& [column, target] : {std::pair{16, &r.value}, std::pair{17, &r.verified_value}}) {
            const auto text = stmt->optional_text(column);
            if (!text) continue;
            Result<prices::Value> value = prices::parse_value(*text);
            if (!value) return Error{"corrupt stored value in " + at + ": " + value.error().message};
            *target = *value;
        }
        r.unpriced_reason = stmt->text(18);
        rows.push_back(std::move(r));
    }
    return rows;
}

Result<std::optional<SnapshotSummary>> summary(const detail::Database& db, std::string_view sql,
                                               std::optional<std::string> status)
{
    Result<Statement> stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    if (status) stmt->bind(1, std::string_view(*status));
    Result<bool> row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<SnapshotSummary>();
    return std::optional<SnapshotSummary>(
        SnapshotSummary{stmt->int64(0), stmt->int64(1), stmt->int64(2), stmt->text(3), stmt->text(4)});
}

// The unscanned rows of the latest snapshot.
Status latest_unscanned(const detail::Database& db, StatusReport& report)
{
    Result<Statement> stmt =
        db.prepare("SELECT s.id, u.reason, u.asset, u.chain, u.row_count, u.claimed_row_count, u.claimed_units, "
                   "u.decimals FROM snapshots s LEFT JOIN snapshot_unscanned u ON u.snapshot_id = s.id "
                   "WHERE s.id = (SELECT max(id) FROM snapshots) ORDER BY u.reason, u.asset, u.chain");
    if (!stmt) return stmt.error();
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) return Ok{};
        report.latest_snapshot_id = stmt->int64(0);
        if (stmt->is_null(1)) continue;  // the snapshot has none
        snapshot::Unscanned u;
        u.reason = stmt->text(1);
        u.asset = stmt->text(2);
        u.chain = stmt->text(3);
        u.rows = static_cast<std::size_t>(stmt->int64(4));
        u.claimed_rows = static_cast<std::size_t>(stmt->int64(5));
        Result<std::optional<Units>> claimed = optional_units(*stmt, 6, "unscanned " + u.asset);
        if (!claimed) return claimed.error();
        u.claimed_units = *claimed;
        u.decimals = static_cast<unsigned>(stmt->int64(7));
        report.unscanned.push_back(std::move(u));
    }
}

}  // namespace

Result<std::vector<HistoryRow>> Store::history(const HistoryQuery& query) const
{
    return history_rows(m_impl->db,
                        "WHERE (?1 IS NULL OR t.asset = ?1 COLLATE NOCASE) AND (?2 IS NULL OR s.started_at >= ?2) "
                        "AND (?3 IS NULL OR s.started_at <= ?3) ",
                        query);
}

Result<StatusReport> Store::status() const
{
    const detail::Database& db = m_impl->db;
    StatusReport report;
    report.schema_version = schema_version();
    const std::string by_status = "SELECT id, started_at, finished_at, status, error FROM snapshots WHERE status = ?1 "
                                  "ORDER BY id DESC LIMIT 1";
    using snapshot::SnapshotStatus;
    for (const auto& [status, slot] : {std::pair{SnapshotStatus::complete, &report.last_complete},
                                       std::pair{SnapshotStatus::partial, &report.last_partial},
                                       std::pair{SnapshotStatus::failed, &report.last_failed}}) {
        auto found = summary(db, by_status, std::string(snapshot::to_string(status)));
        if (!found) return found.error();
        *slot = *found;
    }
    auto last_error = summary(db,
                              "SELECT id, started_at, finished_at, status, error FROM snapshots "
                              "WHERE error != '' ORDER BY id DESC LIMIT 1",
                              std::nullopt);
    if (!last_error) return last_error.error();
    report.last_error = *last_error;

    struct Count {
        std::string_view sql;
        std::int64_t* out;
    };
    std::int64_t snapshots = 0, in_book = 0, removed = 0, verdicts = 0, verified = 0;
    std::int64_t page_count = 0, page_size = 0;
    const Count counts[] = {
        {"SELECT count(*) FROM snapshots", &snapshots},
        {"SELECT count(*) FROM addresses WHERE removed_at IS NULL", &in_book},
        {"SELECT count(*) FROM addresses WHERE removed_at IS NOT NULL", &removed},
        {"SELECT count(*) FROM ownership_latest WHERE in_book", &verdicts},
        {"SELECT count(*) FROM ownership_latest WHERE in_book AND status = 'verified'", &verified},
        {"PRAGMA page_count", &page_count},
        {"PRAGMA page_size", &page_size},
    };
    for (const auto& count : counts) {
        Result<std::int64_t> value = db.query_int(count.sql);
        if (!value) return value.error();
        *count.out = *value;
    }
    report.snapshots = static_cast<std::size_t>(snapshots);
    report.addresses_in_book = static_cast<std::size_t>(in_book);
    report.addresses_removed = static_cast<std::size_t>(removed);
    report.verdicts = static_cast<std::size_t>(verdicts);
    report.verified = static_cast<std::size_t>(verified);
    report.db_bytes = page_count * page_size;
    std::error_code ec;
    const auto wal = std::filesystem::file_size(db.path() + "-wal", ec);
    report.wal_bytes = ec ? 0 : static_cast<std::int64_t>(wal);
    Result<std::vector<HistoryRow>> latest =
        history_rows(db,
                     "WHERE t.snapshot_id = (SELECT max(n.snapshot_id) FROM asset_totals n "
                     "WHERE n.asset = t.asset AND n.chain = t.chain) ",
                     HistoryQuery{});
    if (!latest) return latest.error();
    report.latest_totals = std::move(*latest);
    if (Status s = latest_unscanned(db, report); !s) return s.error();
    if (Status s = detail::latest_pricing(db, report); !s) return s.error();
    if (Status s = detail::read_latest_evidence(db, report); !s) return s.error();
    if (Status s = detail::latest_solvency(db, report); !s) return s.error();
    if (Status s = detail::latest_solvency_value(db, report); !s) return s.error();
    return report;
}

Result<std::optional<BalanceAt>> Store::balance_at(std::int64_t snapshot_id, address::Chain chain,
                                                   const std::string& address, const std::string& asset) const
{
    const detail::Database& db = m_impl->db;
    Result<Statement> exists = db.prepare("SELECT 1 FROM snapshots WHERE id = ?1");
    if (!exists) return exists.error();
    Result<bool> found = exists->bind(1, snapshot_id).step();
    if (!found) return found.error();
    if (!*found) return Error{"no snapshot " + std::to_string(snapshot_id) + " in " + db.path()};

    Result<Statement> stmt =
        db.prepare("SELECT b.units, b.snapshot_id FROM balance_changes b "
                   "JOIN addresses a ON a.id = b.address_id "
                   "WHERE a.address = ?2 COLLATE NOCASE AND a.address = ?2 AND +a.chain = ?1 AND b.asset = ?3 "
                   "AND b.snapshot_id <= ?4 "
                   "ORDER BY b.snapshot_id DESC LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->bind_all(address::to_string(chain), address, asset, snapshot_id);
    Result<bool> row = stmt->step();
    if (!row) return row.error();
    if (!*row || stmt->is_null(0)) return std::optional<BalanceAt>();
    Result<Units> units = stored_units(stmt->text(0), address + " " + asset);
    if (!units) return units.error();
    return std::optional<BalanceAt>(BalanceAt{snapshot_id, *units, stmt->int64(1)});
}

Result<std::vector<std::int64_t>> Store::snapshot_ids() const
{
    Result<Statement> stmt = m_impl->db.prepare("SELECT id FROM snapshots ORDER BY id");
    if (!stmt) return stmt.error();
    std::vector<std::int64_t> ids;
    for (;;) {
        Result<bool> row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        ids.push_back(stmt->int64(0));
    }
    return ids;
}

}  // namespace porwatch::store
