// bundle::read_bundle (porwatch/bundle/json.hpp): the bundle document back into a
// SnapshotExport, every failure naming the file and the JSON path. The writer is json_write.cpp.
#include "porwatch/bundle/json.hpp"

#include <rapidjson/document.h>

#include <map>

#include "porwatch/store/evidence_codec.hpp"
#include "porwatch/util/hex.hpp"
#include "json_support.hpp"

namespace porwatch::bundle {
namespace {

using namespace json_detail;

Status read_book(const Reader& rd, const rapidjson::Value& book, store::SnapshotExport& out)
{
    PW_READ(recorded, rd.get(book, "recorded", "book"));
    out.book_recorded = recorded->IsBool() && recorded->GetBool();
    PW_READ(files, rd.array(book, "files", "book"));
    for (rapidjson::SizeType i = 0; i < files->Size(); ++i) {
        const std::string path = "book.files[" + std::to_string(i) + "]";
        const auto& f = (*files)[i];
        PW_READ(file, rd.string(f, "path", path));
        PW_READ(sha, rd.string(f, "sha256", path));
        store::ExportedFile e{file, sha, std::nullopt};
        if (f.HasMember("content_hex")) {
            PW_READ(hex, rd.string(f, "content_hex", path));
            auto bytes = from_hex(hex);
            if (!bytes) return rd.fail(path + ".content_hex", "is not hex");
            e.content = std::string(bytes->begin(), bytes->end());
        } else if (f.HasMember("content") && !f["content"].IsNull()) {
            PW_READ(content, rd.string(f, "content", path));
            e.content = content;
        }
        out.files.push_back(std::move(e));
    }
    PW_READ(rows, rd.array(book, "rows", "book"));
    for (rapidjson::SizeType i = 0; i < rows->Size(); ++i) {
        const std::string path = "book.rows[" + std::to_string(i) + "]";
        const auto& r = (*rows)[i];
        store::RowVerdict row;
        PW_READ(file, rd.string(r, "file", path));
        PW_READ(line, rd.integer(r, "line", path));
        PW_READ(chain, rd.string(r, "chain", path));
        PW_READ(addr, rd.string(r, "address", path));
        PW_READ(coin, rd.string(r, "coin", path));
        PW_READ(verdict, rd.get(r, "verdict", path));
        PW_READ(status, rd.string(*verdict, "status", path + ".verdict"));
        PW_READ(scheme, rd.string(*verdict, "scheme", path + ".verdict"));
        PW_READ(reason, rd.string(*verdict, "reason", path + ".verdict"));
        PW_READ(proven, rd.integer(*verdict, "proven", path + ".verdict"));
        PW_READ(required, rd.integer(*verdict, "required", path + ".verdict"));
        PW_READ(signers, rd.get(*verdict, "signers", path + ".verdict"));
        const auto parsed_chain = address::chain_from_string(chain);
        const auto parsed_status = proof::proof_status_from_string(status);
        if (!parsed_chain) return rd.fail(path + ".chain", "is not a chain name");
        if (!parsed_status) return rd.fail(path + ".verdict.status", "is not a verdict status");
        PW_READ(signer_list, rd.codec(store::codec::parse_strings(text_of(*signers)), path + ".verdict.signers"));
        row.file = file;
        row.line = static_cast<std::size_t>(line);
        row.chain = *parsed_chain;
        row.address = addr;
        row.coin = coin;
        row.verdict.status = *parsed_status;
        row.verdict.scheme = scheme;
        row.verdict.reason = reason;
        row.verdict.proven = static_cast<int>(proven);
        row.verdict.required = static_cast<int>(required);
        row.verdict.signers = signer_list;
        out.rows.push_back(std::move(row));
    }
    return Ok{};
}

Status read_chain(const Reader& rd, const rapidjson::Value& c, const std::string& path, store::SnapshotExport& out)
{
    store::ExportedChain e;
    auto& r = e.result;
    PW_READ(chain, rd.string(c, "chain", path));
    PW_READ(network, rd.string(c, "network", path));
    PW_READ(chain_id, rd.string(c, "chain_id", path));
    PW_READ(status, rd.string(c, "status", path));
    PW_READ(height, rd.integer(c, "height", path));
    PW_READ(hash, rd.string(c, "block_hash", path));
    PW_READ(error, rd.string(c, "error", path));
    PW_READ(endpoints, rd.get(c, "endpoints", path));
    const auto parsed_chain = address::chain_from_string(chain);
    const auto parsed_network = address::network_from_string(network);
    const auto parsed_status = chain::chain_status_from_string(status);
    if (!parsed_chain || !parsed_network || !parsed_status || height < 0) {
        return rd.fail(path, "has an unknown chain, network or status, or a negative height");
    }
    r.chain = *parsed_chain;
    if (c.HasMember("source")) {  // an [evm.NAME] chain (bundles without sections have none)
        PW_READ(source, rd.string(c, "source", path));
        if (source.empty() || r.chain != address::Chain::ethereum || address::chain_from_string(source))
            return rd.fail(path + ".source", "names no [evm.NAME] section of an EVM chain");
        r.source = source;
    }
    r.network = *parsed_network;
    r.chain_id = chain_id;
    r.status = *parsed_status;
    r.height = static_cast<std::uint64_t>(height);
    r.block_hash = hash;
    r.error = error;
    PW_READ(eps, rd.codec(store::codec::parse_endpoints(text_of(*endpoints)), path + ".endpoints"));
    r.endpoints = eps;
    PW_READ(evidence, rd.get(c, "evidence", path));
    if (!evidence->IsNull()) {
        const std::string ep = path + ".evidence";
        snapshot::ChainEvidence ev;
        ev.chain = r.chain;
        PW_READ(assets, rd.get(*evidence, "assets", ep));
        PW_READ(asset_list, rd.codec(store::codec::parse_assets(text_of(*assets)), ep + ".assets"));
        ev.assets = asset_list;
        PW_READ(confirmations, rd.integer(*evidence, "confirmations", ep));
        ev.confirmations = static_cast<unsigned>(confirmations);
        PW_READ(bytes, rd.integer(*evidence, "response_bytes", ep));
        r.response_bytes = static_cast<std::uint64_t>(bytes);
        PW_READ(proofs, rd.get(*evidence, "proofs", ep));
        if (!proofs->IsNull()) {
            PW_READ(summary, rd.codec(store::codec::parse_proof_summary(text_of(*proofs)), ep + ".proofs"));
            r.proofs = summary;
        }
        PW_READ(header, rd.get(*evidence, "header_rlp", ep));
        if (!header->IsNull()) {
            chain::ProofData data;
            PW_READ(header_hex, rd.string(*evidence, "header_rlp", ep));
            auto header_bytes = from_hex(header_hex, HexPrefix::allowed);
            if (!header_bytes) return rd.fail(ep + ".header_rlp", "is not hex");
            data.header_rlp = std::move(*header_bytes);
            PW_READ(nodes, rd.array(*evidence, "proof_nodes", ep));
            for (rapidjson::SizeType i = 0; i < nodes->Size(); ++i) {
                auto node = (*nodes)[i].IsString()
                                ? from_hex(std::string_view((*nodes)[i].GetString()), HexPrefix::allowed)
                                : Result<Bytes>(Error{""});
                if (!node) return rd.fail(ep + ".proof_nodes[" + std::to_string(i) + "]", "is not hex");
                data.nodes.push_back(std::move(*node));
            }
            PW_READ(proven, rd.get(*evidence, "proven", ep));
            PW_READ(pair, rd.codec(store::codec::parse_proven(text_of(*proven)), ep + ".proven"));
            data.accounts = pair.first;
            data.slots = pair.second;
            ev.proof_data = std::move(data);
        }
        PW_READ(owners, rd.array(*evidence, "owner_checks", ep));
        PW_READ(signatures, rd.array(*evidence, "signature_checks", ep));
        const std::string checks =
            R"({"owner_checks":)" + text_of(*owners) + R"(,"signature_checks":)" + text_of(*signatures) + "}";
        PW_READ(contract, rd.codec(store::codec::parse_contract_checks(checks), ep));
        e.owner_checks = contract.first;
        e.signature_checks = contract.second;
        e.evidence = std::move(ev);
    }
    out.chains.push_back(std::move(e));
    return Ok{};
}

}  // namespace

Result<ReadBundle> read_bundle(std::string_view json, const std::string& name)
{
    auto document = json::parse(json, name);
    if (!document) return document.error();
    const rapidjson::Document& doc = *document;
    const Reader rd(name);
    ReadBundle out;
    store::SnapshotExport& b = out.bundle;
    PW_READ(format, rd.string(doc, "format", "$"));
    if (format != kFormat) return rd.fail("$.format", "is '" + format + "', not '" + std::string(kFormat) + "'");
    PW_READ(version, rd.integer(doc, "version", "$"));
    if (version != store::kBundleVersion) {
        return rd.fail("$.version", "is " + std::to_string(version) + "; this porwatch reads version " +
                                        std::to_string(store::kBundleVersion));
    }
    b.version = static_cast<int>(version);
    PW_READ(generator, rd.string(doc, "generator", "$"));
    b.generator = generator;
    PW_READ(snap, rd.get(doc, "snapshot", "$"));
    PW_READ(id, rd.integer(*snap, "id", "snapshot"));
    PW_READ(started, rd.integer(*snap, "started_at", "snapshot"));
    PW_READ(finished, rd.integer(*snap, "finished_at", "snapshot"));
    PW_READ(status, rd.string(*snap, "status", "snapshot"));
    PW_READ(error, rd.string(*snap, "error", "snapshot"));
    b.snapshot_id = id;
    b.started_at = started;
    b.finished_at = finished;
    b.status = status;
    b.error = error;
    PW_READ(book, rd.get(doc, "book", "$"));
    if (Status s = read_book(rd, *book, b); !s) return s.error();
    PW_READ(chains, rd.array(doc, "chains", "$"));
    for (rapidjson::SizeType i = 0; i < chains->Size(); ++i) {
        if (Status s = read_chain(rd, (*chains)[i], "chains[" + std::to_string(i) + "]", b); !s) return s.error();
    }
    std::map<std::string, const snapshot::ChainResult*> by_chain;  // by source_name: "ethereum", "arbitrum"
    for (const auto& c : b.chains) by_chain[chain::source_name(c.result)] = &c.result;
    PW_READ(balances, rd.array(doc, "balances", "$"));
    for (rapidjson::SizeType i = 0; i < balances->Size(); ++i) {
        const std::string path = "balances[" + std::to_string(i) + "]";
        const auto& x = (*balances)[i];
        PW_READ(chain, rd.string(x, "chain", path));
        PW_READ(addr, rd.string(x, "address", path));
        PW_READ(asset, rd.string(x, "asset", path));
        PW_READ(units, rd.units(x, "units", path));
        PW_READ(height, rd.integer(x, "height", path));
        PW_READ(hash, rd.string(x, "block_hash", path));
        const auto parsed = address::chain_from_string(chain);
        if (!parsed) return rd.fail(path + ".chain", "is not a chain name");
        const std::string read_on = snapshot::asset_chain_name(*parsed, asset);  // "arbitrum" for ETH@arbitrum
        const auto c = by_chain.find(read_on);
        if (c == by_chain.end() || c->second->height != static_cast<std::uint64_t>(height) ||
            c->second->block_hash != hash) {
            out.inconsistencies.push_back(
                "the balance of " + addr + " " + asset + " says block " + std::to_string(height) + " " + hash +
                ", but its chain " + read_on + " was read at " +
                (c == by_chain.end() ? std::string("no block")
                                     : std::to_string(c->second->height) + " " + c->second->block_hash));
        }
        b.balances.push_back(snapshot::AddressBalance{*parsed, addr, asset, units});
    }
    PW_READ(outpoints, rd.array(doc, "outpoints", "$"));
    for (rapidjson::SizeType i = 0; i < outpoints->Size(); ++i) {
        const std::string path = "outpoints[" + std::to_string(i) + "]";
        const auto& x = (*outpoints)[i];
        PW_READ(chain, rd.string(x, "chain", path));
        PW_READ(addr, rd.string(x, "address", path));
        PW_READ(txid, rd.string(x, "txid", path));
        PW_READ(vout, rd.integer(x, "vout", path));
        PW_READ(units, rd.units(x, "units", path));
        PW_READ(height, rd.integer(x, "height", path));
        const auto parsed = address::chain_from_string(chain);
        if (!parsed || vout < 0 || vout > UINT32_MAX || height < 0)
            return rd.fail(path, "has a bad chain, vout or height");
        b.outpoints.push_back(chain::UtxoOutpoint{*parsed, addr, txid, static_cast<std::uint32_t>(vout), units,
                                                  static_cast<std::uint64_t>(height)});
    }
    PW_READ(totals, rd.array(doc, "totals", "$"));
    for (rapidjson::SizeType i = 0; i < totals->Size(); ++i) {
        const std::string path = "totals[" + std::to_string(i) + "]";
        const auto& x = (*totals)[i];
        snapshot::AssetTotal t;
        PW_READ(asset, rd.string(x, "asset", path));
        PW_READ(chain, rd.string(x, "chain", path));
        PW_READ(decimals, rd.integer(x, "decimals", path));
        PW_READ(units, rd.units(x, "units", path));
        PW_READ(verified, rd.units(x, "verified_units", path));
        PW_READ(claim_errors, rd.integer(x, "claim_errors", path));
        PW_READ(addresses, rd.integer(x, "addresses", path));
        PW_READ(verified_addresses, rd.integer(x, "verified_addresses", path));
        PW_READ(claimed, rd.get(x, "claimed_units", path));
        const auto parsed = address::chain_from_string(chain);
        if (!parsed || decimals < 0 || decimals > 77 || addresses < 0 || verified_addresses < 0 || claim_errors < 0) {
            return rd.fail(path, "has a bad chain or count");
        }
        t.asset = asset;
        t.chain = *parsed;
        t.decimals = static_cast<unsigned>(decimals);
        t.units = units;
        t.verified_units = verified;
        t.claim_errors = static_cast<std::size_t>(claim_errors);
        t.addresses = static_cast<std::size_t>(addresses);
        t.verified_addresses = static_cast<std::size_t>(verified_addresses);
        t.unverified_addresses = t.addresses - std::min(t.addresses, t.verified_addresses);
        if (!claimed->IsNull()) {
            PW_READ(claim, rd.units(x, "claimed_units", path));
            t.claimed_units = claim;
        }
        b.totals.push_back(std::move(t));
    }
    PW_READ(unscanned, rd.array(doc, "unscanned", "$"));
    for (rapidjson::SizeType i = 0; i < unscanned->Size(); ++i) {
        const std::string path = "unscanned[" + std::to_string(i) + "]";
        const auto& x = (*unscanned)[i];
        snapshot::Unscanned u;
        PW_READ(reason, rd.string(x, "reason", path));
        PW_READ(asset, rd.string(x, "asset", path));
        PW_READ(chain, rd.string(x, "chain", path));
        PW_READ(rows, rd.integer(x, "rows", path));
        PW_READ(claimed_rows, rd.integer(x, "claimed_rows", path));
        PW_READ(decimals, rd.integer(x, "decimals", path));
        PW_READ(claimed, rd.get(x, "claimed_units", path));
        u.reason = reason;
        u.asset = asset;
        u.chain = chain;
        u.rows = static_cast<std::size_t>(std::max<std::int64_t>(rows, 0));
        u.claimed_rows = static_cast<std::size_t>(std::max<std::int64_t>(claimed_rows, 0));
        u.decimals = static_cast<unsigned>(std::max<std::int64_t>(decimals, 0));
        if (!claimed->IsNull()) {
            PW_READ(claim, rd.units(x, "claimed_units", path));
            u.claimed_units = claim;
        }
        b.unscanned.push_back(std::move(u));
    }
    if (Status s = read_prices(rd, doc, b); !s) return s.error();
    return out;
}

#undef PW_READ

}  // namespace porwatch::bundle
