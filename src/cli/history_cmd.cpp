// `porwatch history` and `porwatch status`: read the database the daemon writes.
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

namespace porwatch::cli {
namespace {

std::string row_json(const store::HistoryRow& r, bool with_value)
{
    json::ObjectWriter json;
    json.member("snapshot_id", static_cast<long long>(r.snapshot_id))
        .member("taken_at", alert::format_utc_timestamp(r.taken_at))
        .member("taken_at_unix", static_cast<long long>(r.taken_at))
        .member("status", r.snapshot_status)
        .member("asset", r.asset)
        .member("chain", r.chain)
        .member("network", r.network)
        .member("height", static_cast<long long>(r.height))
        .member("block_hash", r.block_hash)
        .member("decimals", static_cast<long long>(r.decimals))
        .member("units", to_string(r.units))
        .member("amount", r.amount);
    if (r.claimed_units) {
        json.member("claimed_units", to_string(*r.claimed_units));
    } else {
        json.null_member("claimed_units");
    }
    json.member("addresses", static_cast<long long>(r.addresses))
        .member("verified_addresses", static_cast<long long>(r.verified_addresses));
    // Proven reserves; null for totals stored before schema 005 (unknown, never 0).
    if (r.verified_units) {
        json.member("verified_units", to_string(*r.verified_units))
            .member("verified_amount", format_decimal(*r.verified_units, r.decimals));
    } else {
        json.null_member("verified_units").null_member("verified_amount");
    }
    json.member("unverified_addresses", static_cast<long long>(r.unverified_addresses));
    if (r.claim_errors) json.member("claim_errors", static_cast<long long>(*r.claim_errors));
    else json.null_member("claim_errors");
    if (with_value) add_value_fields(json, r);
    return json.finish();
}

std::string verified_amount(const store::HistoryRow& r)
{
    return r.verified_units ? format_decimal(*r.verified_units, r.decimals) : std::string("?");
}

// `values` is set with --value: the value columns and each snapshot's total value are added.
void print_history(const std::vector<store::HistoryRow>& rows, OutputFormat format,
                   const std::optional<std::vector<store::ValueRow>>& values, std::ostream& out)
{
    const bool with_value = values.has_value();
    if (format == OutputFormat::json) {
        // With --value: {"totals":[…],"values":[…]}; without it, the array of totals as before.
        if (with_value) out << "{\"totals\":";
        out << "[";
        for (std::size_t i = 0; i < rows.size(); ++i) out << (i ? ",\n " : "") << row_json(rows[i], with_value);
        out << "]";
        if (with_value) {
            out << ",\n\"values\":[";
            for (std::size_t i = 0; i < values->size(); ++i) out << (i ? ",\n " : "") << value_row_json((*values)[i]);
            out << "]}";
        }
        out << "\n";
        return;
    }
    if (format == OutputFormat::jsonl) {
        if (!with_value) {
            for (const auto& r : rows) out << row_json(r, false) << "\n";
            return;
        }
        // With --value, one object per line, tagged as `alerts` does: {"kind":"total",…} per
        // stored total (with its value fields), then {"kind":"value",…} per snapshot's total value.
        for (const auto& r : rows) out << R"({"kind":"total",)" << row_json(r, true).substr(1) << "\n";
        for (const auto& v : *values) out << R"({"kind":"value",)" << value_row_json(v).substr(1) << "\n";
        return;
    }
    if (format == OutputFormat::csv) {
        // New columns go last, so scripts that read the first ones keep working. An empty
        // field is unknown (verified_units and claim_errors of totals before schema 005).
        out << "snapshot_id,taken_at,status,asset,chain,network,height,block_hash,decimals,units,"
               "amount,claimed_units,addresses,verified_addresses,verified_units,verified_amount,"
               "unverified_addresses,claim_errors" << (with_value ? kValueCsvHeader : "") << "\n";
        for (const auto& r : rows) {
            out << r.snapshot_id << ',' << alert::format_utc_timestamp(r.taken_at) << ','
                << r.snapshot_status << ',' << csv_field(r.asset) << ',' << r.chain << ','
                << r.network << ',' << r.height << ',' << r.block_hash << ',' << r.decimals << ','
                << to_string(r.units) << ',' << r.amount << ','
                << (r.claimed_units ? to_string(*r.claimed_units) : "") << ',' << r.addresses
                << ',' << r.verified_addresses << ','
                << (r.verified_units ? to_string(*r.verified_units) : "") << ','
                << (r.verified_units ? verified_amount(r) : "") << ',' << r.unverified_addresses << ','
                << (r.claim_errors ? std::to_string(*r.claim_errors) : "") << (with_value ? value_csv(r) : "")
                << '\n';
        }
        if (with_value) {
            for (const auto& v : *values) out << value_total_csv(v) << '\n';
        }
        return;
    }
    out << std::left << std::setw(21) << "TAKEN_AT (UTC)" << std::setw(9) << "STATUS" << std::setw(7)
        << "ASSET" << std::right << std::setw(28) << "AMOUNT" << std::setw(28) << "PROVEN" << std::setw(10)
        << "HEIGHT" << "  " << std::left << std::setw(12) << "VERIFIED";
    if (with_value) out << std::right << std::setw(24) << "VALUE" << std::setw(24) << "PROVEN VALUE" << "  ";
    out << std::left << "BLOCK_HASH\n";
    for (const auto& r : rows) {
        const std::string verified =
            std::to_string(r.verified_addresses) + "/" + std::to_string(r.addresses);
        out << std::left << std::setw(21) << alert::format_utc_timestamp(r.taken_at) << std::setw(9)
            << r.snapshot_status << std::setw(7) << r.asset << std::right << std::setw(28)
            << r.amount << std::setw(28) << verified_amount(r) << std::setw(10) << r.height << "  "
            << std::left << std::setw(12) << verified;
        if (with_value) {
            out << std::right << std::setw(24) << value_cell(r, false) << std::setw(24) << value_cell(r, true) << "  ";
        }
        out << std::left << r.block_hash << "\n";
    }
    if (rows.empty()) out << "(no totals stored in this range)\n";
    if (std::any_of(rows.begin(), rows.end(), [](const auto& r) { return !r.verified_units; })) {
        out << "(PROVEN ? = stored before proven reserves were recorded: unknown)\n";
    }
    if (with_value) {
        out << "(VALUE in the quote currency of [prices]; UNPRICED = the price failed a check, - = prices not read)\n";
        print_value_table(*values, out);
    }
}

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

int run_history(const Args& args, Streams streams)
{
    const CommandSpec spec{
        "history", "[--config FILE | --db FILE] [--asset SYM] [--since 7d|2026-11-01] "
                   "[--until …] [--format table|csv|json|jsonl] [--value | --ratio]",
        "Print the stored reserve totals over time, oldest first: one row per snapshot and\n"
        "asset with the snapshot's status, the exact amount, and the chain height and block\n"
        "hash it was read at. Partial snapshots show the totals of their complete chains.\n"
        "--value adds each total's value in the [prices] quote currency and each snapshot's\n"
        "total value (the priced assets, whether complete, the unpriced ones); jsonl then\n"
        "tags each line: {\"kind\":\"total\",…} per total, {\"kind\":\"value\",…} per snapshot.\n"
        "--ratio: each asset's reserve ratio against the exchange's published liabilities\n"
        "(observed and proven), with both sides' heights, instead of the totals.\n"
        "The database is opened read-only. Times are ISO 8601 UTC (JSON adds taken_at_unix).\n"
        "Exit 0, or 2 on a usage error or a database that cannot be read."};
    po::options_description options("options");
    add_database_options(options);
    const FormatSpec formats{{OutputFormat::table, OutputFormat::csv, OutputFormat::json, OutputFormat::jsonl}};
    options.add_options()
        ("asset", po::value<std::string>(), "only this asset, any letter case (BTC, ltc, ETH, USDT, …)")
        ("since", po::value<std::string>(), "from: 7d, 24h, 2026-11-01, 2026-11-01T12:00:00Z")
        ("until", po::value<std::string>(), "to (inclusive), same forms")
        ("value", "add the value columns and the total value per snapshot")
        ("ratio", po::bool_switch(), "the reserve ratios against the published liabilities instead");
    add_format_option(options, formats);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    const Result<OutputFormat> format = output_format(*vm, formats, spec, streams.err);
    if (!format) {
        streams.err << "porwatch history: " << format.error().message << "\n";
        return kExitUsage;
    }
    if ((*vm)["ratio"].as<bool>() && vm->count("value")) {
        streams.err << "porwatch history: --value and --ratio show different tables; give one\n";
        return kExitUsage;
    }
    store::HistoryQuery query;
    const std::int64_t now = std::time(nullptr);
    Result<Period> period = parse_period(*vm, now);
    if (!period) {
        streams.err << "porwatch history: " << period.error().message << "\n";
        return kExitUsage;
    }
    query.since = period->since;
    query.until = period->until;
    if (vm->count("asset")) query.asset = (*vm)["asset"].as<std::string>();
    Result<store::Store> db = open_database(*vm);
    if (!db) {
        streams.err << "porwatch history: " << db.error().message << "\n";
        return kExitUsage;
    }
    if ((*vm)["ratio"].as<bool>()) {
        Result<std::vector<store::SolvencyRow>> ratios = db->solvency_history(query);
        if (!ratios) {
            streams.err << "porwatch history: " << ratios.error().message << "\n";
            return kExitUsage;
        }
        print_solvency_history(*ratios, *format, streams.out);
        return kExitOk;
    }
    Result<std::vector<store::HistoryRow>> rows = db->history(query);
    if (!rows) {
        streams.err << "porwatch history: " << rows.error().message << "\n";
        return kExitUsage;
    }
    std::optional<std::vector<store::ValueRow>> values;
    if (vm->count("value")) {
        Result<std::vector<store::ValueRow>> read = db->value_history(query);
        if (!read) {
            streams.err << "porwatch history: " << read.error().message << "\n";
            return kExitUsage;
        }
        values = std::move(*read);
    }
    print_history(*rows, *format, values, streams.out);
    return kExitOk;
}

int run_status(const Args& args, Streams streams)
{
    const CommandSpec spec{
        "status", "[--config FILE | --db FILE] [--format table|json|jsonl]",
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
    const Result<OutputFormat> format = output_format(*vm, formats, spec, streams.err);
    if (!format) {
        streams.err << "porwatch status: " << format.error().message << "\n";
        return kExitUsage;
    }
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
        for (const auto& r : s.latest_totals) totals += (totals.size() > 1 ? "," : "") + row_json(r, /*with_value=*/true);
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
            if (e.proofs) row.raw_member("proofs", store::codec::proof_summary_json(*e.proofs));
            else row.null_member("proofs");
            evidence += (evidence.size() > 1 ? "," : "") + row.finish();
        }
        json.raw_member("evidence", evidence + "]");
        std::string ratios = "[";
        for (const auto& r : s.latest_solvency) ratios += (ratios.size() > 1 ? "," : "") + solvency_row_json(r);
        json.raw_member("latest_solvency", ratios + "]");
        std::string files = "[";
        for (const auto& f : s.latest_liabilities) files += (files.size() > 1 ? "," : "") + liability_file_json(f);
        json.raw_member("latest_liabilities", files + "]");
        if (s.latest_solvency_value) json.raw_member("latest_solvency_value", solvency_value_json(*s.latest_solvency_value));
        else json.null_member("latest_solvency_value");
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
                << "addresses in book  " << s.addresses_in_book << " (" << s.addresses_removed
                << " removed earlier)\n"
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
                    << (f.verified ? "verified" + (f.height ? " (height " + std::to_string(*f.height) + ")" : std::string())
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
