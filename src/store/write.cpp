// Store::write_snapshot: one snapshot, its book diff, verdict changes and balance deltas in one
// transaction (SnapshotWriter, snapshot_writer.hpp).
#include <algorithm>
#include <set>
#include <unordered_set>

#include "porwatch/util/utf8.hpp"
#include "snapshot_writer.hpp"

namespace porwatch::store {
namespace detail {

Status SnapshotWriter::check_consistent() const
{
    std::set<address::Chain> complete;
    for (const auto& chain : m_snap.chains) {
        if (chain.status == snapshot::ChainStatus::complete) complete.insert(chain.chain);
    }
    for (const auto& b : m_snap.balances) {
        if (!complete.count(b.chain)) {
            return Error{"inconsistent snapshot: a balance of " + b.address + " on " +
                         std::string(address::to_string(b.chain)) + ", which is not a complete chain of the snapshot"};
        }
    }
    for (const auto& t : m_snap.totals) {
        if (!complete.count(t.chain)) {
            return Error{"inconsistent snapshot: a " + t.asset + " total on " +
                         std::string(address::to_string(t.chain)) + ", which is not a complete chain of the snapshot"};
        }
    }
    return Ok{};
}

Status SnapshotWriter::load_cache()
{
    Result<std::int64_t> version = m_db.query_int("PRAGMA data_version");
    if (!version) return version.error();
    if (m_cache.valid && m_cache.data_version == *version) return Ok{};
    m_cache.clear();
    m_cache.data_version = *version;
    PW_TRY(load_addresses());
    return load_latest_balances();
}

Status SnapshotWriter::load_addresses()
{
    Result<std::int64_t> count = m_db.query_int("SELECT count(*) FROM addresses");
    if (!count) return count.error();
    const auto expected = static_cast<std::size_t>(*count) + m_snap.balances.size();
    m_cache.addresses.reserve(expected);
    m_cache.by_text.reserve(expected);
    m_cache.latest.reserve(expected);
    Result<Statement> stmt = m_db.prepare("SELECT id, chain, network, address, removed_at IS NULL, source_file, label "
                                          "FROM addresses");
    if (!stmt) return stmt.error();
    for (;;) {
        Result<bool> row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        StoredAddress a{stmt->int64(0), stmt->int64(4) != 0, stmt->text(5), stmt->text(6)};
        const std::string by_text = key2(stmt->text(1), stmt->text(3));
        if (a.active || !m_cache.by_text.count(by_text)) m_cache.by_text[by_text] = a.id;
        m_cache.addresses.emplace(key3(stmt->text(1), stmt->text(2), stmt->text(3)), std::move(a));
    }
    return Ok{};
}

Status SnapshotWriter::load_latest_balances()
{
    // SQLite returns the bare columns of the row holding max(): the latest row per key.
    Result<Statement> stmt = m_db.prepare("SELECT address_id, asset, units, max(snapshot_id) FROM balance_changes "
                                          "GROUP BY address_id, asset");
    if (!stmt) return stmt.error();
    for (;;) {
        Result<bool> row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        const std::int64_t id = stmt->int64(0);
        std::optional<Units> units;
        if (!stmt->is_null(2)) {
            Result<Units> parsed = stored_units(stmt->text(2), "balance_changes");
            if (!parsed) return parsed.error();
            units = *parsed;
        }
        m_cache.latest[balance_key(id, stmt->text(1))] = LatestBalance{units, 0};
        m_cache.assets_of[id].push_back(stmt->text(1));
    }
    return Ok{};
}

Status SnapshotWriter::insert_snapshot(std::optional<std::int64_t> book_entries, const std::string& error)
{
    Result<Statement> stmt =
        m_db.prepare("INSERT INTO snapshots (started_at, finished_at, status, error, book_entries, "
                     "chains_count, totals_count) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!stmt) return stmt.error();
    stmt->bind_all(m_snap.started_at, m_snap.finished_at, snapshot::to_string(m_snap.status), error);
    if (book_entries) stmt->bind(5, *book_entries);
    stmt->bind(6, static_cast<std::int64_t>(m_snap.chains.size()));
    stmt->bind(7, static_cast<std::int64_t>(m_snap.totals.size()));
    Result<bool> row = stmt->step();
    if (!row) return row.error();
    m_report.snapshot_id = stmt->int64(0);
    return stmt->run();  // finish the statement so the insert is complete
}
Result<WriteReport> SnapshotWriter::write(const std::optional<BookInput>& book, const std::string& error,
                                          const WriteHook& hook)
{
    PW_TRY(check_consistent());
    Result<Transaction> tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    PW_TRY(load_cache());
    std::optional<std::int64_t> book_entries;
    if (book) {
        // Distinct (chain, address): sorted views of the book's own strings, no copy per entry.
        std::vector<std::pair<address::Chain, std::string_view>> distinct;
        distinct.reserve(book->entries.size());
        for (const auto& e : book->entries) {
            if (e.address) distinct.emplace_back(e.address->chain, e.address->text);
        }
        std::sort(distinct.begin(), distinct.end());
        book_entries = std::distance(distinct.begin(), std::unique(distinct.begin(), distinct.end()));
    }
    std::string stored_error = error;
    if (stored_error.empty()) {
        // A degraded chain (complete without some endpoints) is noted too, so `status` shows it.
        for (const auto& c : m_snap.chains) {
            const std::string why = c.error.empty() ? chain::degraded_note(c) : c.error;
            if (why.empty()) continue;
            if (!stored_error.empty()) stored_error += "; ";
            stored_error += chain::source_name(c) + ": " + why;
        }
    }
    PW_TRY(insert_snapshot(book_entries, valid_utf8(stored_error)));  // only valid UTF-8 is stored
    if (book) {
        PW_TRY(sync_book(*book));
        PW_TRY(store_verdicts(*book));
    }
    PW_TRY(store_chains_and_totals());
    PW_TRY(detail::store_valuation(m_db, m_report.snapshot_id, m_snap));
    PW_TRY(store_balances());
    PW_TRY(detail::write_chain_evidence(m_db, m_report.snapshot_id, m_snap));
    PW_TRY(detail::write_outpoints(m_db, m_report.snapshot_id, m_snap,
                                   [this](address::Chain chain, const std::string& text) -> Result<std::int64_t> {
                                       const auto found = m_cache.by_text.find(key2(address::to_string(chain), text));
                                       if (found == m_cache.by_text.end()) {
                                           return Error{"inconsistent snapshot: an outpoint of " + text +
                                                        ", which has no balance in it"};
                                       }
                                       return found->second;
                                   }));
    if (book) PW_TRY(detail::write_book_files(m_db, m_report.snapshot_id, m_snap, *book));
    PW_TRY(detail::store_solvency(m_db, m_report.snapshot_id, m_snap));
    if (hook) PW_TRY(detail::run_write_hook(m_db, hook, m_report));
    PW_TRY(tx->commit());
    return m_report;
}

#undef PW_TRY

}  // namespace detail

Result<WriteReport> Store::write_snapshot(const snapshot::Snapshot& snap, const std::optional<BookInput>& book,
                                          const std::string& error, const WriteHook& hook)
{
    detail::WriterCache& cache = m_impl->writer_cache;
    detail::SnapshotWriter writer(m_impl->db, snap, cache);
    Result<WriteReport> written = writer.write(book, error, hook);
    if (!written) {
        cache.clear();  // the transaction rolled back: the cache holds what was never stored
        return wrap_error("storing snapshot in " + m_impl->db.path(), written.error());
    }
    cache.valid = true;
    return written;
}

}  // namespace porwatch::store
