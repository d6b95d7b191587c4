// `porwatch status`: the state of the history database, for people and health checks.
#include <algorithm>
#include <ctime>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "history_options.hpp"
#include "porwatch/json/writer.hpp"
#include "porwatch/util/utf8.hpp"
#include "porwatch/store/evidence_codec.hpp"
#include "scan_output.hpp"
#include "value_output.hpp"
#include "porwatch/alert/rules.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/snapshot/solvency.hpp"
#include "solvency_output.hpp"
#include "total_row.hpp"

namespace porwatch::cli {
namespace {

std::string unscanned_json(const snapshot::Unscanned& u)
{
    json::ObjectWriter json;
    json.member("reason", u.reason)
        .member("asset", u.asset)
        .member("chain", u.chain)
        .member("rows", static_cast<long long>(u.rows))
        .member("claimed_rows", static_cast<long long>(u.claimed_rows));
    if (u.claimed_units) {
        json.member("claimed_units", to_string(*u.claimed_units))
            .member("claimed_amount", format_decimal(*u.claimed_units, u.decimals));
    } else {
        json.null_member("claimed_units");
    }
    return json.finish();
}

std::string summary_text(const std::optional<store::SnapshotSummary>& s)
{
    if (!s) return "none";
    std::string text = "#" + std::to_string(s->id) + " at " + alert::format_utc_timestamp(s->started_at);
    if (!s->error.empty()) text += ": " + s->error;
    return text;
}

std::string summary_json(const std::optional<store::SnapshotSummary>& s)
{
    if (!s) return "null";
    json::ObjectWriter json;
    json.member("id", static_cast<long long>(s->id))
        .member("started_at", alert::format_utc_timestamp(s->started_at))
        .member("started_at_unix", static_cast<long long>(s->started_at))
        .member("finished_at", alert::format_utc_timestamp(s->finished_at))
        .member("finished_at_unix", static_cast<long long>(s->finished_at))
        .member("status", s->status)
        .member("error", s->error);
    return json.finish();
}

// True when the newest stored snapshot is complete (false when there is none).
bool latest_is_complete(const store::StatusReport& s)
{
    std::int64_t latest = 0;
    bool complete = false;
    for (const auto* summary : {&s.last_complete, &s.last_partial, &s.last_failed}) {
        if (*summary && (*summary)->id > latest) {
            latest = (*summary)->id;
            complete = summary == &s.last_complete;
        }
    }
    return complete;
}

}  // namespace

int run_status(const Args& args, Streams streams)
{
    const CommandSpec spec{"status", "[--config FILE | --db FILE] [--format table|json|jsonl]",
                           "Print the state of the history database: the last complete, partial and failed\n"
                           "snapshot, the last error, address counts, the share of addresses whose ownership\n"
                           "verified, the database size, and each asset's latest reserve ratio with the\n"
                           "liabilities files it came from. The database is opened read-only.\n"
                           "Exit 0 when the latest snapshot is complete, 3 when it is partial or failed or there\n"
                           "is none yet (for health checks), 2 when the database cannot be read."};
    po::options_description options("options");
    add_database_options(options);
    const FormatSpec formats{{OutputFormat::table, OutputFormat::json, OutputFormat::jsonl}};
    add_format_option(options, formats);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    const std::optional<OutputFormat> format = chosen_format(*vm, formats, spec, streams.err);
    if (!format) return kExitUsage;
    Result<store::Store> db = open_database(*vm);
    Result<store::StatusReport> status = db ? db->status() : Result<store::StatusReport>(db.error());
    if (!status) {
        streams.err << "porwatch status: " << status.error().message << "\n";
        return kExitUsage;
    }
    const store::StatusReport& s = *status;
    const int health = latest_is_complete(s) ? kExitOk : kExitIncomplete;
    if (*format != OutputFormat::table) {
        json::ObjectWriter json;
        json.member("schema_version", static_cast<long long>(s.schema_version))
            .raw_member("last_complete", summary_json(s.last_complete))
            .raw_member("last_partial", summary_json(s.last_partial))
            .raw_member("last_failed", summary_json(s.last_failed))
            .raw_member("last_error", summary_json(s.last_error))
            .member("snapshots", static_cast<long long>(s.snapshots))
            .member("addresses_in_book", static_cast<long long>(s.addresses_in_book))
            .member("addresses_removed", static_cast<long long>(s.addresses_removed))
            .member("verdicts", static_cast<long long>(s.verdicts))
            .member("verified", static_cast<long long>(s.verified))
            .member("db_bytes", static_cast<long long>(s.db_bytes))
            .member("wal_bytes", static_cast<long long>(s.wal_bytes));
        std::string totals = "[";
        for (const auto& r : s.latest_totals)
            totals += (totals.size() > 1 ? "," : "") + total_row_json(r, /*with_value=*/true);
        json.raw_member("latest_totals", totals + "]");
        std::string unscanned = "[";
        std::size_t rows = 0;
        for (const auto& u : s.unscanned) {
            rows += u.rows;
            unscanned += (unscanned.size() > 1 ? "," : "") + unscanned_json(u);
        }
        json.raw_member("unscanned", unscanned + "]").member("unscanned_rows", static_cast<long long>(rows));
        add_status_value(json, s);
        std::string evidence = "[";
        for (const auto& e : s.evidence) {
            json::ObjectWriter row;
            row.member("snapshot_id", static_cast<long long>(e.snapshot_id))
                .member("chain", e.chain)
                .member("status", e.status)
                .member("outpoints", static_cast<long long>(e.outpoints));
            if (e.proofs)
                row.raw_member("proofs", store::codec::proof_summary_json(*e.proofs));
            else
                row.null_member("proofs");
            evidence += (evidence.size() > 1 ? "," : "") + row.finish();
        }
        json.raw_member("evidence", evidence + "]");
        std::string ratios = "[";
        for (const auto& r : s.latest_solvency) ratios += (ratios.size() > 1 ? "," : "") + solvency_row_json(r);
        json.raw_member("latest_solvency", ratios + "]");
        std::string files = "[";
        for (const auto& f : s.latest_liabilities) files += (files.size() > 1 ? "," : "") + liability_file_json(f);
        json.raw_member("latest_liabilities", files + "]");
        if (s.latest_solvency_value)
            json.raw_member("latest_solvency_value", solvency_value_json(*s.latest_solvency_value));
        else
            json.null_member("latest_solvency_value");
        json.member("latest_complete", health == kExitOk);
        streams.out << json.finish() << "\n";
        return health;
    }
    std::ostringstream share;
    if (s.verdicts > 0) {
        // Integer per-mille, no floating point: 2 verified of 3 → 66.6 %.
        const std::size_t permille = s.verified * 1000 / s.verdicts;
        share << " (" << permille / 10 << "." << permille % 10 << " %)";
    }
    streams.out << "schema version     " << s.schema_version << "\n"
                << "snapshots          " << s.snapshots << "\n"
                << "last complete      " << summary_text(s.last_complete) << "\n"
                << "last partial       " << summary_text(s.last_partial) << "\n"
                << "last failed        " << summary_text(s.last_failed) << "\n"
                << "last error         " << summary_text(s.last_error) << "\n"
                << "addresses in book  " << s.addresses_in_book << " (" << s.addresses_removed << " removed earlier)\n"
                << "ownership verified " << s.verified << " of " << s.verdicts << share.str() << "\n"
                << "database size      " << s.db_bytes << " bytes (+ " << s.wal_bytes << " WAL)\n";
    for (const auto& r : s.latest_totals) {
        streams.out << "latest " << std::left << std::setw(12) << r.asset << r.amount << " observed, "
                    << verified_amount(r) << " proven (" << r.verified_addresses << " of " << r.addresses
                    << " addresses verified) at " << r.chain << " " << r.height << ", #" << r.snapshot_id
                    << (r.quote ? ", value " + value_cell(r, false) + " " + *r.quote : std::string()) << "\n";
    }
    print_status_value(s, streams.out);
    std::size_t rows = 0;
    for (const auto& u : s.unscanned) rows += u.rows;
    if (s.latest_snapshot_id) {
        streams.out << "unscanned rows     " << rows << " in the latest snapshot (#" << *s.latest_snapshot_id << ")\n";
    }
    for (const auto& u : s.unscanned) streams.out << "  " << snapshot::describe(u) << "\n";
    for (const auto& f : s.latest_liabilities) {
        streams.out << "liabilities        " << f.format << " " << f.file << ": "
                    << (f.verified
                            ? "verified" + (f.height ? " (height " + std::to_string(*f.height) + ")" : std::string())
                            : "FAILED: " + f.error)
                    << (f.zk_status.empty() ? "" : "; zk verifier " + f.zk_status) << "\n";
    }
    for (const auto& r : s.latest_solvency) {
        streams.out << "ratio  " << valid_utf8(snapshot::describe(r.solvency)) << ", #" << r.snapshot_id << "\n";
    }
    if (s.latest_solvency_value) {
        streams.out << "ratio  all assets in " << valid_utf8(snapshot::describe(*s.latest_solvency_value)) << ", #"
                    << s.latest_solvency_value_snapshot << "\n";
    }
    for (const auto& e : s.evidence) {
        streams.out << "evidence " << std::left << std::setw(10) << e.chain;
        if (e.proofs) {
            streams.out << proofs_text(*e.proofs);
        } else if (e.status == "complete") {
            streams.out << e.outpoints << " UTXO outpoints behind the balances";
        } else {
            streams.out << "none (" << e.status << ")";
        }
        streams.out << " (#" << e.snapshot_id << ")\n";
    }
    if (health != kExitOk) streams.out << "latest snapshot is not complete (exit 3)\n";
    return health;
}

}  // namespace porwatch::cli
