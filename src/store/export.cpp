// Store::export_snapshot (a bundle's content, store/export.hpp) and the evidence readers
// `status` shares with it.
#include <map>
#include <set>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/store/evidence_codec.hpp"
#include "store_impl.hpp"

namespace porwatch::store {

using detail::Statement;

namespace {

template <typename T> Result<T> stored(Result<T> parsed, const std::string& where)
{
    if (!parsed) return Error{"corrupt stored evidence in " + where + ": " + parsed.error().message};
    return parsed;
}

// Run `sql` bound to `id`, calling `row(stmt)` for each row.
template <typename Row> Status each_row(const detail::Database& db, std::string_view sql, std::int64_t id, Row row)
{
    Result<Statement> stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    for (;;) {
        Result<bool> more = stmt->step();
        if (!more) return more.error();
        if (!*more) return Ok{};
        if (Status s = row(*stmt); !s) return s;
    }
}

// The proof columns of a chain_evidence row starting at column `c` (proofs_mode, …, failure).
Result<std::optional<chain::ProofSummary>> proof_summary(const Statement& s, int c, const std::string& where)
{
    if (s.is_null(c)) return std::optional<chain::ProofSummary>{};
    chain::ProofSummary p;
    p.mode = s.text(c);
    p.header_verified = s.int64(c + 1) != 0;
    p.header_fork = s.text(c + 2);
    p.state_root = s.text(c + 3);
    p.balances = static_cast<std::size_t>(s.int64(c + 4));
    p.accounts_selected = static_cast<std::size_t>(s.int64(c + 5));
    p.accounts_proven = static_cast<std::size_t>(s.int64(c + 6));
    p.slots_proven = static_cast<std::size_t>(s.int64(c + 7));
    p.balances_proven = static_cast<std::size_t>(s.int64(c + 8));
    auto unproven = stored(codec::parse_strings(s.text(c + 9)), where);
    if (!unproven) return unproven.error();
    p.unproven_assets = std::move(*unproven);
    p.endpoints_checked = static_cast<std::size_t>(s.int64(c + 10));
    p.failures = static_cast<std::size_t>(s.int64(c + 11));
    p.failure = s.text(c + 12);
    return std::optional<chain::ProofSummary>{std::move(p)};
}

constexpr const char* kProofColumns =
    "e.proofs_mode, e.header_verified, e.header_fork, e.state_root, e.balances, e.accounts_selected, "
    "e.accounts_proven, e.slots_proven, e.balances_proven, e.unproven_assets, e.endpoints_checked, e.failures, "
    "e.failure";

}  // namespace

namespace detail {

Status read_latest_evidence(const Database& db, StatusReport& report)
{
    const std::string sql = std::string("SELECT e.snapshot_id, e.chain, c.status, e.outpoints, ") + kProofColumns +
                            " FROM chain_evidence e JOIN snapshot_chains c ON c.snapshot_id = e.snapshot_id AND "
                            "c.chain = e.chain WHERE e.snapshot_id = ?1 ORDER BY e.chain";
    Result<std::int64_t> latest = db.query_int("SELECT coalesce(max(id), 0) FROM snapshots");
    if (!latest) return latest.error();
    return each_row(db, sql, *latest, [&](const Statement& s) -> Status {
        ChainEvidenceRow row;
        row.snapshot_id = s.int64(0);
        row.chain = s.text(1);
        row.status = s.text(2);
        row.outpoints = static_cast<std::size_t>(s.int64(3));
        auto proofs = proof_summary(s, 4, "chain_evidence of " + row.chain);
        if (!proofs) return proofs.error();
        row.proofs = std::move(*proofs);
        report.evidence.push_back(std::move(row));
        return Ok{};
    });
}

}  // namespace detail

Result<SnapshotExport> Store::export_snapshot(std::int64_t id) const
{
    const detail::Database& db = m_impl->db;
    SnapshotExport out;
    out.generator = "porwatch " PORWATCH_VERSION;
    out.snapshot_id = id;
    bool found = false;
    Status s = each_row(db, "SELECT started_at, finished_at, status, error FROM snapshots WHERE id = ?1", id,
                        [&](const Statement& st) -> Status {
                            found = true;
                            out.started_at = st.int64(0);
                            out.finished_at = st.int64(1);
                            out.status = st.text(2);
                            out.error = st.text(3);
                            return Ok{};
                        });
    if (!s) return s.error();
    if (!found) return Error{"no snapshot " + std::to_string(id) + " in " + db.path()};

    // The address files, in book order, and each row's verdict as stored at the snapshot.
    s = each_row(db,
                 "SELECT b.file, b.sha256, f.content IS NOT NULL, f.content FROM snapshot_books b "
                 "LEFT JOIN book_files f ON f.sha256 = b.sha256 WHERE b.snapshot_id = ?1 ORDER BY b.position",
                 id, [&](const Statement& st) -> Status {
                     ExportedFile f{st.text(0), st.text(1), std::nullopt};
                     if (st.int64(2)) {
                         const auto bytes = st.blob(3);
                         f.content = std::string(bytes.begin(), bytes.end());
                     }
                     out.files.push_back(std::move(f));
                     return Ok{};
                 });
    if (!s) return s.error();
    out.book_recorded = !out.files.empty();
    std::map<std::tuple<std::string, std::string, std::string>, proof::ProofResult> verdicts;
    s = each_row(db,
                 "SELECT a.chain, a.address, r.coin, r.status, r.scheme, r.reason, r.proven, r.required, r.signers "
                 "FROM ownership_results r JOIN addresses a ON a.id = r.address_id WHERE r.id IN "
                 "(SELECT max(id) FROM ownership_results WHERE checked_at <= "
                 "(SELECT started_at FROM snapshots WHERE id = ?1) GROUP BY address_id, coin)",
                 id, [&](const Statement& st) -> Status {
                     proof::ProofResult v;
                     const auto status = proof::proof_status_from_string(st.text(3));
                     if (!status) return Error{"corrupt stored verdict status '" + st.text(3) + "'"};
                     v.status = *status;
                     v.scheme = st.text(4);
                     v.reason = st.text(5);
                     v.proven = static_cast<int>(st.int64(6));
                     v.required = static_cast<int>(st.int64(7));
                     for (std::size_t at = 0, comma = 0; !st.text(8).empty() && comma != std::string::npos;
                          at = comma + 1) {
                         comma = st.text(8).find(',', at);
                         v.signers.push_back(st.text(8).substr(at, comma == std::string::npos ? comma : comma - at));
                     }
                     verdicts[{st.text(0), st.text(1), st.text(2)}] = std::move(v);
                     return Ok{};
                 });
    if (!s) return s.error();
    for (const auto& f : out.files) {
        if (!f.content) continue;
        // A stored file that no longer parses has no rows; `check` reports the file.
        auto entries = addressbook::parse_book(*f.content, f.path);
        if (!entries) continue;
        for (const auto& e : *entries) {
            if (!e.address) continue;
            RowVerdict row{e.file, e.line, e.address->chain, e.address->text, e.coin, {}};
            const auto v = verdicts.find({std::string(address::to_string(e.address->chain)), e.address->text, e.coin});
            if (v != verdicts.end()) {
                row.verdict = v->second;
            } else {
                row.verdict.reason = "no ownership verdict stored for this row at the snapshot";
            }
            out.rows.push_back(std::move(row));
        }
    }

    // Chains with their evidence.
    const std::string chains_sql =
        std::string("SELECT c.chain, c.network, c.chain_id, c.status, c.height, c.block_hash, c.duration_ms, c.error, "
                    "c.endpoints, e.id IS NOT NULL, e.assets, e.confirmations, e.response_bytes, ") +
        kProofColumns +
        ", e.header_rlp, e.proof_nodes, e.proven, e.contract_checks "
        "FROM snapshot_chains c LEFT JOIN chain_evidence e ON e.snapshot_id = c.snapshot_id AND e.chain = c.chain "
        "WHERE c.snapshot_id = ?1 ORDER BY c.chain";
    s = each_row(db, chains_sql, id, [&](const Statement& st) -> Status {
        ExportedChain c;
        snapshot::ChainResult& r = c.result;
        const std::string where = "snapshot " + std::to_string(id) + " chain " + st.text(0);
        const auto chain = detail::chain_from_stored(st.text(0));
        // An EVM chain's network column holds its chain id since issue 18 (the scanner's
        // ChainResult says Network::main for every EVM chain); older rows hold "main".
        const bool evm = !st.text(2).empty();
        const auto network =
            evm ? std::optional<address::Network>(address::Network::main) : address::network_from_string(st.text(1));
        const auto status = chain::chain_status_from_string(st.text(3));
        if (!chain || !network || !status) return Error{"corrupt stored chain row in " + where};
        r.chain = *chain;
        if (!address::chain_from_string(st.text(0))) r.source = st.text(0);  // an [evm.NAME] chain
        r.network = *network;
        r.chain_id = st.text(2);
        r.status = *status;
        r.height = static_cast<std::uint64_t>(st.int64(4));
        r.block_hash = st.text(5);
        r.duration_ms = st.int64(6);
        r.error = st.text(7);
        auto endpoints = stored(codec::parse_endpoints(st.text(8)), where);
        if (!endpoints) return endpoints.error();
        r.endpoints = std::move(*endpoints);
        if (st.int64(9)) {
            snapshot::ChainEvidence e;
            e.chain = r.chain;
            auto assets = stored(codec::parse_assets(st.text(10)), where);
            if (!assets) return assets.error();
            e.assets = std::move(*assets);
            e.confirmations = static_cast<unsigned>(st.int64(11));
            r.response_bytes = static_cast<std::uint64_t>(st.int64(12));
            auto proofs = proof_summary(st, 13, where);
            if (!proofs) return proofs.error();
            r.proofs = std::move(*proofs);
            if (!st.is_null(26)) {
                chain::ProofData data;
                data.header_rlp = st.blob(26);
                auto nodes = stored(codec::split_nodes(st.blob(27)), where);
                if (!nodes) return nodes.error();
                data.nodes = std::move(*nodes);
                auto proven = stored(codec::parse_proven(st.text(28)), where);
                if (!proven) return proven.error();
                data.accounts = std::move(proven->first);
                data.slots = std::move(proven->second);
                e.proof_data = std::move(data);
            }
            if (!st.is_null(29)) {
                auto checks = stored(codec::parse_contract_checks(st.text(29)), where);
                if (!checks) return checks.error();
                c.owner_checks = std::move(checks->first);
                c.signature_checks = std::move(checks->second);
            }
            c.evidence = std::move(e);
        }
        out.chains.push_back(std::move(c));
        return Ok{};
    });
    if (!s) return s.error();

    // Balances of the complete chains: the latest stored value per (address, asset) at or before
    // the snapshot, for the assets the chain read then (older rows of a dropped asset stay out).
    // Keyed by the chain's name (source_name): an [evm.NAME] chain's balances are its ASSET@NAME.
    std::map<std::string, std::set<std::string>> assets_of;  // complete chain → assets (empty: any)
    for (const auto& c : out.chains) {
        if (c.result.status != snapshot::ChainStatus::complete) continue;
        auto& assets = assets_of[chain::source_name(c.result)];
        if (c.evidence) {
            for (const auto& a : c.evidence->assets) assets.insert(snapshot::sourced_asset(a.asset, c.result.source));
        }
    }
    s = each_row(db,
                 "SELECT a.chain, a.address, b.asset, b.units FROM balance_changes b JOIN addresses a ON a.id = "
                 "b.address_id WHERE b.snapshot_id = (SELECT max(n.snapshot_id) FROM balance_changes n WHERE "
                 "n.address_id = b.address_id AND n.asset = b.asset AND n.snapshot_id <= ?1) AND b.units IS NOT NULL "
                 "ORDER BY a.chain, a.id, b.asset",
                 id, [&](const Statement& st) -> Status {
                     const auto chain = address::chain_from_string(st.text(0));
                     if (!chain) return Error{"corrupt stored address chain '" + st.text(0) + "'"};
                     const auto assets = assets_of.find(snapshot::asset_chain_name(*chain, st.text(2)));
                     if (assets == assets_of.end()) return Ok{};
                     if (!assets->second.empty() && !assets->second.count(st.text(2))) return Ok{};
                     auto units = detail::stored_units(st.text(3), st.text(1) + " " + st.text(2));
                     if (!units) return units.error();
                     out.balances.push_back(snapshot::AddressBalance{*chain, st.text(1), st.text(2), *units});
                     return Ok{};
                 });
    if (!s) return s.error();
    s = each_row(db,
                 "SELECT o.chain, a.address, o.txid, o.vout, o.units, o.height FROM utxo_outpoints o JOIN addresses a "
                 "ON a.id = o.address_id WHERE o.first_snapshot <= ?1 AND (o.gone_snapshot IS NULL OR o.gone_snapshot "
                 "> ?1) ORDER BY o.chain, o.txid, o.vout",
                 id, [&](const Statement& st) -> Status {
                     if (!assets_of.count(st.text(0))) return Ok{};
                     auto units = detail::stored_units(st.text(4), "outpoint " + st.text(2));
                     if (!units) return units.error();
                     out.outpoints.push_back(chain::UtxoOutpoint{*address::chain_from_string(st.text(0)), st.text(1),
                                                                 st.text(2), static_cast<std::uint32_t>(st.int64(3)),
                                                                 *units, static_cast<std::uint64_t>(st.int64(5))});
                     return Ok{};
                 });
    if (!s) return s.error();

    s = each_row(db,
                 "SELECT asset, chain, decimals, units, claimed_units, addresses, verified_addresses, verified_units, "
                 "claim_errors FROM asset_totals WHERE snapshot_id = ?1 ORDER BY chain, asset",
                 id, [&](const Statement& st) -> Status {
                     snapshot::AssetTotal t;
                     t.asset = st.text(0);
                     const auto chain = detail::chain_from_stored(st.text(1));
                     if (!chain) return Error{"corrupt stored total chain '" + st.text(1) + "'"};
                     t.chain = *chain;
                     t.decimals = static_cast<unsigned>(st.int64(2));
                     auto units = detail::stored_units(st.text(3), "total " + t.asset);
                     if (!units) return units.error();
                     t.units = *units;
                     if (!st.is_null(4)) {
                         auto claimed = detail::stored_units(st.text(4), "claim " + t.asset);
                         if (!claimed) return claimed.error();
                         t.claimed_units = *claimed;
                     }
                     t.addresses = static_cast<std::size_t>(st.int64(5));
                     t.verified_addresses = static_cast<std::size_t>(st.int64(6));
                     if (!st.is_null(7)) {
                         auto verified = detail::stored_units(st.text(7), "verified total " + t.asset);
                         if (!verified) return verified.error();
                         t.verified_units = *verified;
                     }
                     t.unverified_addresses = t.addresses - std::min(t.addresses, t.verified_addresses);
                     t.claim_errors = static_cast<std::size_t>(st.is_null(8) ? 0 : st.int64(8));
                     out.totals.push_back(std::move(t));
                     return Ok{};
                 });
    if (!s) return s.error();
    s = each_row(db,
                 "SELECT reason, asset, chain, row_count, claimed_row_count, claimed_units, decimals FROM "
                 "snapshot_unscanned WHERE snapshot_id = ?1 ORDER BY reason, asset, chain",
                 id, [&](const Statement& st) -> Status {
                     snapshot::Unscanned u;
                     u.reason = st.text(0);
                     u.asset = st.text(1);
                     u.chain = st.text(2);
                     u.rows = static_cast<std::size_t>(st.int64(3));
                     u.claimed_rows = static_cast<std::size_t>(st.int64(4));
                     if (!st.is_null(5)) {
                         auto claimed = detail::stored_units(st.text(5), "unscanned " + u.asset);
                         if (!claimed) return claimed.error();
                         u.claimed_units = *claimed;
                     }
                     u.decimals = static_cast<unsigned>(st.int64(6));
                     out.unscanned.push_back(std::move(u));
                     return Ok{};
                 });
    if (!s) return s.error();
    s = detail::read_export_prices(db, id, out);
    if (!s) return s.error();
    return out;
}

}  // namespace porwatch::store
