// bundle::write_bundle (porwatch/bundle/json.hpp): a SnapshotExport as the bundle document,
// through json::Writer. The reader is json.cpp; the prices member is prices_json.cpp.
#include "porwatch/bundle/json.hpp"

#include <map>

#include "porwatch/store/evidence_codec.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/utf8.hpp"
#include "json_support.hpp"

namespace porwatch::bundle {
namespace {

using namespace json_detail;

void write_book(json::Writer& w, const store::SnapshotExport& b)
{
    w.key("book");
    w.begin_object();
    w.key("recorded");
    w.boolean(b.book_recorded);
    w.key("files");
    w.begin_array();
    for (const auto& f : b.files) {
        w.begin_object();
        w.member("path", f.path);
        w.member("sha256", f.sha256);
        if (!f.content) {
            w.key("content");
            w.null();
        } else if (is_valid_utf8(*f.content)) {
            w.member("content", *f.content);
        } else {
            const auto* bytes = reinterpret_cast<const std::uint8_t*>(f.content->data());
            w.member("content_hex", to_hex(ByteView(bytes, f.content->size())));
        }
        w.end_object();
    }
    w.end_array();
    w.key("rows");
    w.begin_array();
    for (const auto& r : b.rows) {
        w.begin_object();
        w.member("file", r.file);
        w.member("line", static_cast<std::int64_t>(r.line));
        w.member("chain", address::to_string(r.chain));
        w.member("address", r.address);
        w.member("coin", r.coin);
        w.key("verdict");
        w.begin_object();
        w.member("status", proof::to_string(r.verdict.status));
        w.member("scheme", r.verdict.scheme);
        w.member("reason", r.verdict.reason);
        w.member("proven", r.verdict.proven);
        w.member("required", r.verdict.required);
        w.raw_member("signers", store::codec::strings_json(r.verdict.signers));
        w.end_object();
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void write_chain(json::Writer& w, const store::ExportedChain& c)
{
    const auto& r = c.result;
    w.begin_object();
    w.member("chain", address::to_string(r.chain));
    // An [evm.NAME] chain carries its NAME (its assets are SYMBOL@NAME); the built-in chains
    // write none, so their bundles stay as before.
    if (!r.source.empty()) w.member("source", r.source);
    w.member("network", address::to_string(r.network));
    w.member("chain_id", r.chain_id);
    w.member("status", chain::to_string(r.status));
    w.member("height", static_cast<std::int64_t>(r.height));
    w.member("block_hash", r.block_hash);
    w.member("error", r.error);
    w.raw_member("endpoints", store::codec::endpoints_json(r.endpoints));
    w.key("evidence");
    if (!c.evidence) {
        w.null();
        w.end_object();
        return;
    }
    const auto& e = *c.evidence;
    w.begin_object();
    w.raw_member("assets", store::codec::assets_json(e.assets));
    w.member("confirmations", e.confirmations);
    w.member("response_bytes", static_cast<std::int64_t>(r.response_bytes));
    if (r.proofs) {
        w.raw_member("proofs", store::codec::proof_summary_json(*r.proofs));
    } else {
        w.key("proofs");
        w.null();
    }
    if (e.proof_data) {
        w.member("header_rlp", hex0x(e.proof_data->header_rlp));
        w.key("proof_nodes");
        w.begin_array();
        for (const auto& n : e.proof_data->nodes) {
            const std::string h = hex0x(n);
            w.string(h);
        }
        w.end_array();
        w.raw_member("proven", store::codec::proven_json(e.proof_data->accounts, e.proof_data->slots));
    } else {
        w.key("header_rlp");
        w.null();
    }
    // {"owner_checks":[…],"signature_checks":[…]}: the two arrays go in as members here.
    rapidjson::Document checks;
    const std::string json = store::codec::contract_checks_json(c.owner_checks, c.signature_checks);
    checks.Parse(json.data(), json.size());
    for (const char* name : {"owner_checks", "signature_checks"}) {
        w.raw_member(name, text_of(checks[name]));
    }
    w.end_object();
    w.end_object();
}

}  // namespace

std::string write_bundle(const store::SnapshotExport& b)
{
    json::Writer w;
    w.begin_object();
    w.member("format", kFormat);
    w.member("version", b.version);
    w.member("generator", b.generator);
    w.key("snapshot");
    w.begin_object();
    w.member("id", b.snapshot_id);
    w.member("started_at", b.started_at);
    w.member("finished_at", b.finished_at);
    w.member("status", b.status);
    w.member("error", b.error);
    w.end_object();
    write_book(w, b);
    w.key("chains");
    w.begin_array();
    std::map<std::string, const snapshot::ChainResult*> by_chain;  // by source_name: "ethereum", "arbitrum"
    for (const auto& c : b.chains) {
        write_chain(w, c);
        by_chain[chain::source_name(c.result)] = &c.result;
    }
    w.end_array();
    w.key("balances");
    w.begin_array();
    for (const auto& x : b.balances) {
        const auto found = by_chain.find(snapshot::asset_chain_name(x.chain, x.asset));  // the chain it was read on
        const auto* c = found == by_chain.end() ? nullptr : found->second;
        w.begin_object();
        w.member("chain", address::to_string(x.chain));
        w.member("address", x.address);
        w.member("asset", x.asset);
        w.member("units", to_string(x.units));
        w.member("height", c ? static_cast<std::int64_t>(c->height) : 0);
        w.member("block_hash", c ? c->block_hash : "");
        w.end_object();
    }
    w.end_array();
    w.key("outpoints");
    w.begin_array();
    for (const auto& o : b.outpoints) {
        w.begin_object();
        w.member("chain", address::to_string(o.chain));
        w.member("address", o.address);
        w.member("txid", o.txid);
        w.member("vout", o.vout);
        w.member("units", to_string(o.units));
        w.member("height", static_cast<std::int64_t>(o.height));
        w.end_object();
    }
    w.end_array();
    w.key("totals");
    w.begin_array();
    for (const auto& t : b.totals) {
        w.begin_object();
        w.member("asset", t.asset);
        w.member("chain", address::to_string(t.chain));
        w.member("decimals", t.decimals);
        w.member("units", to_string(t.units));
        w.member("amount", format_decimal(t.units, t.decimals));
        w.member("verified_units", to_string(t.verified_units));
        w.key("claimed_units");
        if (t.claimed_units) {
            const std::string claimed = to_string(*t.claimed_units);
            w.string(claimed);
        } else {
            w.null();
        }
        w.member("claim_errors", static_cast<std::int64_t>(t.claim_errors));
        w.member("addresses", static_cast<std::int64_t>(t.addresses));
        w.member("verified_addresses", static_cast<std::int64_t>(t.verified_addresses));
        w.end_object();
    }
    w.end_array();
    w.key("unscanned");
    w.begin_array();
    for (const auto& u : b.unscanned) {
        w.begin_object();
        w.member("reason", u.reason);
        w.member("asset", u.asset);
        w.member("chain", u.chain);
        w.member("rows", static_cast<std::int64_t>(u.rows));
        w.member("claimed_rows", static_cast<std::int64_t>(u.claimed_rows));
        w.key("claimed_units");
        if (u.claimed_units) {
            const std::string claimed = to_string(*u.claimed_units);
            w.string(claimed);
        } else {
            w.null();
        }
        w.member("decimals", u.decimals);
        w.end_object();
    }
    w.end_array();
    write_prices(w, b.prices);
    w.end_object();
    return w.str();
}

}  // namespace porwatch::bundle
