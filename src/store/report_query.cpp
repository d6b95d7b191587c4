// Store's read side for observability: last_complete_chains() (metrics) and report_data()
// (`porwatch report`). Read-only queries; endpoints are unpacked with SQLite's JSON1.
#include <algorithm>

#include "store_impl.hpp"

namespace porwatch::store {

using detail::Statement;

namespace {

// The integer text of column `col` as Units; a non-integer is a corrupt database, reported.
Result<Units> units_column(const Statement& stmt, int col, const std::string& where)
{
    const std::string text = stmt.text(col);
    Result<Units> units = parse_units(text);
    if (!units) return Error{"corrupt stored amount '" + text + "' in " + where};
    return units;
}

Result<std::optional<Units>> optional_units_column(const Statement& stmt, int col, const std::string& where)
{
    if (stmt.is_null(col)) return std::optional<Units>();
    Result<Units> units = units_column(stmt, col, where);
    if (!units) return units.error();
    return std::optional<Units>(*units);
}

// Step `stmt` to the end, calling `row` for each row; the first Error stops it.
template <typename RowFn> Status each_row(Statement& stmt, RowFn&& row)
{
    for (;;) {
        Result<bool> more = stmt.step();
        if (!more) return more.error();
        if (!*more) return Ok{};
        if (Status s = row(stmt); !s) return s;
    }
}

Status read_snapshots(const detail::Database& db, ReportData& out)
{
    Result<Statement> stmt = db.prepare("SELECT id, started_at, finished_at, status, error FROM snapshots "
                                        "WHERE started_at BETWEEN ?1 AND ?2 ORDER BY started_at, id");
    if (!stmt) return stmt.error();
    stmt->bind_all(out.query.since, out.query.until);
    return each_row(*stmt, [&](const Statement& s) -> Status {
        out.snapshots.push_back({s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4)});
        return Ok{};
    });
}

Status read_chains(const detail::Database& db, ReportData& out)
{
    Result<Statement> stmt =
        db.prepare("SELECT c.snapshot_id, c.chain, c.network, c.chain_id, c.status, c.height, c.block_hash, "
                   "c.duration_ms, c.error, c.endpoints "
                   "FROM snapshot_chains c JOIN snapshots s ON s.id = c.snapshot_id "
                   "WHERE s.started_at BETWEEN ?1 AND ?2 ORDER BY s.started_at, c.snapshot_id, c.chain");
    if (!stmt) return stmt.error();
    stmt->bind_all(out.query.since, out.query.until);
    Result<Statement> unpack =
        db.prepare("SELECT json_extract(value, '$.endpoint'), json_extract(value, '$.height'), "
                   "json_extract(value, '$.block_hash'), json_extract(value, '$.error') FROM json_each(?1)");
    if (!unpack) return unpack.error();
    return each_row(*stmt, [&](const Statement& s) -> Status {
        ReportChainRead r{
            s.int64(0), s.text(1),  s.text(2), s.text(3), s.text(4), static_cast<std::uint64_t>(s.int64(5)),
            s.text(6),  s.int64(7), s.text(8), {}};
        unpack->reset();
        unpack->bind(1, s.text(9));
        Status endpoints = each_row(*unpack, [&](const Statement& e) -> Status {
            r.endpoints.push_back(
                {e.text(0), e.text(2), static_cast<std::uint64_t>(e.int64(1)), e.text(3), std::nullopt});
            return Ok{};
        });
        if (!endpoints) return endpoints;
        out.chains.push_back(std::move(r));
        return Ok{};
    });
}

Status read_totals(const detail::Database& db, ReportData& out)
{
    Result<std::int64_t> has_verified =
        db.query_int("SELECT count(*) FROM pragma_table_info('asset_totals') WHERE name = 'verified_units'");
    if (!has_verified) return has_verified.error();
    // The proven part exists only on databases whose schema stores it (the verified series).
    const std::string verified = *has_verified ? "t.verified_units" : "NULL";
    Result<Statement> stmt =
        db.prepare("SELECT t.snapshot_id, s.started_at, t.asset, t.chain, t.decimals, t.units, " + verified +
                   ", t.claimed_units, t.addresses, t.verified_addresses "
                   "FROM asset_totals t JOIN snapshots s ON s.id = t.snapshot_id "
                   "WHERE s.started_at BETWEEN ?1 AND ?2 ORDER BY s.started_at, t.snapshot_id, t.asset, t.chain");
    if (!stmt) return stmt.error();
    stmt->bind_all(out.query.since, out.query.until);
    return each_row(*stmt, [&](const Statement& s) -> Status {
        ReportTotal t;
        t.snapshot_id = s.int64(0);
        t.taken_at = s.int64(1);
        t.asset = s.text(2);
        t.chain = s.text(3);
        t.decimals = static_cast<unsigned>(s.int64(4));
        const std::string where = "snapshot " + std::to_string(t.snapshot_id) + " " + t.asset;
        Result<Units> units = units_column(s, 5, where);
        if (!units) return units.error();
        t.units = *units;
        Result<std::optional<Units>> proven = optional_units_column(s, 6, where);
        if (!proven) return proven.error();
        t.verified_units = *proven;
        Result<std::optional<Units>> claimed = optional_units_column(s, 7, where);
        if (!claimed) return claimed.error();
        t.claimed_units = *claimed;
        t.addresses = static_cast<std::size_t>(s.int64(8));
        t.verified_addresses = static_cast<std::size_t>(s.int64(9));
        out.totals.push_back(std::move(t));
        return Ok{};
    });
}

// Notifications from the outbox (one mark per notification, whatever the number of targets),
// plus alerts firing now whose firing was never queued (no hook or webhook configured).
Status read_alerts(const detail::Database& db, ReportData& out)
{
    Result<Statement> stmt =
        db.prepare("SELECT min(created_at), alert_key, state, coalesce(json_extract(min(payload), '$.detail'), '') "
                   "FROM alert_outbox WHERE created_at BETWEEN ?1 AND ?2 "
                   "GROUP BY alert_key, state, coalesce(snapshot_id, created_at) ORDER BY 1, 2");
    if (!stmt) return stmt.error();
    stmt->bind_all(out.query.since, out.query.until);
    Status marks = each_row(*stmt, [&](const Statement& s) -> Status {
        out.alerts.push_back({s.int64(0), s.text(1), s.text(2), s.text(3)});
        return Ok{};
    });
    if (!marks) return marks;
    Result<Statement> firing =
        db.prepare("SELECT alert_key, since, last_detail FROM alert_state WHERE state = 'firing' ORDER BY alert_key");
    if (!firing) return firing.error();
    Status now = each_row(*firing, [&](const Statement& s) -> Status {
        const std::string key = s.text(0);
        const std::int64_t since = s.int64(1);
        out.firing_now.push_back(key);
        const bool marked = std::any_of(out.alerts.begin(), out.alerts.end(), [&](const ReportAlertMark& m) {
            return m.alert_key == key && m.state == "firing" && m.at >= since;
        });
        if (!marked && since >= out.query.since && since <= out.query.until) {
            out.alerts.push_back({since, key, "firing", s.text(2)});
        }
        return Ok{};
    });
    if (!now) return now;
    std::stable_sort(out.alerts.begin(), out.alerts.end(),
                     [](const ReportAlertMark& a, const ReportAlertMark& b) { return a.at < b.at; });
    return Ok{};
}

Status read_book(const detail::Database& db, ReportData& out)
{
    ReportBookSummary& book = out.book;
    Result<Statement> chains =
        db.prepare("SELECT chain, count(*) FROM addresses WHERE removed_at IS NULL GROUP BY chain ORDER BY chain");
    if (!chains) return chains.error();
    Status s1 = each_row(*chains, [&](const Statement& s) -> Status {
        book.in_book[s.text(0)] = static_cast<std::size_t>(s.int64(1));
        return Ok{};
    });
    if (!s1) return s1;
    Result<std::int64_t> removed = db.query_int("SELECT count(*) FROM addresses WHERE removed_at IS NOT NULL");
    if (!removed) return removed.error();
    book.removed = static_cast<std::size_t>(*removed);
    Result<Statement> verdicts =
        db.prepare("SELECT status, count(*) FROM ownership_latest WHERE in_book GROUP BY status ORDER BY status");
    if (!verdicts) return verdicts.error();
    Status s2 = each_row(*verdicts, [&](const Statement& s) -> Status {
        book.verdicts[s.text(0)] = static_cast<std::size_t>(s.int64(1));
        return Ok{};
    });
    if (!s2) return s2;
    Result<Statement> events =
        db.prepare("SELECT sum(event = 'added'), sum(event = 'removed') FROM book_events WHERE at BETWEEN ?1 AND ?2");
    if (!events) return events.error();
    events->bind_all(out.query.since, out.query.until);
    Status s3 = each_row(*events, [&](const Statement& s) -> Status {
        book.added_in_period = static_cast<std::size_t>(s.is_null(0) ? 0 : s.int64(0));
        book.removed_in_period = static_cast<std::size_t>(s.is_null(1) ? 0 : s.int64(1));
        return Ok{};
    });
    if (!s3) return s3;
    Result<Statement> files =
        db.prepare("SELECT k.file, k.file_hash, k.checked_at, k.entries, k.verified FROM ownership_checks k "
                   "WHERE k.id = (SELECT max(j.id) FROM ownership_checks j WHERE j.file = k.file) ORDER BY k.file");
    if (!files) return files.error();
    return each_row(*files, [&](const Statement& s) -> Status {
        book.files.push_back({s.text(0), s.text(1), s.int64(2), static_cast<std::size_t>(s.int64(3)),
                              static_cast<std::size_t>(s.int64(4))});
        return Ok{};
    });
}

// Every balance change in the period between two stored values of one address (entering or
// leaving the book is not a change of balance), then the largest per asset.
Status read_changes(const detail::Database& db, ReportData& out)
{
    std::map<std::pair<std::string, std::string>, unsigned> decimals;  // (asset, chain)
    for (const auto& t : out.totals) decimals[{t.asset, t.chain}] = t.decimals;
    Result<Statement> stmt =
        db.prepare("SELECT b.snapshot_id, s.started_at, a.chain, a.address, b.asset, b.units, "
                   "(SELECT p.units FROM balance_changes p WHERE p.address_id = b.address_id AND p.asset = b.asset "
                   " AND p.snapshot_id < b.snapshot_id ORDER BY p.snapshot_id DESC LIMIT 1) "
                   "FROM balance_changes b JOIN snapshots s ON s.id = b.snapshot_id "
                   "JOIN addresses a ON a.id = b.address_id "
                   "WHERE s.started_at BETWEEN ?1 AND ?2 AND b.units IS NOT NULL");
    if (!stmt) return stmt.error();
    stmt->bind_all(out.query.since, out.query.until);
    std::map<std::string, std::vector<ReportBalanceChange>> by_asset;
    Status read = each_row(*stmt, [&](const Statement& s) -> Status {
        if (s.is_null(6)) return Ok{};
        ReportBalanceChange c;
        c.snapshot_id = s.int64(0);
        c.at = s.int64(1);
        c.chain = s.text(2);
        c.address = s.text(3);
        c.asset = s.text(4);
        const auto d = decimals.find({c.asset, c.chain});
        if (d == decimals.end()) return Ok{};  // no total of the period to give its decimals
        c.decimals = d->second;
        Result<Units> after = units_column(s, 5, c.address + " " + c.asset);
        Result<Units> before = units_column(s, 6, c.address + " " + c.asset);
        if (!after) return after.error();
        if (!before) return before.error();
        c.after = *after;
        c.before = *before;
        if (c.after != c.before) by_asset[c.asset].push_back(std::move(c));
        return Ok{};
    });
    if (!read) return read;
    auto size = [](const ReportBalanceChange& c) {
        return c.after > c.before ? c.after - c.before : c.before - c.after;
    };
    for (auto& [asset, changes] : by_asset) {
        std::stable_sort(changes.begin(), changes.end(),
                         [&](const auto& a, const auto& b) { return size(a) > size(b); });
        if (changes.size() > out.query.changes_per_asset) changes.resize(out.query.changes_per_asset);
        out.changes.insert(out.changes.end(), changes.begin(), changes.end());
    }
    return Ok{};
}

}  // namespace

Result<std::map<std::string, std::int64_t>> Store::last_complete_chains() const
{
    Result<Statement> stmt = m_impl->db.prepare(
        "SELECT c.chain, max(s.started_at) FROM snapshot_chains c JOIN snapshots s ON s.id = c.snapshot_id "
        "WHERE c.status = 'complete' GROUP BY c.chain");
    if (!stmt) return stmt.error();
    std::map<std::string, std::int64_t> out;
    Status rows = each_row(*stmt, [&](const Statement& s) -> Status {
        out[s.text(0)] = s.int64(1);
        return Ok{};
    });
    if (!rows) return rows.error();
    return out;
}

Result<ReportData> Store::report_data(const ReportQuery& query) const
{
    const detail::Database& db = m_impl->db;
    ReportData out;
    out.query = query;
    out.database = db.path();
    Result<int> version = this->version();
    if (!version) return version.error();
    out.schema_version = *version;
    for (Status (*read)(const detail::Database&, ReportData&) :
         {&read_snapshots, &read_chains, &read_totals, &read_alerts, &read_book, &read_changes,
          &detail::read_report_prices}) {
        if (Status s = read(db, out); !s) return s.error();
    }
    return out;
}

}  // namespace porwatch::store
