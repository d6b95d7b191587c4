// Alert persistence: alert_state rows, the alert_outbox queue and its delivery log.
#include "porwatch/store/alerts.hpp"

#include "store_impl.hpp"

namespace porwatch::store {

using detail::Database;
using detail::Statement;

namespace {

constexpr std::string_view kStateColumns =
    "alert_key, rule, asset, state, consecutive, since, last_snapshot_id, reference_units, "
    "last_current_units, last_drop_percent, last_detail, delivered_firing, members, "
    "coalesce(updated_at, since)";

constexpr std::string_view kOutboxColumns =
    "id, delivery_id, created_at, alert_key, state, snapshot_id, target_kind, target, "
    "target_hash, payload, silenced, attempts, next_attempt_at, last_attempt_at, last_error, "
    "last_exit_code, last_http_status, delivered_at, gave_up_at";

std::optional<std::int64_t> optional_int(const Statement& stmt, int column)
{
    if (stmt.is_null(column)) return std::nullopt;
    return stmt.int64(column);
}

AlertStateRow read_state(const Statement& s)
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

Result<std::vector<AlertStateRow>> load_states(const Database& db)
{
    return query_rows<AlertStateRow>(
        db, "SELECT " + std::string(kStateColumns) + " FROM alert_state ORDER BY alert_key",
        [](Statement&) {}, read_state);
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

}  // namespace

Result<std::vector<AlertStateRow>> StoreTx::alert_states() const { return load_states(m_db); }

Status StoreTx::save_alert_states(std::span<const AlertStateRow> rows)
{
    Result<Statement> stmt = m_db.prepare(
        "INSERT OR REPLACE INTO alert_state (alert_key, rule, asset, state, consecutive, since, "
        "last_snapshot_id, detail, reference_units, last_current_units, last_drop_percent, "
        "last_detail, delivered_firing, members, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '{}', ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    if (!stmt) return stmt.error();
    for (const auto& r : rows) {
        stmt->bind_all(r.key, r.rule, r.asset, r.state, r.consecutive, r.since, r.last_snapshot_id,
                       r.reference_units, r.last_current_units, r.last_drop_percent, r.last_detail,
                       std::int64_t{r.delivered_firing ? 1 : 0}, r.members, r.updated_at);
        if (Status ran = stmt->run(); !ran) return wrap_error("saving alert " + r.key, ran.error());
    }
    return Ok{};
}

Status StoreTx::enqueue(std::span<const OutboxInsert> rows)
{
    Result<Statement> stmt = m_db.prepare(
        "INSERT INTO alert_outbox (delivery_id, created_at, alert_key, state, snapshot_id, "
        "target_kind, target, target_hash, payload, silenced, next_attempt_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?2)");
    if (!stmt) return stmt.error();
    for (const auto& r : rows) {
        stmt->bind_all(r.delivery_id, r.created_at, r.alert_key, r.state, r.snapshot_id,
                       r.target_kind, r.target, r.target_hash, r.payload,
                       std::int64_t{r.silenced ? 1 : 0});
        if (Status ran = stmt->run(); !ran) {
            return wrap_error("queueing delivery " + r.delivery_id, ran.error());
        }
    }
    return Ok{};
}

Result<std::vector<AlertStateRow>> Store::alert_states() const { return load_states(m_impl->db); }

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
        m_impl->db, sql, [&](Statement& s) { s.bind(1, static_cast<std::int64_t>(query.limit)); },
        read_outbox);
}

Status Store::record_attempt(const DeliveryAttempt& a)
{
    Result<detail::Transaction> tx = detail::Transaction::begin(m_impl->db);
    if (!tx) return tx.error();
    const std::int64_t delivered = a.outcome == AttemptOutcome::delivered ? 1 : 0;
    const std::int64_t gave_up = a.outcome == AttemptOutcome::gave_up ? 1 : 0;
    const std::int64_t attempted = a.attempted ? 1 : 0;
    Result<Statement> stmt = m_impl->db.prepare(
        "UPDATE alert_outbox SET attempts = attempts + ?2, "
        "last_attempt_at = CASE WHEN ?2 = 1 THEN ?3 ELSE last_attempt_at END, "
        "last_error = ?4, "
        "last_exit_code = CASE WHEN ?2 = 1 THEN ?5 ELSE last_exit_code END, "
        "last_http_status = CASE WHEN ?2 = 1 THEN ?6 ELSE last_http_status END, "
        "delivered_at = CASE WHEN ?7 = 1 THEN ?3 END, "
        "gave_up_at = CASE WHEN ?8 = 1 THEN ?3 END, "
        "next_attempt_at = CASE WHEN ?7 = 0 AND ?8 = 0 THEN ?9 ELSE next_attempt_at END "
        "WHERE id = ?1 AND delivered_at IS NULL AND gave_up_at IS NULL");
    if (!stmt) return stmt.error();
    stmt->bind_all(a.outbox_id, attempted, a.at, a.error, a.exit_code, a.http_status, delivered,
                   gave_up, a.next_attempt_at);
    if (Status ran = stmt->run(); !ran) return ran;
    Result<std::int64_t> changed = m_impl->db.query_int("SELECT changes()");
    if (!changed) return changed.error();
    if (*changed != 1) {
        return Error{"outbox row " + std::to_string(a.outbox_id) +
                     " is missing or already finished; attempt (" +
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

Result<std::optional<std::int64_t>> Store::first_snapshot_at() const
{
    Result<std::vector<std::int64_t>> at = query_rows<std::int64_t>(
        m_impl->db, "SELECT min(started_at) FROM snapshots HAVING count(*) > 0",
        [](Statement&) {}, [](const Statement& s) { return s.int64(0); });
    if (!at) return at.error();
    if (at->empty()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(at->front());
}

}  // namespace porwatch::store
