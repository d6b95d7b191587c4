// Store's read side for pricing (schema/007_prices.sql): value history, the latest prices,
// and what the alert stage needs (value figures, when each feed was last usable).
#include "store_impl.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::store {

using detail::Statement;

namespace {

Result<prices::Value> stored_value(const std::string& text, const std::string& where)
{
    Result<prices::Value> value = prices::parse_value(text);
    if (!value) return Error{"corrupt stored value '" + text.substr(0, 80) + "' in " + where};
    return value;
}

// Rows of snapshot_value_totals selected by `where` (binding ?1 since, ?2 until), oldest first.
Result<std::vector<ValueRow>> value_rows(const detail::Database& db, const std::string& where,
                                         std::optional<std::int64_t> since, std::optional<std::int64_t> until)
{
    Result<Statement> stmt =
        db.prepare("SELECT t.snapshot_id, s.started_at, s.status, t.quote, t.value_units, t.verified_value_units, "
                   "t.claimed_value_units, t.complete, t.priced, t.unpriced, t.price_block_height, t.price_block_hash "
                   "FROM snapshot_value_totals t JOIN snapshots s ON s.id = t.snapshot_id " +
                   where + " ORDER BY s.started_at, t.snapshot_id");
    if (!stmt) return stmt.error();
    stmt->bind(1, since).bind(2, until);
    std::vector<ValueRow> rows;
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) return rows;
        ValueRow r;
        r.snapshot_id = stmt->int64(0);
        r.taken_at = stmt->int64(1);
        r.snapshot_status = stmt->text(2);
        r.quote = stmt->text(3);
        const std::string at = "snapshot " + std::to_string(r.snapshot_id) + " value";
        Result<prices::Value> value = stored_value(stmt->text(4), at);
        if (!value) return value.error();
        r.value = *value;
        Result<prices::Value> verified = stored_value(stmt->text(5), at);
        if (!verified) return verified.error();
        r.verified_value = *verified;
        if (const auto claimed = stmt->optional_text(6)) {
            Result<prices::Value> c = stored_value(*claimed, at);
            if (!c) return c.error();
            r.claimed_value = *c;
        }
        r.complete = stmt->int64(7) != 0;
        r.priced = split_list(stmt->text(8), ',');
        r.unpriced = split_list(stmt->text(9), ',');
        if (!stmt->is_null(10)) r.price_height = static_cast<std::uint64_t>(stmt->int64(10));
        r.price_block_hash = stmt->text(11);
        rows.push_back(std::move(r));
    }
}

// Rows of snapshot_prices selected by `where` (binding ?1 to `id` when given), by asset.
Result<std::vector<PriceRow>> price_rows(const detail::Database& db, const std::string& where,
                                         std::optional<std::int64_t> id)
{
    Result<Statement> stmt = db.prepare(
        "SELECT p.snapshot_id, s.started_at, p.asset, p.feed, p.status, p.reason, p.quote, p.description, "
        "p.decimals, p.round_id, p.answer, p.updated_at, p.age_s, p.block_height, p.block_hash, p.feed_status, "
        "p.started_at, p.block_timestamp "
        "FROM snapshot_prices p JOIN snapshots s ON s.id = p.snapshot_id " +
        where + " ORDER BY p.asset");
    if (!stmt) return stmt.error();
    if (id) stmt->bind(1, *id);
    std::vector<PriceRow> rows;
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) return rows;
        PriceRow r;
        r.snapshot_id = stmt->int64(0);
        r.taken_at = stmt->int64(1);
        r.asset = stmt->text(2);
        r.feed = stmt->text(3);
        r.status = stmt->text(4);
        r.reason = stmt->text(5);
        r.quote = stmt->text(6);
        r.description = stmt->optional_text(7);
        if (!stmt->is_null(8)) r.decimals = static_cast<unsigned>(stmt->int64(8));
        r.round_id = stmt->optional_text(9);
        r.answer = stmt->optional_text(10);
        r.updated_at = stmt->optional_text(11);
        if (!stmt->is_null(12)) r.age_s = stmt->int64(12);
        if (!stmt->is_null(13)) r.height = static_cast<std::uint64_t>(stmt->int64(13));
        r.block_hash = stmt->text(14);
        r.feed_status = stmt->text(15);
        r.started_at = stmt->optional_text(16);
        if (!stmt->is_null(17)) r.block_timestamp = stmt->int64(17);
        rows.push_back(std::move(r));
    }
}

}  // namespace

