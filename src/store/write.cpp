// Store::write_snapshot: one snapshot, its book diff, verdict changes and balance deltas in one
// transaction.
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "evidence_json.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/utf8.hpp"
#include "store_impl.hpp"

namespace porwatch::store {

using detail::Database;
using detail::Statement;
using detail::Transaction;
using detail::disagreements_json;
using detail::endpoints_json;

namespace {

// Returns Error from the enclosing function when `expr` (a Status or Result) failed.
#define PW_TRY(expr)                                          \
    do {                                                      \
        if (auto pw_try_result = (expr); !pw_try_result) {    \
            return pw_try_result.error();                     \
        }                                                     \
    } while (false)

struct StoredAddress {
    std::int64_t id = 0;
    bool active = false;
    std::string source_file;
    std::string label;
};

std::string key2(std::string_view a, std::string_view b)
{
    std::string key(a);
    key += '\n';
    key += b;
    return key;
}

std::string key3(std::string_view a, std::string_view b, std::string_view c)
{
    return key2(key2(a, b), c);
}

std::string balance_key(std::int64_t address_id, std::string_view asset)
{
    return key2(std::to_string(address_id), asset);
}

std::string verdict_fingerprint(const proof::ProofResult& r)
{
    std::string signers;
    for (const auto& s : r.signers) signers += (signers.empty() ? "" : ",") + s;
    return key3(key3(proof::to_string(r.status), r.scheme, r.reason),
                key2(std::to_string(r.proven), std::to_string(r.required)), signers);
}

// Everything one write needs, loaded and written under the transaction's write lock.
class SnapshotWriter {
public:
    SnapshotWriter(Database& db, const snapshot::Snapshot& snap) : m_db(db), m_snap(snap) {}

    Result<WriteReport> write(const std::optional<BookInput>& book, const std::string& error,
                              const WriteHook& hook);

private:
    Status check_consistent() const;
    Status load_addresses();
    Status load_latest_balances();
    Status insert_snapshot(std::optional<std::int64_t> book_entries, const std::string& error);
    Result<std::int64_t> add_address(address::Chain chain, address::Network network,
                                     const std::string& text, const std::string& script_hex,
                                     const std::string& source, const std::string& label);
    Status add_event(std::int64_t address_id, std::string_view event, const std::string& source);
    Status sync_book(const BookInput& book);
    Status store_verdicts(const BookInput& book);
    Status store_chains_and_totals();
    Status store_balances();

    // Returns: `slot`'s statement, preparing `sql` into it on first use.
    Result<Statement*> cached(std::optional<Statement>& slot, std::string_view sql)
    {
        if (!slot) {
            Result<Statement> prepared = m_db.prepare(sql);
            if (!prepared) return prepared.error();
            slot.emplace(std::move(*prepared));
        }
        return &*slot;
    }

