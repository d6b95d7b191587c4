// The read side of schema 008: stored ratios and liabilities files, for history and status.
#include <algorithm>

#include "store_impl.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::store {

using detail::Statement;

namespace {

constexpr std::string_view kColumns =
    "SELECT v.snapshot_id, s.started_at, s.status, v.asset, v.chain, v.status, v.reason, v.decimals, v.units, "
    "v.verified_units, v.reserves_height, v.reserves_block_hash, v.liabilities_file, v.liabilities_format, "
    "v.liabilities_root, v.liabilities_height, v.liabilities_decimals, v.liabilities_units, v.equity_units, "
    "v.debt_units, v.ratio_hundredths, v.verified_ratio_hundredths, v.max_age_blocks, v.age_blocks, v.stale, "
    "v.stale_reason FROM solvency v JOIN snapshots s ON s.id = v.snapshot_id ";

Result<std::optional<Units>> units_at(const Statement& stmt, int column, const std::string& where)
{
    const auto text = stmt.optional_text(column);
    if (!text) return std::optional<Units>();
    Result<Units> units = detail::stored_units(*text, where);
    if (!units) return units.error();
    return std::optional<Units>(*units);
}

std::optional<std::uint64_t> height_at(const Statement& stmt, int column)
{
    if (stmt.is_null(column)) return std::nullopt;
    return static_cast<std::uint64_t>(stmt.int64(column));
}

std::optional<snapshot::SolvencyStatus> status_from(std::string_view name)
{
    using snapshot::SolvencyStatus;
    for (const auto s : {SolvencyStatus::ok, SolvencyStatus::reserves_missing, SolvencyStatus::liabilities_failed}) {
        if (snapshot::to_string(s) == name) return s;
    }
    return std::nullopt;
}

Result<std::vector<SolvencyRow>> read_rows(const detail::Database& db, const std::string& where,
                                           const HistoryQuery& query)
{
    Result<bool> present = detail::column_exists(db, "solvency", "ratio_hundredths");
    if (!present) return present.error();
    if (!*present) return std::vector<SolvencyRow>();
    Result<Statement> stmt =
        db.prepare(std::string(kColumns) + where + "ORDER BY s.started_at, v.snapshot_id, v.asset, v.chain");
    if (!stmt) return stmt.error();
    stmt->bind(1, query.asset).bind(2, query.since).bind(3, query.until);
    std::vector<SolvencyRow> rows;
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) return rows;
        SolvencyRow row;
        row.snapshot_id = stmt->int64(0);
        row.taken_at = stmt->int64(1);
        row.snapshot_status = stmt->text(2);
        snapshot::Solvency& s = row.solvency;
        s.asset = stmt->text(3);
        const std::string where_text = "solvency of " + s.asset + " in snapshot " + std::to_string(row.snapshot_id);
        const auto chain = address::chain_from_string(stmt->text(4));
        const auto status = status_from(stmt->text(5));
        if (!chain || !status) return Error{"corrupt " + where_text + ": chain or status"};
        s.chain = *chain;
        s.status = *status;
        s.reason = stmt->text(6);
        s.decimals = static_cast<unsigned>(stmt->int64(7));
        std::optional<Units>* amounts[] = {&s.units, &s.verified_units};
        for (int i = 0; i < 2; ++i) {
            auto value = units_at(*stmt, 8 + i, where_text);
            if (!value) return value.error();
            *amounts[i] = *value;
        }
        s.reserves_height = height_at(*stmt, 10);
        s.reserves_block_hash = stmt->text(11);
        s.liabilities_file = stmt->text(12);
        if (!stmt->is_null(13)) s.liabilities_format = liabilities::format_from_string(stmt->text(13));
        s.liabilities_root = stmt->text(14);
        s.liabilities_height = height_at(*stmt, 15);
        s.liabilities_decimals = static_cast<unsigned>(stmt->int64(16));
        std::optional<Units>* more_amounts[] = {&s.liabilities_units, &s.equity_units, &s.debt_units,
                                                &s.ratio_hundredths, &s.verified_ratio_hundredths};
        for (int i = 0; i < 5; ++i) {
            auto value = units_at(*stmt, 17 + i, where_text);
            if (!value) return value.error();
            *more_amounts[i] = *value;
        }
        s.max_age_blocks = height_at(*stmt, 22);
        if (!stmt->is_null(23)) s.age_blocks = stmt->int64(23);
        s.stale = stmt->int64(24) != 0;
        s.stale_reason = stmt->text(25);
        rows.push_back(std::move(row));
    }
}

}  // namespace

