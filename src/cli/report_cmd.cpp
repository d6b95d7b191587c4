// `porwatch report`: render a period of the history database as one self-contained HTML file.
#include <ctime>
#include <ostream>

#include "history_options.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/report/report.hpp"
#include "porwatch/util/atomic_file.hpp"

namespace porwatch::cli {

int run_report(const Args& args, Streams streams)
{
    const CommandSpec spec{
        "report", "[--config FILE | --db FILE] --out FILE.html [--since 30d|2026-11-01] [--until …] [--changes N]",
        "Write one self-contained HTML page (no script, no network, inline SVG charts) about\n"
        "the period: per asset, the reserves over time (every address, and the verified part\n"
        "where the database stores it) with failed reads and times without snapshots shown as\n"
        "gaps and alert notifications on the time axis; the latest snapshot's evidence (heights,\n"
        "block hashes, endpoints); the address book with verification counts; and the largest\n"
        "balance changes. Every figure is the exact decimal text from the database. --out - writes\n"
        "to stdout; a file is replaced atomically. The database is opened read-only. Exit 0, or 2 on a usage error, a "
        "database that\n"
        "cannot be read or an output that cannot be written."};
    po::options_description options("options");
    add_database_options(options);
    options.add_options()("out", po::value<std::string>()->required(), "the HTML file to write (- for stdout)")(
        "since", po::value<std::string>()->default_value("30d"), "from: 30d, 24h, 2026-11-01, 2026-11-01T12:00:00Z")(
        "until", po::value<std::string>(), "to (inclusive), same forms; default now")(
        "changes", po::value<unsigned>()->default_value(5), "largest balance changes shown per asset");
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    const std::int64_t now = std::time(nullptr);
    store::ReportQuery query;
    query.changes_per_asset = (*vm)["changes"].as<unsigned>();
    Result<Period> period = parse_period(*vm, now);
    if (!period) {
        streams.err << "porwatch report: " << period.error().message << "\n";
        return kExitUsage;
    }
    query.since = period->since.value_or(now - 30 * 86400);
    query.until = period->until.value_or(now);
    if (query.since > query.until) {
        streams.err << "porwatch report: --since is after --until\n";
        return kExitUsage;
    }
    Result<store::Store> db = open_database(*vm);
    Result<store::ReportData> data = db ? db->report_data(query) : Result<store::ReportData>(db.error());
    if (!data) {
        streams.err << "porwatch report: " << data.error().message << "\n";
        return kExitUsage;
    }
    const std::string html = report::render_report(*data, report::ReportOptions{now});
    const std::string out = (*vm)["out"].as<std::string>();
    if (out == "-") {
        streams.out << html;
        return kExitOk;
    }
    if (Status written = write_file_atomically(out, html); !written) {
        streams.err << "porwatch report: " << written.error().message << "\n";
        return kExitUsage;
    }
    streams.err << "porwatch report: wrote " << out << " (" << html.size() << " bytes; " << data->snapshots.size()
                << " snapshots from " << data->database << ")\n";
    return kExitOk;
}

}  // namespace porwatch::cli
