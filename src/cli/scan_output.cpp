#include "scan_output.hpp"

#include <iomanip>
#include <map>
#include <sstream>

#include "porwatch/alert/rules.hpp"
#include "porwatch/store/evidence_codec.hpp"
#include "porwatch/util/text.hpp"
#include "porwatch/util/utf8.hpp"
#include "solvency_output.hpp"
#include "scan_json_fields.hpp"
#include "value_output.hpp"

namespace porwatch::cli {
namespace {

using namespace scan_json_fields;

std::map<std::string, unsigned> decimals_by_asset(const snapshot::Snapshot& s)
{
    std::map<std::string, unsigned> out;
    for (const auto& t : s.totals) out[t.asset] = t.decimals;
    return out;
}

}  // namespace

std::string scan_json(const ScanReport& report)
{
    const snapshot::Snapshot& s = report.snapshot;
    json::Writer w;
    w.begin_object();
    w.key("snapshot");
    w.begin_object();
    str(w, "status", snapshot::to_string(s.status));
    str(w, "started_at", alert::format_utc_timestamp(s.started_at));
    num(w, "started_at_unix", s.started_at);
    str(w, "finished_at", alert::format_utc_timestamp(s.finished_at));
    num(w, "finished_at_unix", s.finished_at);
    if (report.snapshot_id) {
        num(w, "snapshot_id", *report.snapshot_id);
    } else {
        null(w, "snapshot_id");
    }
    w.key("stored");
    w.boolean(report.snapshot_id.has_value());
    w.end_object();
    w.key("chains");
    w.begin_array();
    for (const auto& c : s.chains) {
        w.begin_object();
        str(w, "chain", chain::source_name(c));
        // EVM chains are told apart by chain id, UTXO chains by network name.
        str(w, "network", c.chain_id.empty() ? std::string(address::to_string(c.network)) : c.chain_id);
        if (!c.chain_id.empty()) str(w, "chain_id", c.chain_id);
        str(w, "status", snapshot::to_string(c.status));
        num(w, "height", static_cast<long long>(c.height));
        str(w, "block_hash", c.block_hash);
        num(w, "duration_ms", c.duration_ms);
        num(w, "attempts", c.attempts);
        num(w, "quorum", c.quorum);
        w.key("degraded");
        w.boolean(c.degraded);
        if (!c.error.empty()) str(w, "error", c.error);
        if (c.error_kind) str(w, "error_kind", chain::to_string(*c.error_kind));
        w.key("endpoints");
        w.begin_array();
        for (const auto& e : c.endpoints) {
            w.begin_object();
            str(w, "url", e.endpoint);
            num(w, "height", static_cast<long long>(e.height));
            str(w, "block_hash", e.block_hash);
            w.key("counted");
            w.boolean(e.error.empty());
            if (!e.error.empty()) str(w, "error", e.error);
            if (e.error_kind) str(w, "error_kind", chain::to_string(*e.error_kind));
            w.end_object();
        }
        w.end_array();
        w.key("response_bytes");
        w.uint64(c.response_bytes);
        if (c.proofs) {
            const std::string proofs = store::codec::proof_summary_json(*c.proofs);
            w.key("proofs");
            w.raw(proofs);
        } else if (c.chain == address::Chain::ethereum) {
            null(w, "proofs");  // the chain failed before its balances agreed
        }
        if (address::is_utxo_chain(c.chain) && c.status == snapshot::ChainStatus::complete) {
            long long outpoints = 0;
            for (const auto& o : s.outpoints) outpoints += o.chain == c.chain ? 1 : 0;
            num(w, "outpoints", outpoints);
        }
        if (!c.disagreements.empty()) {
            const std::string disagreements = store::codec::disagreements_json(c.disagreements);
            w.key("disagreements");
            w.raw(disagreements);
        }
        w.end_object();
    }
    w.end_array();
    w.key("totals");
    w.begin_array();
    for (const auto& t : s.totals) {
        w.begin_object();
        str(w, "asset", t.asset);
        str(w, "chain", address::to_string(t.chain));
        str(w, "units", to_string(t.units));
        str(w, "amount", format_decimal(t.units, t.decimals));
        str(w, "verified_units", to_string(t.verified_units));
        str(w, "verified_amount", format_decimal(t.verified_units, t.decimals));
        if (t.claimed_units) {
            str(w, "claimed_units", to_string(*t.claimed_units));
            str(w, "claimed_amount", format_decimal(*t.claimed_units, t.decimals));
        } else {
            null(w, "claimed_units");
        }
        num(w, "claim_errors", static_cast<long long>(t.claim_errors));
        num(w, "addresses", static_cast<long long>(t.addresses));
        num(w, "verified_addresses", static_cast<long long>(t.verified_addresses));
        num(w, "unverified_addresses", static_cast<long long>(t.unverified_addresses));
        if (s.valuation) {
            // Values of this total in the quote currency (null when unpriced, with the reason).
            const snapshot::AssetValue* v = s.valuation->find(t.asset, t.chain);
            str(w, "value_quote", s.valuation->prices.quote);
            opt_value(w, "value_units", "value", v ? v->value : std::nullopt);
            opt_value(w, "verified_value_units", "verified_value", v ? v->verified_value : std::nullopt);
            opt_value(w, "claimed_value_units", "claimed_value", v ? v->claimed_value : std::nullopt);
            if (v && !v->unpriced_reason.empty()) str(w, "unpriced_reason", v->unpriced_reason);
        }
        w.end_object();
    }
    w.end_array();
    const auto decimals = decimals_by_asset(s);
    w.key("shortfalls");
    w.begin_array();
    for (const auto& f : s.shortfalls) {
        const unsigned d = decimals.count(f.asset) ? decimals.at(f.asset) : 0;
        w.begin_object();
        str(w, "asset", f.asset);
        str(w, "chain", address::to_string(f.chain));
        str(w, "address", f.address);
        str(w, "claimed_units", to_string(f.claimed));
        str(w, "observed_units", to_string(f.observed));
        str(w, "claimed_amount", format_decimal(f.claimed, d));
        str(w, "observed_amount", format_decimal(f.observed, d));
        w.end_object();
    }
    w.end_array();
    w.key("owner_checks");
    w.begin_array();
    for (const auto& o : s.owner_checks) {
        w.begin_object();
        str(w, "address", o.address);
        w.key("has_code");
        w.boolean(o.has_code);
        w.key("safe");
        w.boolean(o.answers_safe);
        w.key("owners");
        w.begin_array();
        for (const auto& owner : o.owners) w.string(owner);  // EIP-55: ASCII
        w.end_array();
        num(w, "threshold", static_cast<long long>(o.threshold));
        if (!o.error.empty()) str(w, "error", o.error);
        w.end_object();
    }
    w.end_array();
    w.key("signature_checks");
    w.begin_array();
    for (const auto& c : s.signature_checks) {
        w.begin_object();
        str(w, "address", c.address);
        str(w, "hash", c.hash);
        w.key("has_code");
        w.boolean(c.has_code);
        w.key("valid");
        w.boolean(c.valid);
        str(w, "returned", c.returned);
        if (!c.error.empty()) str(w, "error", c.error);
        w.end_object();
    }
    w.end_array();
    w.key("contract_verdicts");
    w.begin_array();
    for (const auto& v : s.contract_verdicts) {
        w.begin_object();
        str(w, "file", v.file);
        num(w, "line", static_cast<long long>(v.line));
        str(w, "address", v.address);
        str(w, "status", proof::to_string(v.verdict.status));
        str(w, "scheme", v.verdict.scheme);
        str(w, "reason", v.verdict.reason);
        w.end_object();
    }
    w.end_array();
    w.key("unscanned");
    w.begin_array();
    for (const auto& u : s.unscanned) {
        w.begin_object();
        str(w, "reason", u.reason);
        str(w, "asset", u.asset);
        str(w, "chain", u.chain);
        num(w, "rows", static_cast<long long>(u.rows));
        num(w, "claimed_rows", static_cast<long long>(u.claimed_rows));
        if (u.claimed_units) {
            str(w, "claimed_units", to_string(*u.claimed_units));
            str(w, "claimed_amount", format_decimal(*u.claimed_units, u.decimals));
        } else {
            null(w, "claimed_units");
        }
        w.end_object();
    }
    w.end_array();
    // Each same_asset line: its total SYMBOL@all is in "totals" when complete; else why not.
    w.key("sums");
    w.begin_array();
    for (const auto& sum : s.sums) {
        w.begin_object();
        str(w, "asset", sum.asset);
        w.strings_member("members", sum.members);
        w.member("complete", sum.complete);
        str(w, "reason", sum.reason);
        w.end_object();
    }
    w.end_array();
    raw_array(w, "liabilities", s.liabilities, [](const auto& f) { return liability_file_json(f); });
    raw_array(w, "solvency", s.solvency, [](const auto& row) { return solvency_json(row); });
    w.key("solvency_value");
    if (s.aggregate_solvency) {
        const std::string json = solvency_value_json(*s.aggregate_solvency);
        w.raw(json);
    } else {
        w.null();
    }
    w.key("uncovered_liabilities");
    w.begin_array();
    for (const auto& u : report.uncovered_liabilities) {
        w.string(u);
    }
    w.end_array();
    if (s.valuation) {
        write_valuation_json(w, *s.valuation);
    } else {
        null(w, "prices");
        null(w, "value");
    }
    w.end_object();
    return w.str();
}

std::string proofs_text(const chain::ProofSummary& p)
{
    std::string line = "proofs " + p.mode + ": ";
    line += p.header_verified ? "header verified (" + p.header_fork + ")" : std::string("header not verified");
    line += ", " + std::to_string(p.accounts_proven) + " accounts and " + std::to_string(p.slots_proven) +
            " token slots proven (" + std::to_string(p.balances_proven) + " of " + std::to_string(p.balances) +
            " balances), " + std::to_string(p.failures) + " failures";
    if (!p.unproven_assets.empty()) {
        line += "; unproven (no slot):";
        for (const auto& a : p.unproven_assets) line += " " + a;
    }
    if (!p.failure.empty()) line += "; " + p.failure;
    return valid_utf8(line);
}

std::string scan_table(const ScanReport& report)
{
    const snapshot::Snapshot& s = report.snapshot;
    std::ostringstream out;
    out << "snapshot " << snapshot::to_string(s.status) << " at " << alert::format_utc_timestamp(s.started_at)
        << (report.snapshot_id ? " (stored as #" + std::to_string(*report.snapshot_id) + ")"
                               : std::string(" (not stored)"))
        << "\n\n";
    out << std::left << std::setw(10) << "chain" << std::setw(18) << "network" << std::setw(10) << "status"
        << std::setw(10) << "height"
        << "block hash\n";
    for (const auto& c : s.chains) {
        out << std::setw(10) << chain::source_name(c) << std::setw(18)
            << (c.chain_id.empty() ? std::string(address::to_string(c.network)) : c.chain_id) << std::setw(10)
            << snapshot::to_string(c.status) << std::setw(10) << c.height << c.block_hash << "\n";
        if (!c.error.empty()) {
            out << "  error" << (c.error_kind ? " (" + std::string(chain::to_string(*c.error_kind)) + ")" : "") << ": "
                << c.error << "\n";
        }
        if (c.degraded) out << "  " << chain::degraded_note(c) << "\n";
        if (c.proofs) out << "  " << proofs_text(*c.proofs) << "\n";
        for (const auto& d : c.disagreements) {
            out << "  " << d.endpoint << " says " << d.address << " " << d.asset << " = " << d.units << "\n";
        }
    }
    const std::string quote = s.valuation ? s.valuation->prices.quote : "";
    out << "\n"
        << std::setw(8) << "asset" << std::setw(10) << "chain" << std::setw(32) << "amount (observed)" << std::setw(32)
        << "proven (verified)" << std::setw(32) << "claimed" << std::setw(11) << "addresses" << std::setw(10)
        << "verified" << (s.valuation ? "value (" + quote + ")" : "") << "\n";
    for (const auto& t : s.totals) {
        const std::string claimed = t.claimed_units      ? format_decimal(*t.claimed_units, t.decimals)
                                    : t.claim_errors > 0 ? "incomplete: " + std::to_string(t.claim_errors) + " errors"
                                                         : std::string("-");
        std::string value;
        if (s.valuation) {
            const snapshot::AssetValue* v = s.valuation->find(t.asset, t.chain);
            value = v && v->value ? prices::format_value(*v->value) : "UNPRICED";
        }
        out << std::setw(8) << t.asset << std::setw(10) << address::to_string(t.chain) << std::setw(32)
            << format_decimal(t.units, t.decimals) << std::setw(32) << format_decimal(t.verified_units, t.decimals)
            << std::setw(32) << claimed << std::setw(11) << t.addresses << std::setw(10) << t.verified_addresses
            << value << "\n";
    }
    if (s.valuation) out << valuation_lines(*s.valuation);
    if (s.totals.empty()) out << "(no totals: no chain is complete)\n";
    for (const auto& f : s.shortfalls) {
        out << "shortfall: " << f.address << " " << f.asset << " claimed " << to_string(f.claimed) << ", observed "
            << to_string(f.observed) << " (base units)\n";
    }
    for (const auto& u : s.unscanned) out << "not scanned: " << valid_utf8(snapshot::describe(u)) << "\n";
    for (const auto& sum : s.sums) {
        if (!sum.complete)
            out << sum.asset << " (" << join(sum.members, " + ") << "): " << valid_utf8(sum.reason) << "\n";
    }
    out << valid_utf8(solvency_table(s, report.uncovered_liabilities));
    return out.str();
}

}  // namespace porwatch::cli
