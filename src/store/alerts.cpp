// Alert persistence: alert_state rows, the alert_outbox queue and its delivery log.
#include "porwatch/store/alerts.hpp"
#include "porwatch/store/store.hpp"

#include <rapidjson/document.h>

#include "store_impl.hpp"

namespace porwatch::store {

using detail::Database;
using detail::Statement;

namespace {

constexpr std::string_view kStateColumns =
    "alert_key, rule, asset, state, consecutive, since, last_snapshot_id, reference_units, "
    "last_current_units, last_drop_percent, last_detail, delivered_firing, members, "
    "coalesce(updated_at, since), detail";

// alert_state.detail (schema 003, a JSON object) holds the fields that have no column of
// their own: {"reference_snapshot_id":N}. Anything else in it is ignored.
std::string detail_json(const AlertStateRow& r)
{
    if (!r.reference_snapshot_id) return "{}";
    return "{\"reference_snapshot_id\":" + std::to_string(*r.reference_snapshot_id) + "}";
}

std::optional<std::int64_t> reference_snapshot_of(const std::string& json)
{
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    const auto found = doc.FindMember("reference_snapshot_id");
    if (found == doc.MemberEnd() || !found->value.IsInt64()) return std::nullopt;
    return found->value.GetInt64();
}

constexpr std::string_view kOutboxColumns =
    "id, delivery_id, created_at, alert_key, state, snapshot_id, target_kind, target, "
    "target_hash, payload, silenced, attempts, next_attempt_at, last_attempt_at, last_error, "
    "last_exit_code, last_http_status, delivered_at, gave_up_at";

// The columns of a result row: a live Statement, or a SqlRow a SnapshotTransaction returned.
// One reader (read_state) serves both.
struct RowColumns {
    const SqlRow& row;
    bool is_null(int c) const { return std::holds_alternative<std::monostate>(row[static_cast<std::size_t>(c)]); }
    std::int64_t int64(int c) const
    {
        const auto* number = std::get_if<std::int64_t>(&row[static_cast<std::size_t>(c)]);
        return number ? *number : 0;
    }
    std::string text(int c) const { return optional_text(c).value_or(""); }
    std::optional<std::string> optional_text(int c) const
    {
        const SqlValue& value = row[static_cast<std::size_t>(c)];
        if (const auto* text = std::get_if<std::string>(&value)) return *text;
        if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
        return std::nullopt;
    }
};

template <typename Columns> std::optional<std::int64_t> optional_int(const Columns& columns, int column)
{
    if (columns.is_null(column)) return std::nullopt;
    return columns.int64(column);
}

template <typename Columns> AlertStateRow read_state(const Columns& s)
{
    AlertStateRow r;
    r.key = s.text(0);
    r.rule = s.text(1);
    r.asset = s.text(2);
    r.state = s.text(3);
    r.consecutive = s.int64(4);
    r.since = s.int64(5);
    r.last_snapshot_id = optional_int(s, 6);
    r.reference_units = s.optional_text(7);
    r.last_current_units = s.optional_text(8);
    r.last_drop_percent = s.text(9);
    r.last_detail = s.text(10);
    r.delivered_firing = s.int64(11) != 0;
    r.members = s.text(12);
    r.updated_at = s.int64(13);
    r.reference_snapshot_id = reference_snapshot_of(s.text(14));
    return r;
}

OutboxRow read_outbox(const Statement& s)
{
    OutboxRow r;
    r.id = s.int64(0);
    r.delivery_id = s.text(1);
    r.created_at = s.int64(2);
    r.alert_key = s.text(3);
    r.state = s.text(4);
    r.snapshot_id = optional_int(s, 5);
    r.target_kind = s.text(6);
    r.target = s.text(7);
    r.target_hash = s.text(8);
    r.payload = s.text(9);
    r.silenced = s.int64(10) != 0;
    r.attempts = s.int64(11);
    r.next_attempt_at = s.int64(12);
    r.last_attempt_at = optional_int(s, 13);
    r.last_error = s.text(14);
    r.last_exit_code = optional_int(s, 15);
    r.last_http_status = optional_int(s, 16);
    r.delivered_at = optional_int(s, 17);
    r.gave_up_at = optional_int(s, 18);
    return r;
}

// Run `sql` with its parameters bound by `bind`, and read every row with `read`.
template <typename Row, typename Bind, typename Read>
Result<std::vector<Row>> query_rows(const Database& db, const std::string& sql, Bind bind, Read read)
{
    Result<Statement> stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    bind(*stmt);
    std::vector<Row> rows;
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) break;
        rows.push_back(read(*stmt));
    }
    return rows;
}

