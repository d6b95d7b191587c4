// SnapshotWriter's chains: each chain's row with its endpoints, the asset totals, what was not
// scanned, the shortfalls, and the balances that changed (delta storage).
#include <map>
#include <unordered_set>

#include "evidence_json.hpp"
#include "snapshot_writer.hpp"

namespace porwatch::store::detail {

Status SnapshotWriter::store_chains_and_totals()
{
    Result<Statement> chain =
        m_db.prepare("INSERT INTO snapshot_chains (snapshot_id, chain, network, chain_id, status, height, "
                     "block_hash, duration_ms, error, endpoints, disagreements) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!chain) return chain.error();
    for (const auto& c : m_snap.chains) {
        // An EVM chain's network is its chain id ("31337"), as scan --json shows it; UTXO chains
        // keep their frozen network names.
        const std::string network = c.chain_id.empty() ? std::string(address::to_string(c.network)) : c.chain_id;
        chain->bind_all(m_report.snapshot_id, chain::source_name(c), network, c.chain_id, chain::to_string(c.status),
                        static_cast<std::int64_t>(c.height), c.block_hash, c.duration_ms,
                        c.error.empty() ? chain::degraded_note(c) : c.error, endpoints_json(c), disagreements_json(c));
        PW_TRY(chain->run());
    }
    Result<Statement> total =
        m_db.prepare("INSERT INTO asset_totals (snapshot_id, asset, chain, decimals, units, claimed_units, "
                     "addresses, verified_addresses, verified_units, claim_errors) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!total) return total.error();
    for (const auto& t : m_snap.totals) {
        std::optional<std::string> claimed;
        if (t.claimed_units) claimed = to_string(*t.claimed_units);
        total->bind_all(m_report.snapshot_id, t.asset, stored_total_chain(m_snap, t.chain, t.asset),
                        std::int64_t{t.decimals}, to_string(t.units), claimed, static_cast<std::int64_t>(t.addresses),
                        static_cast<std::int64_t>(t.verified_addresses), to_string(t.verified_units),
                        static_cast<std::int64_t>(t.claim_errors));
        PW_TRY(total->run());
    }
    Result<Statement> unscanned =
        m_db.prepare("INSERT INTO snapshot_unscanned (snapshot_id, reason, asset, chain, row_count, "
                     "claimed_row_count, claimed_units, decimals) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!unscanned) return unscanned.error();
    for (const auto& u : m_snap.unscanned) {
        std::optional<std::string> claimed;
        if (u.claimed_units) claimed = to_string(*u.claimed_units);
        unscanned->bind_all(m_report.snapshot_id, u.reason, u.asset, u.chain, static_cast<std::int64_t>(u.rows),
                            static_cast<std::int64_t>(u.claimed_rows), claimed, std::int64_t{u.decimals});
        PW_TRY(unscanned->run());
    }
    Result<Statement> shortfall =
        m_db.prepare("INSERT INTO shortfalls (snapshot_id, asset, address, claimed_units, observed_units) "
                     "VALUES (?, ?, ?, ?, ?)");
    if (!shortfall) return shortfall.error();
    for (const auto& s : m_snap.shortfalls) {
        shortfall->bind_all(m_report.snapshot_id, s.asset, s.address, to_string(s.claimed), to_string(s.observed));
        PW_TRY(shortfall->run());
    }
    return Ok{};
}

Status SnapshotWriter::store_balances()
{
    std::map<address::Chain, address::Network> networks;
    for (const auto& c : m_snap.chains) networks[c.chain] = c.network;
    Result<Statement> insert =
        m_db.prepare("INSERT OR REPLACE INTO balance_changes (address_id, asset, snapshot_id, units) "
                     "VALUES (?, ?, ?, ?)");
    if (!insert) return insert.error();
    std::string text_key, key;  // reused: no allocation per balance
    for (const auto& b : m_snap.balances) {
        const std::string_view chain_name = address::to_string(b.chain);
        auto found = m_cache.by_text.find(key2_into(text_key, chain_name, b.address));
        std::int64_t id = 0;
        if (found != m_cache.by_text.end()) {
            id = found->second;
        } else {
            // Observed but never in a stored book: keep it (nothing observed is dropped).
            Result<std::int64_t> added = add_address(b.chain, networks[b.chain], b.address, "", "", "");
            if (!added) return added.error();
            id = *added;
        }
        auto [latest, added] = m_cache.latest.try_emplace(balance_key_into(key, id, b.asset));
        if (added) {
            m_cache.assets_of[id].push_back(b.asset);  // so that leaving the book closes this balance too
        } else if (latest->second.written_in == m_report.snapshot_id) {
            return Error{"inconsistent snapshot: two " + b.asset + " balances for " + b.address};
        }
        latest->second.written_in = m_report.snapshot_id;
        if (latest->second.units == b.units) continue;  // delta storage: unchanged, nothing written
        insert->bind_all(id, b.asset, m_report.snapshot_id, to_string(b.units));
        PW_TRY(insert->run());
        latest->second.units = b.units;
        ++m_report.balance_rows;
    }
    return Ok{};
}

#undef PW_TRY

}  // namespace porwatch::store::detail
