// `porwatch scan --config FILE --once [--json]`: one full cycle (daemon::run_cycle: load the
// address book, verify ownership, scan every chain at a pinned block, assemble the snapshot,
// store it when the config names a database), then print it.
#include <algorithm>
#include <ctime>
#include <ostream>

#include "options.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/daemon/alert_stage.hpp"
#include "porwatch/daemon/cycle.hpp"
#include "porwatch/daemon/settings.hpp"
#include "porwatch/snapshot/solvency.hpp"
#include "scan_output.hpp"

namespace porwatch::cli {

int run_scan(const Args& args, Streams streams)
{
    const CommandSpec spec{
        "scan", "--config FILE --once [--json]",
        "Run one scan cycle: load the address files named in the config, verify ownership\n"
        "proofs, read every address's balance at one pinned block per chain (from every\n"
        "rpc_url: all must agree), and print totals per asset with height and block hash.\n"
        "Stores the snapshot when the config names a database.\n"
        "With [liabilities], also each asset's reserve ratio against the exchange's\n"
        "published liabilities, recomputed.\n"
        "Exit 0 when the snapshot is complete, 3 when any chain failed or is disputed or a\n"
        "liabilities file did not verify,\n"
        "2 on a config or usage error."};
    po::options_description options("options");
    std::string config_path;
    options.add_options()
        ("config", po::value<std::string>(&config_path)->required(), "porwatch.conf (INI)")
        ("once", po::bool_switch(), "run one cycle and exit (the daemon loop is `porwatch run`)")
        ("json", po::bool_switch(), "print the snapshot as one JSON object");
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    if (!(*vm)["once"].as<bool>()) {
        streams.err << "porwatch scan: --once is required (continuous watching is `porwatch run`)\n";
        return kExitUsage;
    }
    auto settings = daemon::load_settings(config_path);
    if (!settings) {
        streams.err << "porwatch scan: " << settings.error().message << "\n";
        return kExitUsage;
    }
    const config::Config& config = settings->config;
    // Rules are checked before anything is opened or scanned: one that could not be
    // computed is a config error (exit 2), never a cycle that silently skips alerts.
    Result<alert::AlertSettings> alerts = alert::load_alert_settings(config);
    if (!alerts) {
        streams.err << "porwatch scan: " << alerts.error().message << "\n";
        return kExitUsage;
    }
    std::optional<store::Store> db;
    daemon::CycleOptions cycle_options;
    if (!config.database.empty()) {
        store::OpenOptions open_options;
        open_options.busy_timeout_ms = settings->daemon.busy_timeout_ms;
        auto opened = store::Store::open(config.database, open_options);
        if (!opened) {
            streams.err << "porwatch scan: " << opened.error().message << "\n";
            return kExitUsage;
        }
        if (Status ok = daemon::check_alerts_against_store(*alerts, *opened, config_path); !ok) {
            streams.err << "porwatch scan: " << ok.error().message << "\n";
            return kExitUsage;
        }
        db.emplace(std::move(*opened));
        cycle_options.store = &*db;
        cycle_options.retention = settings->daemon.retention;
    }
    cycle_options.liabilities = &settings->liabilities;
    daemon::BookCache books;
    daemon::CycleHooks hooks;
    hooks.now = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
    // With a database, the cycle evaluates alerts once (states persist between runs) and
    // delivers what is queued after the commit; logs go to stderr.
    daemon::SystemClock clock;
    daemon::Logger logger = daemon::Logger::to_stderr(settings->daemon.log_level, clock);
    daemon::AlertOutcome alert_outcome;
    if (db) daemon::attach_alerts(*alerts, *db, hooks, alert_outcome, logger);
    const daemon::CycleResult cycle = daemon::run_cycle(config, books, cycle_options, hooks);
    if (db) {
        if (cycle.stored) daemon::log_alert_outcome(logger, alert_outcome);
        daemon::deliver_alerts(*alerts, *db, logger, hooks.now);
    }
    if (cycle.input_error()) {
        streams.err << "porwatch scan: " << cycle.error << "\n";
        return kExitUsage;
    }
    const std::vector<config::ConfiguredAsset> assets = config::configured_assets(config);
    const ScanReport report{cycle.snapshot, snapshot::uncovered_liabilities(cycle.snapshot.liabilities, assets)};
    if ((*vm)["json"].as<bool>()) {
        streams.out << scan_json(report) << "\n";
    } else {
        streams.out << scan_table(report) << "\nsummary: " << daemon::summary_line(cycle) << "\n";
    }
    if (!cycle.store_error.empty()) {
        streams.err << "porwatch scan: " << cycle.store_error << "\n";
        return kExitIncomplete;
    }
    if (!cycle.retention_error.empty()) streams.err << "porwatch scan: " << cycle.retention_error << "\n";
    // A liabilities file that did not verify leaves ratios unknown: incomplete, like a chain.
    const bool liabilities_failed =
        std::any_of(cycle.snapshot.liabilities.begin(), cycle.snapshot.liabilities.end(),
                    [](const liabilities::FileResult& f) { return !f.verified(); });
    return cycle.snapshot.status == snapshot::SnapshotStatus::complete && !liabilities_failed ? kExitOk : kExitIncomplete;
}

}  // namespace porwatch::cli