std::string_view outcome_error(AttemptOutcome outcome)
{
    switch (outcome) {
    case AttemptOutcome::delivered: return "delivered";
    case AttemptOutcome::retry: return "retry";
    case AttemptOutcome::gave_up: return "gave up";
    }
    return "?";
}

SqlValue sql_text(const std::optional<std::string>& text)
{
    if (!text) return std::monostate{};
    return *text;
}

SqlValue sql_int(const std::optional<std::int64_t>& value)
{
    if (!value) return std::monostate{};
    return *value;
}

}  // namespace

Result<std::vector<AlertStateRow>> load_alert_states(SnapshotTransaction& tx)
{
    Result<std::vector<SqlRow>> rows =
        tx.query("SELECT " + std::string(kStateColumns) + " FROM alert_state ORDER BY alert_key");
    if (!rows) return rows.error();
    std::vector<AlertStateRow> out;
    for (const auto& row : *rows) out.push_back(read_state(RowColumns{row}));
    return out;
}

Status save_alert_states(SnapshotTransaction& tx, std::span<const AlertStateRow> rows)
{
    for (const auto& r : rows) {
        const SqlValue params[] = {r.key,
                                   r.rule,
                                   r.asset,
                                   r.state,
                                   r.consecutive,
                                   r.since,
                                   sql_int(r.last_snapshot_id),
                                   sql_text(r.reference_units),
                                   sql_text(r.last_current_units),
                                   r.last_drop_percent,
                                   r.last_detail,
                                   std::int64_t{r.delivered_firing ? 1 : 0},
                                   r.members,
                                   r.updated_at,
                                   detail_json(r)};
        Status ran = tx.execute("INSERT OR REPLACE INTO alert_state (alert_key, rule, asset, state, consecutive, "
                                "since, last_snapshot_id, detail, reference_units, last_current_units, "
                                "last_drop_percent, last_detail, delivered_firing, members, updated_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?15, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                                params);
        if (!ran) return wrap_error("saving alert " + r.key, ran.error());
    }
    return Ok{};
}

Status enqueue_deliveries(SnapshotTransaction& tx, std::span<const OutboxInsert> rows)
{
    for (const auto& r : rows) {
        const SqlValue params[] = {
            r.delivery_id, r.created_at, r.alert_key,   r.state,   sql_int(r.snapshot_id),
            r.target_kind, r.target,     r.target_hash, r.payload, std::int64_t{r.silenced ? 1 : 0}};
        Status ran = tx.execute("INSERT INTO alert_outbox (delivery_id, created_at, alert_key, state, snapshot_id, "
                                "target_kind, target, target_hash, payload, silenced, next_attempt_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?2)",
                                params);
        if (!ran) return wrap_error("queueing delivery " + r.delivery_id, ran.error());
    }
    return Ok{};
}

Result<std::vector<std::string>> stored_assets(SnapshotTransaction& tx, std::string_view chain,
                                               std::string_view address)
{
    const SqlValue params[] = {std::string(chain), std::string(address)};
    Result<std::vector<SqlRow>> rows =
        tx.query("SELECT DISTINCT b.asset FROM balance_changes b JOIN addresses a ON a.id = b.address_id "
                 "WHERE a.address = ?2 COLLATE NOCASE AND a.address = ?2 AND +a.chain = ?1 ORDER BY b.asset",
                 params);
    if (!rows) return rows.error();
    std::vector<std::string> out;
    for (const auto& row : *rows) out.push_back(RowColumns{row}.text(0));
    return out;
}

Result<std::vector<AlertStateRow>> Store::alert_states() const
{
    return query_rows<AlertStateRow>(
        m_impl->db, "SELECT " + std::string(kStateColumns) + " FROM alert_state ORDER BY alert_key", [](Statement&) {},
        [](const Statement& s) { return read_state(s); });
}

Result<std::vector<OutboxRow>> Store::queued_deliveries(std::size_t limit) const
{
    return query_rows<OutboxRow>(
        m_impl->db,
        "SELECT " + std::string(kOutboxColumns) +
            " FROM alert_outbox WHERE delivered_at IS NULL AND gave_up_at IS NULL AND silenced = 0"
            " ORDER BY id LIMIT ?1",
        [&](Statement& s) { s.bind(1, static_cast<std::int64_t>(limit)); }, read_outbox);
}

Result<std::vector<OutboxRow>> Store::delivery_log(const DeliveryLogQuery& query) const
{
    std::string sql = "SELECT " + std::string(kOutboxColumns) + " FROM alert_outbox";
    if (query.undelivered_only) {
        sql += " WHERE delivered_at IS NULL AND gave_up_at IS NULL AND silenced = 0";
    }
    sql += " ORDER BY id DESC LIMIT ?1";
    return query_rows<OutboxRow>(
        m_impl->db, sql, [&](Statement& s) { s.bind(1, static_cast<std::int64_t>(query.limit)); }, read_outbox);
}

Status Store::record_attempt(const DeliveryAttempt& a)
{
    Result<detail::Transaction> tx = detail::Transaction::begin(m_impl->db);
    if (!tx) return tx.error();
    const std::int64_t delivered = a.outcome == AttemptOutcome::delivered ? 1 : 0;
    const std::int64_t gave_up = a.outcome == AttemptOutcome::gave_up ? 1 : 0;
    const std::int64_t attempted = a.attempted ? 1 : 0;
    Result<Statement> stmt =
        m_impl->db.prepare("UPDATE alert_outbox SET attempts = attempts + ?2, "
                           "last_attempt_at = CASE WHEN ?2 = 1 THEN ?3 ELSE last_attempt_at END, "
                           "last_error = ?4, "
                           "last_exit_code = CASE WHEN ?2 = 1 THEN ?5 ELSE last_exit_code END, "
                           "last_http_status = CASE WHEN ?2 = 1 THEN ?6 ELSE last_http_status END, "
                           "delivered_at = CASE WHEN ?7 = 1 THEN ?3 END, "
                           "gave_up_at = CASE WHEN ?8 = 1 THEN ?3 END, "
                           "next_attempt_at = CASE WHEN ?7 = 0 AND ?8 = 0 THEN ?9 ELSE next_attempt_at END "
                           "WHERE id = ?1 AND delivered_at IS NULL AND gave_up_at IS NULL");
    if (!stmt) return stmt.error();
    stmt->bind_all(a.outbox_id, attempted, a.at, a.error, a.exit_code, a.http_status, delivered, gave_up,
                   a.next_attempt_at);
    if (Status ran = stmt->run(); !ran) return ran;
    Result<std::int64_t> changed = m_impl->db.query_int("SELECT changes()");
    if (!changed) return changed.error();
    if (*changed != 1) {
        return Error{"outbox row " + std::to_string(a.outbox_id) + " is missing or already finished; attempt (" +
                     std::string(outcome_error(a.outcome)) + ") not recorded"};
    }
    return tx->commit();
}

Result<std::optional<std::int64_t>> Store::next_delivery_at() const
{
    Result<std::vector<std::int64_t>> at = query_rows<std::int64_t>(
        m_impl->db,
        "SELECT min(next_attempt_at) FROM alert_outbox WHERE delivered_at IS NULL AND "
        "gave_up_at IS NULL AND silenced = 0 HAVING count(*) > 0",
        [](Statement&) {}, [](const Statement& s) { return s.int64(0); });
    if (!at) return at.error();
    if (at->empty()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(at->front());
}

Result<std::vector<VerdictRow>> Store::latest_verdicts() const
{
    return query_rows<VerdictRow>(
        m_impl->db, "SELECT chain, address, coin, status FROM ownership_latest WHERE in_book ORDER BY 1, 2, 3",
        [](Statement&) {},
        [](const Statement& s) {
            return VerdictRow{s.text(0), s.text(1), s.text(2), s.text(3)};
        });
}

Result<std::optional<std::int64_t>> Store::first_snapshot_at() const
{
    Result<std::vector<std::int64_t>> at = query_rows<std::int64_t>(
        m_impl->db, "SELECT min(started_at) FROM snapshots HAVING count(*) > 0", [](Statement&) {},
        [](const Statement& s) { return s.int64(0); });
    if (!at) return at.error();
    if (at->empty()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(at->front());
}

}  // namespace porwatch::store
