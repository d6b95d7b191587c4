// Store::apply_retention: thin old snapshots to one per hour, then one per day, carrying the
// delta-stored balances and book events of a thinned snapshot forward to the next kept one.
#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "store_impl.hpp"

namespace porwatch::store {

using detail::Statement;
using detail::Transaction;

namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

struct Row {
    std::int64_t id = 0;
    std::int64_t started_at = 0;
    int rank = 0;  // complete 2, partial 1, failed 0: a bucket keeps its best, then its latest
};

// Returns: for each row (oldest first), whether retention keeps it at time `now`.
// Tiers are decided per bucket, not per snapshot, so no hour or day straddles two tiers: an
// hour is thinned only once it has wholly aged past keep_all_days, a day only once it has
// wholly aged past hourly_days (so every snapshot is kept at least keep_all_days).
std::vector<bool> choose_kept(const std::vector<Row>& rows, const RetentionPolicy& policy, std::int64_t now)
{
    const std::int64_t keep_all_cutoff = now - policy.keep_all_days * kDay;
    const std::int64_t hourly_cutoff = now - std::max(policy.hourly_days, policy.keep_all_days) * kDay;
    std::vector<bool> kept(rows.size(), false);
    std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> best;  // (width, bucket) → row
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::int64_t hour = detail::bucket_of(rows[i].started_at, kHour);
        const std::int64_t day = detail::bucket_of(rows[i].started_at, kDay);
        std::pair<std::int64_t, std::int64_t> key;
        if ((day + 1) * kDay <= hourly_cutoff) {
            key = {kDay, day};
        } else if ((hour + 1) * kHour <= keep_all_cutoff) {
            key = {kHour, hour};
        } else {
            kept[i] = true;
            continue;
        }
        auto [it, inserted] = best.emplace(key, i);
        // Rows come oldest first, so ">=" prefers the later row among equals.
        if (!inserted && rows[i].rank >= rows[it->second].rank) it->second = i;
    }
    for (const auto& [key, index] : best) kept[index] = true;
    if (!rows.empty()) kept.back() = true;  // the newest snapshot is always kept
    return kept;
}

}  // namespace

Result<RetentionReport> Store::apply_retention(const RetentionPolicy& policy, std::int64_t now)
{
    detail::Database& db = m_impl->db;
    Result<Transaction> tx = Transaction::begin(db);
    if (!tx) return tx.error();
    Result<Statement> list =
        db.prepare("SELECT id, started_at, CASE status WHEN 'complete' THEN 2 WHEN 'partial' THEN 1 "
                   "ELSE 0 END FROM snapshots ORDER BY id");
    if (!list) return list.error();
    std::vector<Row> rows;
    for (;;) {
        Result<bool> row = list->step();
        if (!row) return row.error();
        if (!*row) break;
        rows.push_back(Row{list->int64(0), list->int64(1), static_cast<int>(list->int64(2))});
    }
    const std::vector<bool> kept = choose_kept(rows, policy, now);
    // The writer's cache stays valid: rows of a thinned snapshot move to the next kept one,
    // which is newer, so every (address, asset)'s latest value is unchanged, as long as the
    // newest snapshot is kept (choose_kept guarantees it; checked here, not assumed).
    if (!rows.empty() && !kept.back()) m_impl->writer_cache.clear();

    // Newest first, so that when several thinned snapshots carry a value forward into the same
    // kept snapshot, the latest of them lands first and OR IGNORE drops the older ones (and
    // the kept snapshot's own rows, already there, win over all of them).
    Result<Statement> carry_balances =
        db.prepare("UPDATE OR IGNORE balance_changes SET snapshot_id = ?1 WHERE snapshot_id = ?2");
    Result<Statement> drop_balances = db.prepare("DELETE FROM balance_changes WHERE snapshot_id = ?1");
    Result<Statement> carry_events = db.prepare("UPDATE book_events SET snapshot_id = ?1 WHERE snapshot_id = ?2");
    // snapshot_chains, asset_totals and shortfalls go with it (ON DELETE CASCADE).
    Result<Statement> drop_snapshot = db.prepare("DELETE FROM snapshots WHERE id = ?1");
    for (auto* stmt : {&carry_balances, &drop_balances, &carry_events, &drop_snapshot}) {
        if (!*stmt) return stmt->error();
    }
    RetentionReport report;
    std::int64_t next_kept = 0;
    for (std::size_t i = rows.size(); i-- > 0;) {
        if (kept[i]) {
            next_kept = rows[i].id;
            ++report.snapshots_kept;
            continue;
        }
        const std::int64_t id = rows[i].id;
        if (Status s = carry_balances->bind_all(next_kept, id).run(); !s) return s.error();
        if (Status s = drop_balances->bind_all(id).run(); !s) return s.error();
        if (Status s = carry_events->bind_all(next_kept, id).run(); !s) return s.error();
        if (Status s = drop_snapshot->bind_all(id).run(); !s) return s.error();
        ++report.snapshots_deleted;
    }
    if (Status committed = tx->commit(); !committed) return committed.error();
    return report;
}

}  // namespace porwatch::store
