// SnapshotWriter's book: the addresses added and removed since the last stored book, and the
// ownership verdicts that changed.
#include <algorithm>
#include <map>
#include <unordered_set>

#include "porwatch/util/hex.hpp"
#include "snapshot_writer.hpp"

namespace porwatch::store::detail {
namespace {

// The signers column: comma-separated.
std::string joined_signers(const proof::ProofResult& r)
{
    std::string signers;
    for (const auto& s : r.signers) signers += (signers.empty() ? "" : ",") + s;
    return signers;
}

// A verdict's stored columns in one string: a new verdict is stored only when its fingerprint
// differs from the latest stored one's, so both are made here, from the same columns.
std::string verdict_fingerprint(std::string_view status, std::string_view scheme, std::string_view reason,
                                std::int64_t proven, std::int64_t required, std::string_view signers)
{
    return key3(key3(status, scheme, reason), key2(std::to_string(proven), std::to_string(required)), signers);
}

}  // namespace

Result<std::int64_t> SnapshotWriter::add_address(address::Chain chain, address::Network network,
                                                 const std::string& text, const std::string& script_hex,
                                                 const std::string& source, const std::string& label)
{
    Result<Statement*> stmt =
        cached(m_insert_address, "INSERT INTO addresses (chain, network, address, script_hex, source_file, label, "
                                 "first_seen) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    (*stmt)->bind_all(address::to_string(chain), address::to_string(network), text, script_hex, source, label,
                      m_snap.started_at);
    PW_TRY((*stmt)->run());
    const std::int64_t id = m_db.last_insert_rowid();  // the new row's INTEGER PRIMARY KEY
    m_cache.addresses[key3(address::to_string(chain), address::to_string(network), text)] =
        StoredAddress{id, true, source, label};
    m_cache.by_text[key2(address::to_string(chain), text)] = id;
    ++m_report.addresses_added;
    PW_TRY(add_event(id, "added", source));
    m_report.book_events.push_back(BookEvent{"added", chain, text, source});
    return id;
}

Status SnapshotWriter::add_event(std::int64_t address_id, std::string_view event, const std::string& source)
{
    Result<Statement*> stmt =
        cached(m_insert_event, "INSERT INTO book_events (snapshot_id, address_id, event, at, source_file) "
                               "VALUES (?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    (*stmt)->bind_all(m_report.snapshot_id, address_id, event, m_snap.started_at, source);
    return (*stmt)->run();
}

Status SnapshotWriter::sync_book(const BookInput& book)
{
    Result<Statement> update =
        m_db.prepare("UPDATE addresses SET removed_at = NULL, last_seen = NULL, source_file = ?, label = ? "
                     "WHERE id = ?");
    if (!update) return update.error();
    // Address ids seen in this book: ids are SQLite rowids, dense from 1, so a bit per id.
    std::vector<bool> present;
    const auto mark_present = [&present](std::int64_t id) {
        const auto at = static_cast<std::size_t>(id);
        if (at >= present.size()) present.resize(std::max(at + 1, present.size() * 2));
        const bool was = present[at];
        present[at] = true;
        return !was;
    };
    const auto is_present = [&present](std::int64_t id) {
        const auto at = static_cast<std::size_t>(id);
        return at < present.size() && present[at];
    };
    std::string lookup;  // reused: no allocation per entry
    for (const auto& entry : book.entries) {
        if (!entry.address) continue;
        const address::Address& a = *entry.address;
        auto found = m_cache.addresses.find(
            key3_into(lookup, address::to_string(a.chain), address::to_string(entry.network), a.text));
        if (found == m_cache.addresses.end()) {
            Result<std::int64_t> id =
                add_address(a.chain, entry.network, a.text, to_hex(a.script), entry.file, entry.label);
            if (!id) return id.error();
            mark_present(*id);
            continue;
        }
        StoredAddress& stored = found->second;
        if (!mark_present(stored.id)) continue;  // another coin row, same address
        if (stored.active && stored.source_file == entry.file && stored.label == entry.label) {
            continue;  // unchanged: an unchanged book writes no address row
        }
        update->bind_all(entry.file, entry.label, stored.id);
        PW_TRY(update->run());
        if (!stored.active) {
            ++m_report.addresses_added;
            PW_TRY(add_event(stored.id, "added", entry.file));
            m_report.book_events.push_back(BookEvent{"added", a.chain, a.text, entry.file});
            m_cache.by_text[key2(address::to_string(a.chain), a.text)] = stored.id;
        }
        stored = StoredAddress{stored.id, true, entry.file, entry.label};
    }

    Result<Statement> remove =
        m_db.prepare("UPDATE addresses SET removed_at = ?1, last_seen = (SELECT max(started_at) FROM "
                     "snapshots WHERE book_entries IS NOT NULL AND id < ?2) WHERE id = ?3");
    Result<Statement> leave =
        m_db.prepare("INSERT OR REPLACE INTO balance_changes (address_id, asset, snapshot_id, units) "
                     "VALUES (?, ?, ?, NULL)");
    if (!remove) return remove.error();
    if (!leave) return leave.error();
    for (auto& [key, stored] : m_cache.addresses) {
        if (!stored.active || is_present(stored.id)) continue;
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
        for (const auto& asset : m_cache.assets_of[stored.id]) {
            auto& latest = m_cache.latest[balance_key(stored.id, asset)].units;
            if (!latest) continue;
            leave->bind_all(stored.id, asset, m_report.snapshot_id);
            PW_TRY(leave->run());
            latest.reset();
            ++m_report.balance_rows;
        }
    }
    return Ok{};
}

Status SnapshotWriter::load_latest_verdicts()
{
    if (m_cache.verdicts_loaded) return Ok{};
    Result<Statement> load =
        m_db.prepare("SELECT address_id, coin, status, scheme, reason, proven, required, signers, max(id) "
                     "FROM ownership_results GROUP BY address_id, coin");
    if (!load) return load.error();
    for (;;) {
        Result<bool> row = load->step();
        if (!row) return row.error();
        if (!*row) break;
        m_cache.verdicts[balance_key(load->int64(0), load->text(1))] = verdict_fingerprint(
            load->text(2), load->text(3), load->text(4), load->int64(5), load->int64(6), load->text(7));
    }
    m_cache.verdicts_loaded = true;
    return Ok{};
}

Status SnapshotWriter::store_verdicts(const BookInput& book)
{
    if (book.verdicts.empty()) return Ok{};
    if (book.verdicts.size() != book.entries.size()) {
        return Error{"ownership verdicts (" + std::to_string(book.verdicts.size()) +
                     ") do not match the book entries (" + std::to_string(book.entries.size()) + ")"};
    }
    // One check row per file, with its content hash and counts.
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_file;  // entries, verified
    for (std::size_t i = 0; i < book.entries.size(); ++i) {
        auto& counts = per_file[book.entries[i].file];
        ++counts.first;
        if (book.verdicts[i].status == proof::ProofStatus::verified) ++counts.second;
    }
    Result<Statement> check =
        m_db.prepare("INSERT INTO ownership_checks (checked_at, file, file_hash, entries, verified) "
                     "VALUES (?, ?, ?, ?, ?) RETURNING id");
    if (!check) return check.error();
    std::map<std::string, std::int64_t> check_ids;
    for (const auto& [file, counts] : per_file) {
        const auto hash = book.file_hashes.find(file);
        check->bind_all(book.checked_at, file, hash == book.file_hashes.end() ? std::string() : hash->second,
                        counts.first, counts.second);
        Result<bool> row = check->step();
        if (!row) return row.error();
        check_ids[file] = check->int64(0);
        PW_TRY(check->run());
    }

    PW_TRY(load_latest_verdicts());
    Result<Statement> insert =
        m_db.prepare("INSERT INTO ownership_results (address_id, coin, check_id, checked_at, status, scheme, "
                     "reason, proven, required, signers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    std::string address_key, verdict_key;  // reused: no allocation per row for the lookups
    for (std::size_t i = 0; i < book.entries.size(); ++i) {
        const auto& entry = book.entries[i];
        if (!entry.address) continue;  // never watched, so nothing to key the verdict on
        const auto& a = *entry.address;
        const auto found = m_cache.addresses.find(
            key3_into(address_key, address::to_string(a.chain), address::to_string(entry.network), a.text));
        if (found == m_cache.addresses.end()) continue;
        const proof::ProofResult& verdict = book.verdicts[i];
        const std::string signers = joined_signers(verdict);
        const std::string fingerprint =
            verdict_fingerprint(proof::to_string(verdict.status), verdict.scheme, verdict.reason,
                                std::int64_t{verdict.proven}, std::int64_t{verdict.required}, signers);
        std::string& previous = m_cache.verdicts[balance_key_into(verdict_key, found->second.id, entry.coin)];
        if (previous == fingerprint) continue;
        previous = fingerprint;
        insert->bind_all(found->second.id, entry.coin, check_ids[entry.file], book.checked_at,
                         proof::to_string(verdict.status), verdict.scheme, verdict.reason, std::int64_t{verdict.proven},
                         std::int64_t{verdict.required}, signers);
        PW_TRY(insert->run());
        ++m_report.verdict_rows;
    }
    return Ok{};
}

#undef PW_TRY

}  // namespace porwatch::store::detail