    Database& m_db;
    const snapshot::Snapshot& m_snap;
    std::optional<Statement> m_insert_address;
    std::optional<Statement> m_insert_event;
    WriteReport m_report;
    std::unordered_map<std::string, StoredAddress> m_addresses;   // chain\nnetwork\naddress
    std::unordered_map<std::string, std::int64_t> m_by_text;      // chain\naddress, in book first
    // Latest stored balance per address_id\nasset; nullopt = the address left the book.
    std::unordered_map<std::string, std::optional<std::string>> m_latest;
    std::unordered_map<std::int64_t, std::vector<std::string>> m_assets_of;   // id → assets
};

Status SnapshotWriter::check_consistent() const
{
    std::set<address::Chain> complete;
    for (const auto& chain : m_snap.chains) {
        if (chain.status == snapshot::ChainStatus::complete) complete.insert(chain.chain);
    }
    for (const auto& b : m_snap.balances) {
        if (!complete.count(b.chain)) {
            return Error{"inconsistent snapshot: a balance of " + b.address + " on " +
                         std::string(address::to_string(b.chain)) +
                         ", which is not a complete chain of the snapshot"};
        }
    }
    for (const auto& t : m_snap.totals) {
        if (!complete.count(t.chain)) {
            return Error{"inconsistent snapshot: a " + t.asset + " total on " +
                         std::string(address::to_string(t.chain)) +
                         ", which is not a complete chain of the snapshot"};
        }
    }
    return Ok{};
}

Status SnapshotWriter::load_addresses()
{
    Result<std::int64_t> count = m_db.query_int("SELECT count(*) FROM addresses");
    if (!count) return count.error();
    const auto expected = static_cast<std::size_t>(*count) + m_snap.balances.size();
    m_addresses.reserve(expected);
    m_by_text.reserve(expected);
    m_latest.reserve(expected);
    Result<Statement> stmt = m_db.prepare(
        "SELECT id, chain, network, address, removed_at IS NULL, source_file, label "
        "FROM addresses");
    if (!stmt) return stmt.error();
    for (;;) {
        Result<bool> row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        StoredAddress a{stmt->int64(0), stmt->int64(4) != 0, stmt->text(5), stmt->text(6)};
        const std::string by_text = key2(stmt->text(1), stmt->text(3));
        if (a.active || !m_by_text.count(by_text)) m_by_text[by_text] = a.id;
        m_addresses.emplace(key3(stmt->text(1), stmt->text(2), stmt->text(3)), std::move(a));
    }
    return Ok{};
}

Status SnapshotWriter::load_latest_balances()
{
    // SQLite returns the bare columns of the row holding max(): the latest row per key.
    Result<Statement> stmt = m_db.prepare(
        "SELECT address_id, asset, units, max(snapshot_id) FROM balance_changes "
        "GROUP BY address_id, asset");
    if (!stmt) return stmt.error();
    for (;;) {
        Result<bool> row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        const std::int64_t id = stmt->int64(0);
        m_latest[balance_key(id, stmt->text(1))] = stmt->optional_text(2);
        m_assets_of[id].push_back(stmt->text(1));
    }
    return Ok{};
}

Status SnapshotWriter::insert_snapshot(std::optional<std::int64_t> book_entries,
                                       const std::string& error)
{
    Result<Statement> stmt = m_db.prepare(
        "INSERT INTO snapshots (started_at, finished_at, status, error, book_entries, "
        "chains_count, totals_count) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!stmt) return stmt.error();
    stmt->bind_all(m_snap.started_at, m_snap.finished_at, snapshot::to_string(m_snap.status), error);
    if (book_entries) stmt->bind(5, *book_entries);
    stmt->bind(6, static_cast<std::int64_t>(m_snap.chains.size()));
    stmt->bind(7, static_cast<std::int64_t>(m_snap.totals.size()));
    Result<bool> row = stmt->step();
    if (!row) return row.error();
    m_report.snapshot_id = stmt->int64(0);
    return stmt->run();   // finish the statement so the insert is complete
}

Result<std::int64_t> SnapshotWriter::add_address(address::Chain chain, address::Network network,
                                                 const std::string& text,
                                                 const std::string& script_hex,
                                                 const std::string& source,
                                                 const std::string& label)
{
    Result<Statement*> stmt = cached(m_insert_address,
        "INSERT INTO addresses (chain, network, address, script_hex, source_file, label, "
        "first_seen) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!stmt) return stmt.error();
    (*stmt)->bind_all(address::to_string(chain), address::to_string(network), text, script_hex,
                   source, label, m_snap.started_at);
    Result<bool> row = (*stmt)->step();
    if (!row) return row.error();
    const std::int64_t id = (*stmt)->int64(0);
    PW_TRY((*stmt)->run());
    m_addresses[key3(address::to_string(chain), address::to_string(network), text)] =
        StoredAddress{id, true, source, label};
    m_by_text[key2(address::to_string(chain), text)] = id;
    ++m_report.addresses_added;
    PW_TRY(add_event(id, "added", source));
    m_report.book_events.push_back(BookEvent{"added", chain, text, source});
    return id;
}

Status SnapshotWriter::add_event(std::int64_t address_id, std::string_view event,
                                 const std::string& source)
{
    Result<Statement*> stmt = cached(m_insert_event,
        "INSERT INTO book_events (snapshot_id, address_id, event, at, source_file) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    (*stmt)->bind_all(m_report.snapshot_id, address_id, event, m_snap.started_at, source);
    return (*stmt)->run();
}

Status SnapshotWriter::sync_book(const BookInput& book)
{
    Result<Statement> update = m_db.prepare(
        "UPDATE addresses SET removed_at = NULL, last_seen = NULL, source_file = ?, label = ? "
        "WHERE id = ?");
    if (!update) return update.error();
    std::unordered_set<std::int64_t> present;
    for (const auto& entry : book.entries) {
        if (!entry.address) continue;
        const address::Address& a = *entry.address;
        const std::string key =
            key3(address::to_string(a.chain), address::to_string(entry.network), a.text);
        auto found = m_addresses.find(key);
        if (found == m_addresses.end()) {
            Result<std::int64_t> id = add_address(a.chain, entry.network, a.text,
                                                  to_hex(a.script), entry.file, entry.label);
            if (!id) return id.error();
            present.insert(*id);
            continue;
        }
        StoredAddress& stored = found->second;
        if (!present.insert(stored.id).second) continue;   // another coin row, same address
        if (stored.active && stored.source_file == entry.file && stored.label == entry.label) {
            continue;   // unchanged: an unchanged book writes no address row
        }
        update->bind_all(entry.file, entry.label, stored.id);
        PW_TRY(update->run());
        if (!stored.active) {
            ++m_report.addresses_added;
            PW_TRY(add_event(stored.id, "added", entry.file));
            m_report.book_events.push_back(BookEvent{"added", a.chain, a.text, entry.file});
            m_by_text[key2(address::to_string(a.chain), a.text)] = stored.id;
        }
        stored = StoredAddress{stored.id, true, entry.file, entry.label};
    }

    Result<Statement> remove = m_db.prepare(
        "UPDATE addresses SET removed_at = ?1, last_seen = (SELECT max(started_at) FROM "
        "snapshots WHERE book_entries IS NOT NULL AND id < ?2) WHERE id = ?3");
    Result<Statement> leave = m_db.prepare(
        "INSERT OR REPLACE INTO balance_changes (address_id, asset, snapshot_id, units) "
        "VALUES (?, ?, ?, NULL)");
    if (!remove) return remove.error();
    if (!leave) return leave.error();
    for (auto& [key, stored] : m_addresses) {
        if (!stored.active || present.count(stored.id)) continue;
        remove->bind_all(m_snap.started_at, m_report.snapshot_id, stored.id);
        PW_TRY(remove->run());
        PW_TRY(add_event(stored.id, "removed", stored.source_file));
        // key = chain\nnetwork\naddress (key3)
        const std::size_t first = key.find('\n');
        const std::size_t second = key.find('\n', first + 1);
        m_report.book_events.push_back(
            BookEvent{"removed", address::chain_from_string(key.substr(0, first)).value_or(address::Chain::bitcoin),
                      key.substr(second + 1), stored.source_file});
        stored.active = false;
        ++m_report.addresses_removed;
        for (const auto& asset : m_assets_of[stored.id]) {
            auto& latest = m_latest[balance_key(stored.id, asset)];
            if (!latest) continue;
            leave->bind_all(stored.id, asset, m_report.snapshot_id);
            PW_TRY(leave->run());
            latest.reset();
            ++m_report.balance_rows;
        }
    }
    return Ok{};
}

Status SnapshotWriter::store_verdicts(const BookInput& book)
{
    if (book.verdicts.empty()) return Ok{};
    if (book.verdicts.size() != book.entries.size()) {
        return Error{"ownership verdicts (" + std::to_string(book.verdicts.size()) +
                     ") do not match the book entries (" + std::to_string(book.entries.size()) +
                     ")"};
    }
    // One check row per file, with its content hash and counts.
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_file;   // entries, verified
    for (std::size_t i = 0; i < book.entries.size(); ++i) {
        auto& counts = per_file[book.entries[i].file];
        ++counts.first;
        if (book.verdicts[i].status == proof::ProofStatus::verified) ++counts.second;
    }
    Result<Statement> check = m_db.prepare(
        "INSERT INTO ownership_checks (checked_at, file, file_hash, entries, verified) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id");
    if (!check) return check.error();
    std::map<std::string, std::int64_t> check_ids;
    for (const auto& [file, counts] : per_file) {
        const auto hash = book.file_hashes.find(file);
        check->bind_all(book.checked_at, file,
                        hash == book.file_hashes.end() ? std::string() : hash->second,
                        counts.first, counts.second);
        Result<bool> row = check->step();
        if (!row) return row.error();
        check_ids[file] = check->int64(0);
        PW_TRY(check->run());
    }

    std::unordered_map<std::string, std::string> latest;   // address_id\ncoin → fingerprint
    Result<Statement> load = m_db.prepare(
        "SELECT address_id, coin, status, scheme, reason, proven, required, signers, max(id) "
        "FROM ownership_results GROUP BY address_id, coin");
    if (!load) return load.error();
    for (;;) {
        Result<bool> row = load->step();
        if (!row) return row.error();
        if (!*row) break;
        latest[key2(std::to_string(load->int64(0)), load->text(1))] =
            key3(key3(load->text(2), load->text(3), load->text(4)),
                 key2(std::to_string(load->int64(5)), std::to_string(load->int64(6))),
                 load->text(7));
    }
    Result<Statement> insert = m_db.prepare(
        "INSERT INTO ownership_results (address_id, coin, check_id, checked_at, status, scheme, "
        "reason, proven, required, signers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    for (std::size_t i = 0; i < book.entries.size(); ++i) {
        const auto& entry = book.entries[i];
        if (!entry.address) continue;   // never watched, so nothing to key the verdict on
        const auto& a = *entry.address;
        const auto found = m_addresses.find(
            key3(address::to_string(a.chain), address::to_string(entry.network), a.text));
        if (found == m_addresses.end()) continue;
        const proof::ProofResult& verdict = book.verdicts[i];
        const std::string fingerprint = verdict_fingerprint(verdict);
        std::string& previous = latest[key2(std::to_string(found->second.id), entry.coin)];
        if (previous == fingerprint) continue;
        previous = fingerprint;
        std::string signers;
        for (const auto& s : verdict.signers) signers += (signers.empty() ? "" : ",") + s;
        insert->bind_all(found->second.id, entry.coin, check_ids[entry.file], book.checked_at,
                         proof::to_string(verdict.status), verdict.scheme, verdict.reason,
                         std::int64_t{verdict.proven}, std::int64_t{verdict.required}, signers);
        PW_TRY(insert->run());
        ++m_report.verdict_rows;
    }
    return Ok{};
}

Status SnapshotWriter::store_chains_and_totals()
{
    Result<Statement> chain = m_db.prepare(
        "INSERT INTO snapshot_chains (snapshot_id, chain, network, chain_id, status, height, "
        "block_hash, duration_ms, error, endpoints, disagreements) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!chain) return chain.error();
    for (const auto& c : m_snap.chains) {
        // An EVM chain's network is its chain id ("31337"), as scan --json shows it; UTXO chains
        // keep their frozen network names.
        const std::string network = c.chain_id.empty() ? std::string(address::to_string(c.network)) : c.chain_id;
        chain->bind_all(m_report.snapshot_id, address::to_string(c.chain), network, c.chain_id, chain::to_string(c.status),
                        static_cast<std::int64_t>(c.height), c.block_hash, c.duration_ms,
                        c.error.empty() ? chain::degraded_note(c) : c.error, endpoints_json(c),
                        disagreements_json(c));
        PW_TRY(chain->run());
    }
    Result<Statement> total = m_db.prepare(
        "INSERT INTO asset_totals (snapshot_id, asset, chain, decimals, units, claimed_units, "
        "addresses, verified_addresses, verified_units, claim_errors) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!total) return total.error();
    for (const auto& t : m_snap.totals) {
        std::optional<std::string> claimed;
        if (t.claimed_units) claimed = to_string(*t.claimed_units);
        total->bind_all(m_report.snapshot_id, t.asset, address::to_string(t.chain),
                        std::int64_t{t.decimals}, to_string(t.units), claimed,
                        static_cast<std::int64_t>(t.addresses),
                        static_cast<std::int64_t>(t.verified_addresses), to_string(t.verified_units),
                        static_cast<std::int64_t>(t.claim_errors));
        PW_TRY(total->run());
    }
    Result<Statement> unscanned = m_db.prepare(
        "INSERT INTO snapshot_unscanned (snapshot_id, reason, asset, chain, row_count, "
        "claimed_row_count, claimed_units, decimals) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!unscanned) return unscanned.error();
    for (const auto& u : m_snap.unscanned) {
        std::optional<std::string> claimed;
        if (u.claimed_units) claimed = to_string(*u.claimed_units);
        unscanned->bind_all(m_report.snapshot_id, u.reason, u.asset, u.chain,
                            static_cast<std::int64_t>(u.rows), static_cast<std::int64_t>(u.claimed_rows),
                            claimed, std::int64_t{u.decimals});
        PW_TRY(unscanned->run());
    }
    Result<Statement> shortfall = m_db.prepare(
        "INSERT INTO shortfalls (snapshot_id, asset, address, claimed_units, observed_units) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!shortfall) return shortfall.error();
    for (const auto& s : m_snap.shortfalls) {
        shortfall->bind_all(m_report.snapshot_id, s.asset, s.address, to_string(s.claimed),
                            to_string(s.observed));
        PW_TRY(shortfall->run());
    }
    return Ok{};
}

Status SnapshotWriter::store_balances()
{
    std::map<address::Chain, address::Network> networks;
    for (const auto& c : m_snap.chains) networks[c.chain] = c.network;
    Result<Statement> insert = m_db.prepare(
        "INSERT OR REPLACE INTO balance_changes (address_id, asset, snapshot_id, units) "
        "VALUES (?, ?, ?, ?)");
    if (!insert) return insert.error();
    std::unordered_set<std::string> seen;
    for (const auto& b : m_snap.balances) {
        const std::string chain_name(address::to_string(b.chain));
        auto found = m_by_text.find(key2(chain_name, b.address));
        std::int64_t id = 0;
        if (found != m_by_text.end()) {
            id = found->second;
        } else {
            // Observed but never in a stored book: keep it (nothing observed is dropped).
            Result<std::int64_t> added =
                add_address(b.chain, networks[b.chain], b.address, "", "", "");
            if (!added) return added.error();
            id = *added;
        }
        const std::string key = balance_key(id, b.asset);
        if (!seen.insert(key).second) {
            return Error{"inconsistent snapshot: two " + b.asset + " balances for " + b.address};
        }
        std::string units = to_string(b.units);
        auto& latest = m_latest[key];
        if (latest && *latest == units) continue;   // unchanged: delta storage writes nothing
        insert->bind_all(id, b.asset, m_report.snapshot_id, units);
        PW_TRY(insert->run());
        latest = std::move(units);
        ++m_report.balance_rows;
    }
    return Ok{};
}

Result<WriteReport> SnapshotWriter::write(const std::optional<BookInput>& book,
                                          const std::string& error, const WriteHook& hook)
{
    PW_TRY(check_consistent());
    Result<Transaction> tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    PW_TRY(load_addresses());
    PW_TRY(load_latest_balances());
    std::optional<std::int64_t> book_entries;
    if (book) {
        std::unordered_set<std::string> distinct;
        for (const auto& e : book->entries) {
            if (!e.address) continue;
            distinct.insert(key2(address::to_string(e.address->chain), e.address->text));
        }
        book_entries = static_cast<std::int64_t>(distinct.size());
    }
    std::string stored_error = error;
    if (stored_error.empty()) {
        // A degraded chain (complete without some endpoints) is noted too, so `status` shows it.
        for (const auto& c : m_snap.chains) {
            const std::string why = c.error.empty() ? chain::degraded_note(c) : c.error;
            if (why.empty()) continue;
            if (!stored_error.empty()) stored_error += "; ";
            stored_error += std::string(address::to_string(c.chain)) + ": " + why;
        }
    }
    PW_TRY(insert_snapshot(book_entries, valid_utf8(stored_error)));   // only valid UTF-8 is stored
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
                                       const auto found = m_by_text.find(key2(address::to_string(chain), text));
                                       if (found == m_by_text.end()) {
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

}  // namespace

Result<WriteReport> Store::write_snapshot(const snapshot::Snapshot& snap,
                                          const std::optional<BookInput>& book,
                                          const std::string& error, const WriteHook& hook)
{
    SnapshotWriter writer(m_impl->db, snap);
    Result<WriteReport> written = writer.write(book, error, hook);
    if (!written) return wrap_error("storing snapshot in " + m_impl->db.path(), written.error());
    return written;
}

}  // namespace porwatch::store
