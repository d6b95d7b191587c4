// The store's reads for alert evaluation: totals per (asset, chain) from every snapshot where
// the chain was complete, per-chain reading times, and the book split of a drop (inside the
// snapshot's transaction, where the snapshot being written is already visible).
#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

#include "porwatch/store/alerts.hpp"
#include "porwatch/store/store.hpp"
#include "store_impl.hpp"

namespace porwatch::store {

using detail::Statement;

Result<bool> detail::column_exists(const detail::Database& db, std::string_view table, std::string_view column)
{
    Result<Statement> stmt = db.prepare("SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2");
    if (!stmt) return stmt.error();
    stmt->bind_all(table, column);
    Result<bool> row = stmt->step();
    if (!row) return row.error();
    return *row && stmt->int64(0) > 0;
}

namespace {

// Read rows of (snapshot_id, started_at, asset, chain, units, verified_units) into `out`,
// skipping snapshots already in `seen`.
Status read_points(Statement& stmt, std::set<std::pair<std::int64_t, std::string>>& seen, std::vector<TotalPoint>& out)
{
    for (;;) {
        Result<bool> more = stmt.step();
        if (!more) return more.error();
        if (!*more) return Ok{};
        TotalPoint p;
        p.snapshot_id = stmt.int64(0);
        p.taken_at = stmt.int64(1);
        p.asset = stmt.text(2);
        p.chain = stmt.text(3);
        if (!seen.emplace(p.snapshot_id, p.asset + "\n" + p.chain).second) continue;
        const std::string where = "snapshot " + std::to_string(p.snapshot_id) + " " + p.asset;
        Result<Units> units = detail::stored_units(stmt.text(4), where);
        if (!units) return units.error();
        p.units = *units;
        if (auto verified = stmt.optional_text(5)) {
            Result<Units> v = detail::stored_units(*verified, where + " (verified)");
            if (!v) return v.error();
            p.verified_units = *v;
        }
        out.push_back(std::move(p));
    }
}

// The balance of every address of `chain` holding `asset` at `snapshot_id` (the latest
// delta row at or before it, if not NULL), by address id.
Result<std::unordered_map<std::int64_t, Units>> balances_at(SnapshotTransaction& tx, std::string_view chain,
                                                            std::string_view asset, std::int64_t snapshot_id)
{
    const SqlValue params[] = {std::string(chain), std::string(asset), snapshot_id};
    Result<std::vector<SqlRow>> rows =
        tx.query("SELECT b.address_id, b.units FROM balance_changes b JOIN addresses a ON a.id = b.address_id "
                 "WHERE a.chain = ?1 AND b.asset = ?2 AND b.units IS NOT NULL AND b.snapshot_id = "
                 "(SELECT max(n.snapshot_id) FROM balance_changes n WHERE n.address_id = b.address_id "
                 "AND n.asset = b.asset AND n.snapshot_id <= ?3)",
                 params);
    if (!rows) return rows.error();
    std::unordered_map<std::int64_t, Units> out;
    out.reserve(rows->size());
    for (const auto& row : *rows) {
        const auto* id = std::get_if<std::int64_t>(&row[0]);
        const auto* text = std::get_if<std::string>(&row[1]);
        if (!id || !text) return Error{"corrupt balance row of " + std::string(asset) + " on " + std::string(chain)};
        Result<Units> units = detail::stored_units(*text, "balance_changes " + std::string(asset));
        if (!units) return units.error();
        out.emplace(*id, *units);
    }
    return out;
}

Status add(Units& sum, const Units& value)
{
    auto next = checked_add(sum, value);
    if (!next) return Error{"a book split sum exceeds 2^256-1"};
    sum = *next;
    return Ok{};
}

// The stored total and address count of `asset` on `chain` at `snapshot_id`, if any.
Result<std::optional<std::pair<Units, std::size_t>>> stored_total(SnapshotTransaction& tx, std::string_view chain,
                                                                  std::string_view asset, std::int64_t snapshot_id)
{
    const SqlValue params[] = {snapshot_id, std::string(asset), std::string(chain)};
    Result<std::vector<SqlRow>> rows = tx.query(
        "SELECT units, addresses FROM asset_totals WHERE snapshot_id = ?1 AND asset = ?2 AND chain = ?3", params);
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<std::pair<Units, std::size_t>>();
    const auto* text = std::get_if<std::string>(&rows->front()[0]);
    const auto* count = std::get_if<std::int64_t>(&rows->front()[1]);
    if (!text || !count)
        return Error{"corrupt total of " + std::string(asset) + " in snapshot " + std::to_string(snapshot_id)};
    Result<Units> units =
        detail::stored_units(*text, "snapshot " + std::to_string(snapshot_id) + " " + std::string(asset));
    if (!units) return units.error();
    return std::optional<std::pair<Units, std::size_t>>(std::pair{*units, static_cast<std::size_t>(*count)});
}

}  // namespace

Result<std::vector<TotalPoint>> Store::total_history(std::int64_t since) const
{
    const detail::Database& db = m_impl->db;
    Result<bool> verified = detail::column_exists(db, "asset_totals", "verified_units");
    if (!verified) return verified.error();
    const std::string columns = std::string("t.snapshot_id, s.started_at, t.asset, t.chain, t.units, ") +
                                (*verified ? "t.verified_units" : "NULL");
    const std::string from =
        " FROM asset_totals t JOIN snapshots s ON s.id = t.snapshot_id "
        "JOIN snapshot_chains c ON c.snapshot_id = t.snapshot_id AND c.chain = t.chain AND c.status = 'complete' ";
    std::vector<TotalPoint> out;
    std::set<std::pair<std::int64_t, std::string>> seen;
    // The latest figure of each (asset, chain), however old: what a drop compares with after
    // an outage longer than its window.
    Result<Statement> latest = db.prepare(
        "SELECT " + columns + from +
        "JOIN (SELECT x.asset, x.chain, max(x.snapshot_id) AS id FROM asset_totals x "
        "JOIN snapshot_chains y ON y.snapshot_id = x.snapshot_id AND y.chain = x.chain AND y.status = 'complete' "
        "GROUP BY x.asset, x.chain) m ON m.id = t.snapshot_id AND m.asset = t.asset AND m.chain = t.chain");
    if (!latest) return latest.error();
    if (Status read = read_points(*latest, seen, out); !read) return read.error();
    Result<Statement> recent = db.prepare("SELECT " + columns + from + "WHERE s.started_at >= ?1");
    if (!recent) return recent.error();
    recent->bind(1, since);
    if (Status read = read_points(*recent, seen, out); !read) return read.error();
    std::sort(out.begin(), out.end(), [](const TotalPoint& a, const TotalPoint& b) {
        return std::tie(a.taken_at, a.snapshot_id, a.asset, a.chain) <
               std::tie(b.taken_at, b.snapshot_id, b.asset, b.chain);
    });
    return out;
}

Result<std::vector<ChainReading>> Store::chain_readings() const
{
    const detail::Database& db = m_impl->db;
    Result<std::int64_t> last_scan = db.query_int("SELECT coalesce(max(snapshot_id), 0) FROM snapshot_chains");
    if (!last_scan) return last_scan.error();
    Result<Statement> stmt =
        db.prepare("SELECT c.chain, max(CASE WHEN c.status = 'complete' THEN s.started_at END), min(s.started_at), "
                   "max(c.snapshot_id) FROM snapshot_chains c JOIN snapshots s ON s.id = c.snapshot_id "
                   "GROUP BY c.chain ORDER BY c.chain");
    if (!stmt) return stmt.error();
    std::vector<ChainReading> out;
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) break;
        ChainReading r;
        r.chain = stmt->text(0);
        if (!stmt->is_null(1)) r.last_complete_at = stmt->int64(1);
        r.first_seen_at = stmt->int64(2);
        r.in_last_scan = stmt->int64(3) == *last_scan;
        out.push_back(std::move(r));
    }
    return out;
}

