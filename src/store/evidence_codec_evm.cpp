// The evidence codec's EVM parts: the proven accounts and storage slots, the contract-wallet
// owner and signature checks, and the proof summary of a chain.
#include "porwatch/store/evidence_codec.hpp"

#include "codec_json.hpp"

namespace porwatch::store::codec {
namespace {

using detail::Object;
using detail::put;
using detail::put_bool;
using detail::put_strings;
using detail::put_u64;
using detail::render;
using detail::Writer;

}  // namespace

std::string proven_json(const std::vector<chain::ProvenAccount>& accounts, const std::vector<chain::ProvenSlot>& slots)
{
    return render([&](Writer& w) {
        w.begin_object();
        w.key("accounts");
        w.begin_array();
        for (const auto& a : accounts) {
            w.begin_object();
            put(w, "address", a.address);
            put_bool(w, "exists", a.exists);
            put_u64(w, "nonce", a.nonce);
            put(w, "balance", a.balance);
            put(w, "storage_root", a.storage_root);
            put(w, "code_hash", a.code_hash);
            w.end_object();
        }
        w.end_array();
        w.key("slots");
        w.begin_array();
        for (const auto& s : slots) {
            w.begin_object();
            put(w, "asset", s.asset);
            put(w, "contract", s.contract);
            put(w, "holder", s.holder);
            put(w, "slot", s.slot);
            put(w, "key", s.key);
            put(w, "value", s.value);
            if (s.mask) {
                put(w, "mask", *s.mask);
            } else {
                w.key("mask");
                w.null();
            }
            put(w, "balance", s.balance);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

Result<std::pair<std::vector<chain::ProvenAccount>, std::vector<chain::ProvenSlot>>> parse_proven(std::string_view json)
{
    auto doc = json::parse(json, "proven");
    if (!doc) return doc.error();
    Object top(*doc, "proven");
    const auto* accounts = top.array("accounts");
    const auto* slots = top.array("slots");
    if (auto s = top.status(); !s) return s.error();
    std::pair<std::vector<chain::ProvenAccount>, std::vector<chain::ProvenSlot>> out;
    for (rapidjson::SizeType i = 0; i < accounts->Size(); ++i) {
        Object o((*accounts)[i], "proven.accounts[" + std::to_string(i) + "]");
        chain::ProvenAccount a{o.str("address"),   o.boolean("exists"),   o.u64("nonce"),
                               o.units("balance"), o.str("storage_root"), o.str("code_hash")};
        if (auto s = o.status(); !s) return s.error();
        out.first.push_back(std::move(a));
    }
    for (rapidjson::SizeType i = 0; i < slots->Size(); ++i) {
        Object o((*slots)[i], "proven.slots[" + std::to_string(i) + "]");
        chain::ProvenSlot p;
        p.asset = o.str("asset");
        p.contract = o.str("contract");
        p.holder = o.str("holder");
        p.slot = o.units("slot");
        p.key = o.str("key");
        p.value = o.units("value");
        p.mask = o.optional_units("mask");
        p.balance = o.units("balance");
        if (auto s = o.status(); !s) return s.error();
        out.second.push_back(std::move(p));
    }
    return out;
}

std::string contract_checks_json(const std::vector<chain::OwnerCheck>& owners,
                                 const std::vector<chain::SignatureCheck>& signatures)
{
    return render([&](Writer& w) {
        w.begin_object();
        w.key("owner_checks");
        w.begin_array();
        for (const auto& o : owners) {
            w.begin_object();
            put(w, "address", o.address);
            put_bool(w, "has_code", o.has_code);
            put_bool(w, "safe", o.answers_safe);
            put_strings(w, "owners", o.owners);
            put_u64(w, "threshold", o.threshold);
            put(w, "error", o.error);
            w.end_object();
        }
        w.end_array();
        w.key("signature_checks");
        w.begin_array();
        for (const auto& c : signatures) {
            w.begin_object();
            put(w, "address", c.address);
            put(w, "hash", c.hash);
            put(w, "signature", c.signature);
            put_bool(w, "has_code", c.has_code);
            put_bool(w, "valid", c.valid);
            put(w, "returned", c.returned);
            put(w, "error", c.error);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

Result<std::pair<std::vector<chain::OwnerCheck>, std::vector<chain::SignatureCheck>>>
parse_contract_checks(std::string_view json)
{
    auto doc = json::parse(json, "contract_checks");
    if (!doc) return doc.error();
    Object top(*doc, "contract_checks");
    const auto* owners = top.array("owner_checks");
    const auto* signatures = top.array("signature_checks");
    if (auto s = top.status(); !s) return s.error();
    std::pair<std::vector<chain::OwnerCheck>, std::vector<chain::SignatureCheck>> out;
    for (rapidjson::SizeType i = 0; i < owners->Size(); ++i) {
        Object o((*owners)[i], "owner_checks[" + std::to_string(i) + "]");
        chain::OwnerCheck c;
        c.address = o.str("address");
        c.has_code = o.boolean("has_code");
        c.answers_safe = o.boolean("safe");
        c.owners = o.strings("owners");
        c.threshold = o.u64("threshold");
        c.error = o.str("error");
        if (auto s = o.status(); !s) return s.error();
        out.first.push_back(std::move(c));
    }
    for (rapidjson::SizeType i = 0; i < signatures->Size(); ++i) {
        Object o((*signatures)[i], "signature_checks[" + std::to_string(i) + "]");
        chain::SignatureCheck c;
        c.address = o.str("address");
        c.hash = o.str("hash");
        c.signature = o.str("signature");
        c.has_code = o.boolean("has_code");
        c.valid = o.boolean("valid");
        c.returned = o.str("returned");
        c.error = o.str("error");
        if (auto s = o.status(); !s) return s.error();
        out.second.push_back(std::move(c));
    }
    return out;
}

std::string proof_summary_json(const chain::ProofSummary& p)
{
    return render([&](Writer& w) {
        w.begin_object();
        put(w, "mode", p.mode);
        put_bool(w, "header_verified", p.header_verified);
        put(w, "header_fork", p.header_fork);
        put(w, "state_root", p.state_root);
        put_u64(w, "balances", p.balances);
        put_u64(w, "accounts_selected", p.accounts_selected);
        put_u64(w, "accounts_proven", p.accounts_proven);
        put_u64(w, "slots_proven", p.slots_proven);
        put_u64(w, "balances_proven", p.balances_proven);
        put_strings(w, "unproven_assets", p.unproven_assets);
        put_u64(w, "endpoints_checked", p.endpoints_checked);
        put_u64(w, "failures", p.failures);
        put(w, "failure", p.failure);
        w.end_object();
    });
}

Result<chain::ProofSummary> parse_proof_summary(std::string_view json)
{
    auto doc = json::parse(json, "proofs");
    if (!doc) return doc.error();
    Object o(*doc, "proofs");
    chain::ProofSummary p;
    p.mode = o.str("mode");
    p.header_verified = o.boolean("header_verified");
    p.header_fork = o.str("header_fork");
    p.state_root = o.str("state_root");
    p.balances = o.u64("balances");
    p.accounts_selected = o.u64("accounts_selected");
    p.accounts_proven = o.u64("accounts_proven");
    p.slots_proven = o.u64("slots_proven");
    p.balances_proven = o.u64("balances_proven");
    p.unproven_assets = o.strings("unproven_assets");
    p.endpoints_checked = o.u64("endpoints_checked");
    p.failures = o.u64("failures");
    p.failure = o.str("failure");
    if (auto s = o.status(); !s) return s.error();
    return p;
}

}  // namespace porwatch::store::codec
