// `porwatch history`: the stored totals over time (and their values or reserve ratios).
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

// `values` is set with --value: the value columns and each snapshot's total value are added.
void print_history(const std::vector<store::HistoryRow>& rows, OutputFormat format,
                   const std::optional<std::vector<store::ValueRow>>& values, std::ostream& out)
{
    const bool with_value = values.has_value();
    if (format == OutputFormat::json) {
        // With --value: {"totals":[…],"values":[…]}; without it, the array of totals as before.
        if (with_value) out << "{\"totals\":";
        out << "[";
        for (std::size_t i = 0; i < rows.size(); ++i) out << (i ? ",\n " : "") << total_row_json(rows[i], with_value);
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
            for (const auto& r : rows) out << total_row_json(r, false) << "\n";
            return;
        }
        // With --value, one object per line, tagged as `alerts` does: {"kind":"total",…} per
        // stored total (with its value fields), then {"kind":"value",…} per snapshot's total value.
        for (const auto& r : rows) out << R"({"kind":"total",)" << total_row_json(r, true).substr(1) << "\n";
        for (const auto& v : *values) out << R"({"kind":"value",)" << value_row_json(v).substr(1) << "\n";
        return;
    }
    if (format == OutputFormat::csv) {
        // New columns go last, so scripts that read the first ones keep working. An empty
        // field is unknown (verified_units and claim_errors of totals before schema 005).
        out << "snapshot_id,taken_at,status,asset,chain,network,height,block_hash,decimals,units,"
               "amount,claimed_units,addresses,verified_addresses,verified_units,verified_amount,"
               "unverified_addresses,claim_errors"
            << (with_value ? kValueCsvHeader : "") << "\n";
        for (const auto& r : rows) {
            out << r.snapshot_id << ',' << alert::format_utc_timestamp(r.taken_at) << ',' << r.snapshot_status << ','
                << csv_field(r.asset) << ',' << r.chain << ',' << r.network << ',' << r.height << ',' << r.block_hash
                << ',' << r.decimals << ',' << to_string(r.units) << ',' << r.amount << ','
                << (r.claimed_units ? to_string(*r.claimed_units) : "") << ',' << r.addresses << ','
                << r.verified_addresses << ',' << (r.verified_units ? to_string(*r.verified_units) : "") << ','
                << (r.verified_units ? verified_amount(r) : "") << ',' << r.unverified_addresses << ','
                << (r.claim_errors ? std::to_string(*r.claim_errors) : "") << (with_value ? value_csv(r) : "") << '\n';
        }
        if (with_value) {
            for (const auto& v : *values) out << value_total_csv(v) << '\n';
        }
        return;
    }
    out << std::left << std::setw(21) << "TAKEN_AT (UTC)" << std::setw(9) << "STATUS" << std::setw(7) << "ASSET"
        << std::right << std::setw(28) << "AMOUNT" << std::setw(28) << "PROVEN" << std::setw(10) << "HEIGHT"
        << "  " << std::left << std::setw(12) << "VERIFIED";
    if (with_value)
        out << std::right << std::setw(24) << "VALUE" << std::setw(24) << "PROVEN VALUE"
            << "  ";
    out << std::left << "BLOCK_HASH\n";
    for (const auto& r : rows) {
        const std::string verified = std::to_string(r.verified_addresses) + "/" + std::to_string(r.addresses);
        out << std::left << std::setw(21) << alert::format_utc_timestamp(r.taken_at) << std::setw(9)
            << r.snapshot_status << std::setw(7) << r.asset << std::right << std::setw(28) << r.amount << std::setw(28)
            << verified_amount(r) << std::setw(10) << r.height << "  " << std::left << std::setw(12) << verified;
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

}  // namespace

int run_history(const Args& args, Streams streams)
{
    const CommandSpec spec{"history",
                           "[--config FILE | --db FILE] [--asset SYM] [--since 7d|2026-11-01] "
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
    options.add_options()("asset", po::value<std::string>(),
                          "only this asset, any letter case (BTC, ltc, ETH, USDT, …)")(
        "since", po::value<std::string>(), "from: 7d, 24h, 2026-11-01, 2026-11-01T12:00:00Z")(
        "until", po::value<std::string>(),
        "to (inclusive), same forms")("value", "add the value columns and the total value per snapshot")(
        "ratio", po::bool_switch(), "the reserve ratios against the published liabilities instead");
    add_format_option(options, formats);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    const std::optional<OutputFormat> format = chosen_format(*vm, formats, spec, streams.err);
    if (!format) return kExitUsage;
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

}  // namespace porwatch::cli
