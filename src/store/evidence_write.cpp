// Writing a snapshot's evidence (schema 006): chain_evidence rows, the delta-stored UTXO
// outpoints, and the address files' bytes. Called inside write_snapshot's transaction.
#include <map>
#include <unordered_map>

#include "porwatch/store/evidence_codec.hpp"
#include "store_impl.hpp"

namespace porwatch::store::detail {

Status write_chain_evidence(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap)
{
    Result<Statement> insert = db.prepare(
        "INSERT INTO chain_evidence (snapshot_id, chain, assets, confirmations, response_bytes, proofs_mode, "
        "header_verified, header_fork, state_root, balances, accounts_selected, accounts_proven, slots_proven, "
        "balances_proven, unproven_assets, endpoints_checked, failures, failure, outpoints, header_rlp, "
        "proof_nodes, proven, contract_checks) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    for (std::size_t n = 0; n < snap.evidence.size(); ++n) {
        const snapshot::ChainEvidence& e = snap.evidence[n];
        // assemble() keeps one evidence per chain result, in order: two EVM chains are told
        // apart by position (an [evm.NAME] chain's result has its source).
        const snapshot::ChainResult* result = nullptr;
        if (snap.evidence.size() == snap.chains.size() && snap.chains[n].chain == e.chain) {
            result = &snap.chains[n];
        } else {
            for (const auto& c : snap.chains) {
                if (c.chain == e.chain && c.source.empty()) result = &c;
            }
        }
        if (!result) return Error{"inconsistent snapshot: evidence for a chain it did not scan"};
        std::int64_t outpoints = 0;
        for (const auto& o : snap.outpoints) outpoints += o.chain == e.chain ? 1 : 0;
        Statement& s = *insert;
        s.bind_all(snapshot_id, chain::source_name(*result), codec::assets_json(e.assets),
                   std::int64_t{e.confirmations}, static_cast<std::int64_t>(result->response_bytes));
        if (const auto& p = result->proofs) {
            s.bind(6, p->mode);
            s.bind(7, std::int64_t{p->header_verified});
            s.bind(8, p->header_fork);
            s.bind(9, p->state_root);
            s.bind(10, static_cast<std::int64_t>(p->balances));
            s.bind(11, static_cast<std::int64_t>(p->accounts_selected));
            s.bind(12, static_cast<std::int64_t>(p->accounts_proven));
            s.bind(13, static_cast<std::int64_t>(p->slots_proven));
            s.bind(14, static_cast<std::int64_t>(p->balances_proven));
            s.bind(15, codec::strings_json(p->unproven_assets));
            s.bind(16, static_cast<std::int64_t>(p->endpoints_checked));
            s.bind(17, static_cast<std::int64_t>(p->failures));
            s.bind(18, p->failure);
        } else {
            s.bind_null(6);  // a UTXO chain: nothing to prove against a state root
            for (const int i : {7, 10, 11, 12, 13, 14, 16, 17}) s.bind(i, std::int64_t{0});
            s.bind(8, std::string());
            s.bind(9, std::string());
            s.bind(15, std::string("[]"));
            s.bind(18, std::string());
        }
        s.bind(19, outpoints);
        if (e.proof_data) {
            s.bind_blob(20, e.proof_data->header_rlp);
            s.bind_blob(21, codec::join_nodes(e.proof_data->nodes));
            s.bind(22, codec::proven_json(e.proof_data->accounts, e.proof_data->slots));
        } else {
            s.bind_null(20);
            s.bind_null(21);
            s.bind_null(22);
        }
        if (e.chain == address::Chain::ethereum && result->status == snapshot::ChainStatus::complete) {
            s.bind(23, codec::contract_checks_json(snap.owner_checks, snap.signature_checks));
        } else {
            s.bind_null(23);
        }
        if (Status ran = s.run(); !ran) return ran;
    }
    return Ok{};
}

Status write_outpoints(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap,
                       const AddressLookup& id_of)
{
    std::map<address::Chain, std::vector<const chain::UtxoOutpoint*>> by_chain;
    for (const auto& c : snap.chains) {
        if (c.status == snapshot::ChainStatus::complete && address::is_utxo_chain(c.chain)) by_chain[c.chain];
    }
    for (const auto& o : snap.outpoints) {
        const auto it = by_chain.find(o.chain);
        if (it == by_chain.end()) return Error{"inconsistent snapshot: an outpoint on a chain that is not complete"};
        it->second.push_back(&o);
    }
    Result<Statement> open =
        db.prepare("SELECT txid, vout, address_id, units, height, first_snapshot FROM utxo_outpoints "
                   "WHERE chain = ?1 AND gone_snapshot IS NULL");
    Result<Statement> close =
        db.prepare("UPDATE utxo_outpoints SET gone_snapshot = ?1 WHERE chain = ?2 AND txid = ?3 AND vout = ?4 "
                   "AND first_snapshot = ?5");
    Result<Statement> insert =
        db.prepare("INSERT INTO utxo_outpoints (chain, txid, vout, address_id, units, height, first_snapshot) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (auto* stmt : {&open, &close, &insert}) {
        if (!*stmt) return stmt->error();
    }
    for (const auto& [chain, outpoints] : by_chain) {
        const std::string chain_name(address::to_string(chain));
        // What is counted now, by txid:vout → (address_id, units, height).
        std::unordered_map<std::string, std::tuple<std::int64_t, std::string, std::int64_t>> now;
        now.reserve(outpoints.size());
        for (const auto* o : outpoints) {
            Result<std::int64_t> id = id_of(chain, o->address);
            if (!id) return id.error();
            now.emplace(o->txid + ":" + std::to_string(o->vout),
                        std::tuple{*id, to_string(o->units), static_cast<std::int64_t>(o->height)});
        }
        open->bind_all(chain_name);
        std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> gone;  // txid, vout, first
        for (;;) {
            Result<bool> row = open->step();
            if (!row) return row.error();
            if (!*row) break;
            const std::string key = open->text(0) + ":" + std::to_string(open->int64(1));
            const auto it = now.find(key);
            if (it != now.end() && it->second == std::tuple{open->int64(2), open->text(3), open->int64(4)}) {
                now.erase(it);  // still counted, unchanged: nothing written
                continue;
            }
            gone.emplace_back(open->text(0), open->int64(1), open->int64(5));
        }
        open->reset();
        for (const auto& [txid, vout, first] : gone) {
            if (Status s = close->bind_all(snapshot_id, chain_name, txid, vout, first).run(); !s) return s;
        }
        for (const auto* o : outpoints) {
            const auto it = now.find(o->txid + ":" + std::to_string(o->vout));
            if (it == now.end()) continue;
            const auto& [id, units, height] = it->second;
            if (Status s =
                    insert->bind_all(chain_name, o->txid, std::int64_t{o->vout}, id, units, height, snapshot_id).run();
                !s) {
                return s;
            }
        }
    }
    return Ok{};
}

Status write_book_files(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap, const BookInput& book)
{
    Result<Statement> file =
        db.prepare("INSERT OR IGNORE INTO book_files (sha256, content, stored_at) VALUES (?, ?, ?)");
    Result<Statement> link =
        db.prepare("INSERT INTO snapshot_books (snapshot_id, file, sha256, position) VALUES (?, ?, ?, ?)");
    if (!file) return file.error();
    if (!link) return link.error();
    // A file's position is where its first row is in the book (files without rows go last).
    std::map<std::string, std::int64_t> position;
    for (const auto& e : book.entries) position.emplace(e.file, static_cast<std::int64_t>(position.size()));
    for (const auto& [path, hash] : book.file_hashes) {
        position.emplace(path, static_cast<std::int64_t>(position.size()));
    }
    for (const auto& [path, hash] : book.file_hashes) {
        if (const auto content = snap.book_files.find(path); content != snap.book_files.end()) {
            const auto* bytes = reinterpret_cast<const std::uint8_t*>(content->second.data());
            file->bind(1, hash);
            file->bind_blob(2, std::span<const std::uint8_t>(bytes, content->second.size()));
            file->bind(3, snap.started_at);
            if (Status s = file->run(); !s) return s;
        }
        if (Status s = link->bind_all(snapshot_id, path, hash, position[path]).run(); !s) return s;
    }
    return Ok{};
}

}  // namespace porwatch::store::detail