Result<std::vector<SolvencyRow>> Store::solvency_history(const HistoryQuery& query) const
{
    return read_rows(m_impl->db,
                     "WHERE (?1 IS NULL OR v.asset = ?1 COLLATE NOCASE) AND (?2 IS NULL OR s.started_at >= ?2) "
                     "AND (?3 IS NULL OR s.started_at <= ?3) ",
                     query);
}

Status detail::latest_solvency(const Database& db, StatusReport& report)
{
    Result<std::vector<SolvencyRow>> latest = read_rows(db,
                                                        "WHERE v.snapshot_id = (SELECT max(x.snapshot_id) FROM "
                                                        "solvency x WHERE x.asset = v.asset AND x.chain = v.chain) ",
                                                        HistoryQuery{});
    if (!latest) return latest.error();
    report.latest_solvency = std::move(*latest);
    Result<bool> present = column_exists(db, "snapshot_liabilities", "zk_status");
    if (!present) return present.error();
    if (!*present) return Ok{};
    Result<Statement> stmt =
        db.prepare("SELECT file, format, sha256, status, error, height, root, checked, zk_status, zk_detail FROM "
                   "snapshot_liabilities "
                   "WHERE snapshot_id = (SELECT max(snapshot_id) FROM snapshot_liabilities) ORDER BY file");
    if (!stmt) return stmt.error();
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) return Ok{};
        LiabilityFileRow f;
        f.file = stmt->text(0);
        f.format = stmt->text(1);
        f.sha256 = stmt->text(2);
        f.verified = stmt->text(3) == "verified";
        f.error = stmt->text(4);
        f.height = height_at(*stmt, 5);
        f.root = stmt->text(6);
        f.checked = stmt->text(7);
        f.zk_status = stmt->text(8);
        f.zk_detail = stmt->text(9);
        report.latest_liabilities.push_back(std::move(f));
    }
}

Status detail::latest_solvency_value(const Database& db, StatusReport& report)
{
    Result<bool> present = column_exists(db, "solvency_value", "excluded_reasons");
    if (!present) return present.error();
    if (!*present) return Ok{};
    Result<Statement> stmt = db.prepare(
        "SELECT snapshot_id, quote, reserves_value_units, verified_reserves_value_units, liabilities_value_units, "
        "ratio_hundredths, verified_ratio_hundredths, complete, included, excluded_reasons FROM solvency_value "
        "ORDER BY snapshot_id DESC LIMIT 1");
    if (!stmt) return stmt.error();
    Result<bool> row = stmt->step();
    if (!row) return row.error();
    if (!*row) return Ok{};
    snapshot::AggregateSolvency a;
    const std::int64_t id = stmt->int64(0);
    const std::string where = "value ratio of snapshot " + std::to_string(id);
    a.quote = stmt->text(1);
    prices::Value* values[] = {&a.reserves_value, &a.verified_reserves_value, &a.liabilities_value};
    for (int i = 0; i < 3; ++i) {
        Result<prices::Value> value = prices::parse_value(stmt->text(2 + i));
        if (!value) return Error{"corrupt " + where + ": " + value.error().message};
        *values[i] = *value;
    }
    std::optional<Units>* ratios[] = {&a.ratio_hundredths, &a.verified_ratio_hundredths};
    for (int i = 0; i < 2; ++i) {
        auto value = units_at(*stmt, 5 + i, where);
        if (!value) return value.error();
        *ratios[i] = *value;
    }
    a.complete = stmt->int64(7) != 0;
    a.included = split_list(stmt->text(8), ',');
    for (auto& line : split_list(stmt->text(9), '\n')) {
        const std::size_t colon = line.find(": ");
        if (colon == std::string::npos)
            a.excluded.emplace_back(line, "");
        else
            a.excluded.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    }
    report.latest_solvency_value = std::move(a);
    report.latest_solvency_value_snapshot = id;
    return Ok{};
}

}  // namespace porwatch::store