Result<bool> Store::has_verified_totals() const
{
    return detail::column_exists(m_impl->db, "asset_totals", "verified_units");
}

Result<std::optional<BookSplitRow>> book_split(SnapshotTransaction& tx, std::string_view chain, std::string_view asset,
                                               std::int64_t reference_snapshot_id)
{
    const std::int64_t now = tx.snapshot_id();
    const SqlValue exists_params[] = {reference_snapshot_id};
    Result<std::vector<SqlRow>> exists = tx.query("SELECT 1 FROM snapshots WHERE id = ?1", exists_params);
    if (!exists) return exists.error();
    if (exists->empty()) return std::optional<BookSplitRow>();
    const SqlValue event_params[] = {std::string(chain), reference_snapshot_id, now};
    Result<std::vector<SqlRow>> events =
        tx.query("SELECT count(*) FROM book_events e JOIN addresses a ON a.id = e.address_id "
                 "WHERE a.chain = ?1 AND e.snapshot_id > ?2 AND e.snapshot_id <= ?3",
                 event_params);
    if (!events) return events.error();
    const auto* changed = std::get_if<std::int64_t>(&events->front()[0]);
    if (changed && *changed == 0) {
        // The same book: the whole change is balance changes, read from the two totals.
        auto before = stored_total(tx, chain, asset, reference_snapshot_id);
        if (!before) return before.error();
        auto after = stored_total(tx, chain, asset, now);
        if (!after) return after.error();
        if (*before && *after) {
            BookSplitRow row;
            row.same_addresses = (*after)->second;
            row.same_previous_units = (*before)->first;
            row.same_current_units = (*after)->first;
            return std::optional<BookSplitRow>(row);
        }
    }
    auto before = balances_at(tx, chain, asset, reference_snapshot_id);
    if (!before) return before.error();
    auto after = balances_at(tx, chain, asset, now);
    if (!after) return after.error();
    BookSplitRow row;
    for (const auto& [id, units] : *before) {
        const auto found = after->find(id);
        if (found == after->end()) {
            ++row.removed_addresses;
            if (Status s = add(row.removed_units, units); !s) return s.error();
            continue;
        }
        ++row.same_addresses;
        if (Status s = add(row.same_previous_units, units); !s) return s.error();
        if (Status s = add(row.same_current_units, found->second); !s) return s.error();
    }
    for (const auto& [id, units] : *after) {
        if (before->count(id)) continue;
        ++row.added_addresses;
        if (Status s = add(row.added_units, units); !s) return s.error();
    }
    return std::optional<BookSplitRow>(row);
}

}  // namespace porwatch::store