namespace detail {

Status latest_pricing(const Database& db, StatusReport& report)
{
    Result<std::vector<ValueRow>> latest = value_rows(
        db, "WHERE t.snapshot_id = (SELECT max(snapshot_id) FROM snapshot_value_totals)", std::nullopt, std::nullopt);
    if (!latest) return latest.error();
    if (!latest->empty()) report.latest_value = latest->back();
    Result<std::vector<PriceRow>> rows = price_rows(
        db, "WHERE p.snapshot_id = (SELECT max(n.snapshot_id) FROM snapshot_prices n WHERE n.asset = p.asset)",
        std::nullopt);
    if (!rows) return rows.error();
    report.latest_prices = std::move(*rows);
    return Ok{};
}

Status read_report_prices(const Database& db, ReportData& data)
{
    Result<std::vector<ValueRow>> values =
        value_rows(db, "WHERE s.started_at >= ?1 AND s.started_at <= ?2", data.query.since, data.query.until);
    if (!values) return values.error();
    if (values->empty()) return Ok{};
    data.value = values->back();
    Result<std::vector<PriceRow>> rows = price_rows(db, "WHERE p.snapshot_id = ?1", data.value->snapshot_id);
    if (!rows) return rows.error();
    data.prices = std::move(*rows);
    return Ok{};
}

Status read_export_prices(const Database& db, std::int64_t id, SnapshotExport& out)
{
    // ?2 repeats the id: value_rows binds both of its parameters.
    Result<std::vector<ValueRow>> total = value_rows(db, "WHERE t.snapshot_id = ?1 AND t.snapshot_id = ?2", id, id);
    if (!total) return total.error();
    if (total->empty()) return Ok{};  // the snapshot did not read prices
    ExportedPrices prices;
    prices.total = std::move(total->front());
    Result<std::vector<PriceRow>> feeds = price_rows(db, "WHERE p.snapshot_id = ?1", id);
    if (!feeds) return feeds.error();
    prices.feeds = std::move(*feeds);
    for (const auto& f : prices.feeds) {
        if (f.block_timestamp) prices.block_timestamp = f.block_timestamp;
    }
    Result<Statement> stmt =
        db.prepare("SELECT asset, chain, value_units, verified_value_units, claimed_value_units, unpriced_reason "
                   "FROM snapshot_values WHERE snapshot_id = ?1 ORDER BY asset, chain");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    const std::string at = "snapshot " + std::to_string(id) + " values";
    const auto optional_value = [&](int column) -> Result<std::optional<prices::Value>> {
        if (stmt->is_null(column)) return std::optional<prices::Value>{};
        Result<prices::Value> v = stored_value(stmt->text(column), at);
        if (!v) return v.error();
        return std::optional<prices::Value>{*v};
    };
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) break;
        snapshot::AssetValue v;
        v.asset = stmt->text(0);
        const auto chain = detail::chain_from_stored(stmt->text(1));
        if (!chain) return Error{"corrupt stored chain '" + stmt->text(1) + "' in " + at};
        v.chain = *chain;
        for (auto [column, field] : {std::pair{2, &v.value}, {3, &v.verified_value}, {4, &v.claimed_value}}) {
            Result<std::optional<prices::Value>> value = optional_value(column);
            if (!value) return value.error();
            *field = *value;
        }
        v.unpriced_reason = stmt->text(5);
        prices.values.push_back(std::move(v));
    }
    out.prices = std::move(prices);
    return Ok{};
}

}  // namespace detail

Result<std::vector<ValueRow>> Store::value_history(const HistoryQuery& query) const
{
    return value_rows(m_impl->db, "WHERE (?1 IS NULL OR s.started_at >= ?1) AND (?2 IS NULL OR s.started_at <= ?2)",
                      query.since, query.until);
}

Result<std::vector<ValuePoint>> Store::value_points(std::int64_t since) const
{
    // Per priced total, and per complete snapshot total (asset ''): the figures since `since`
    // and the latest of each series, so a drop after a long gap still has its reference.
    Result<Statement> stmt = m_impl->db.prepare(
        "WITH figures AS ("
        "  SELECT v.snapshot_id, s.started_at, v.asset, v.chain, v.value_units, v.verified_value_units "
        "  FROM snapshot_values v JOIN snapshots s ON s.id = v.snapshot_id WHERE v.value_units IS NOT NULL "
        "  UNION ALL "
        "  SELECT t.snapshot_id, s.started_at, '', '', t.value_units, t.verified_value_units "
        "  FROM snapshot_value_totals t JOIN snapshots s ON s.id = t.snapshot_id WHERE t.complete = 1) "
        ", latest AS (SELECT asset, chain, max(snapshot_id) AS id FROM figures GROUP BY asset, chain) "
        "SELECT f.* FROM figures f LEFT JOIN latest l "
        "  ON l.asset = f.asset AND l.chain = f.chain AND l.id = f.snapshot_id "
        "WHERE f.started_at >= ?1 OR l.id IS NOT NULL "
        "ORDER BY f.started_at, f.snapshot_id, f.asset, f.chain");
    if (!stmt) return stmt.error();
    stmt->bind(1, since);
    std::vector<ValuePoint> points;
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) return points;
        points.push_back(ValuePoint{stmt->int64(0), stmt->int64(1), stmt->text(2), stmt->text(3), stmt->text(4),
                                    stmt->optional_text(5)});
    }
}

Result<std::vector<PriceReading>> Store::price_readings() const
{
    Result<Statement> stmt = m_impl->db.prepare(
        "SELECT p.asset, max(CASE WHEN p.status = 'priced' THEN s.started_at END), min(s.started_at), "
        "  max(p.snapshot_id) = (SELECT max(snapshot_id) FROM snapshot_prices) "
        "FROM snapshot_prices p JOIN snapshots s ON s.id = p.snapshot_id GROUP BY p.asset ORDER BY p.asset");
    if (!stmt) return stmt.error();
    std::vector<PriceReading> out;
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) return out;
        PriceReading r;
        r.asset = stmt->text(0);
        if (!stmt->is_null(1)) r.last_priced_at = stmt->int64(1);
        r.first_seen_at = stmt->int64(2);
        r.in_last_read = stmt->int64(3) != 0;
        out.push_back(std::move(r));
    }
}

}  // namespace porwatch::store
