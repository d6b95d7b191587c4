// `porwatch scan [--config FILE] [--once] [--dry-run] [--no-alerts] [--format table|json|jsonl]`:
// one full cycle (daemon::run_cycle: load the address book, verify ownership, scan every chain at
// a pinned block, assemble the snapshot with its reserve ratios when [liabilities] is set, store it
// when the config names a database), then print it.
//
// Side effects, in order: the config, its alert rules and the address books are checked first;
// only then is the database opened (created when new) and the instance lock taken (a running
// `porwatch run` on the same database makes scan exit 2). --dry-run opens nothing and delivers
// nothing; --no-alerts stores the snapshot and records its notifications as silenced.
#include <algorithm>
#include <ctime>
#include <ostream>

#include "options.hpp"
#include "porwatch/addressbook/book.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/daemon/alert_stage.hpp"
#include "porwatch/daemon/cycle.hpp"
#include "porwatch/daemon/instance_lock.hpp"
#include "porwatch/daemon/settings.hpp"
#include "porwatch/snapshot/assemble.hpp"
#include "porwatch/snapshot/snapshot.hpp"
#include "porwatch/snapshot/solvency.hpp"
#include "porwatch/util/move_append.hpp"
#include "scan_output.hpp"

namespace porwatch::cli {
namespace {

// Read and parse every address file and plan the scan, so that a missing, unreadable or
// unparseable book is a usage error before anything is created. Signatures are verified by the
// cycle itself (a failed proof is a row's verdict, never a book error), so only once.
Status check_books(const config::Config& config)
{
    if (config.addresses.empty()) return Error{config.file + ": no 'addresses' file configured"};
    if (Result<proof::MessagePolicies> messages = proof::message_policies(config); !messages) return messages.error();
    std::vector<addressbook::BookEntry> entries;
    for (const auto& path : config.addresses) {
        Result<std::vector<addressbook::BookEntry>> loaded = addressbook::load_book_file(path);
        if (!loaded) return loaded.error();
        move_append(entries, std::move(*loaded));
    }
    if (Result<snapshot::ScanPlan> plan = snapshot::plan_scan(entries, config); !plan) return plan.error();
    return Ok{};
}

}  // namespace

int run_scan(const Args& args, Streams streams)
{
    const CommandSpec spec{"scan", "[--config FILE] [--once] [--dry-run | --no-alerts] [--format table|json|jsonl]",
                           "Run one scan cycle: load the address files named in the config, verify ownership\n"
                           "proofs, read every address's balance at one pinned block per chain (from every\n"
                           "rpc_url: all must agree), and print totals per asset with height and block hash.\n"
                           "Stores the snapshot when the config names a database (after the config and address\n"
                           "files are checked), evaluates alerts and delivers them as `run` does.\n"
                           "With [liabilities], also each asset's reserve ratio against the exchange's\n"
                           "published liabilities, recomputed.\n"
                           "--dry-run reads and prints only: no database, no alert. --no-alerts stores the\n"
                           "snapshot but delivers nothing (notifications are recorded as silenced).\n"
                           "Exit 0 when the snapshot is complete, 3 when any chain failed or is disputed, a\n"
                           "liabilities file did not verify or it could not be stored, 2 on a config or usage\n"
                           "error or when `porwatch run` holds the database."};
    po::options_description options("options");
    add_config_option(options);
    const FormatSpec formats{
        {OutputFormat::table, OutputFormat::json, OutputFormat::jsonl}, OutputFormat::table, OutputFormat::json};
    options.add_options()("once", po::bool_switch(), "one cycle (the default; continuous watching is `porwatch run`)")(
        "dry-run", po::bool_switch(), "read and print only: open no database, deliver nothing")(
        "no-alerts", po::bool_switch(), "store the snapshot, deliver nothing (recorded as silenced)");
    add_format_option(options, formats);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    const auto usage = [&](const std::string& message) {
        streams.err << "porwatch scan: " << message << "\n";
        return kExitUsage;
    };
    const Result<OutputFormat> format = output_format(*vm, formats, spec, streams.err);
    if (!format) return usage(format.error().message);
    const bool dry_run = (*vm)["dry-run"].as<bool>();
    const bool no_alerts = (*vm)["no-alerts"].as<bool>();
    if (dry_run && no_alerts) return usage("give --dry-run or --no-alerts, not both (--dry-run delivers nothing)");

    const std::string config_file = config_path(*vm);
    auto settings = daemon::load_settings(config_file);
    if (!settings) return usage(settings.error().message);
    const config::Config& config = settings->config;
    // Rules are checked before anything is opened or scanned: one that could not be
    // computed is a config error (exit 2), never a cycle that silently skips alerts.
    Result<alert::AlertSettings> alerts = alert::load_alert_settings(config);
    if (!alerts) return usage(alerts.error().message);
    alerts->rules.silence_all = no_alerts;
    if (Status ok = check_books(config); !ok) return usage(ok.error().message);

    std::optional<daemon::InstanceLock> lock;
    std::optional<store::Store> db;
    daemon::CycleOptions cycle_options;
    if (!config.database.empty() && !dry_run) {
        auto locked = daemon::InstanceLock::acquire(config.database);
        if (!locked) return usage(locked.error().message + "; `porwatch scan --dry-run` reads without storing");
        lock.emplace(std::move(*locked));
        store::OpenOptions open_options;
        open_options.busy_timeout_ms = settings->daemon.busy_timeout_ms;
        auto opened = store::Store::open(config.database, open_options);
        if (!opened) return usage(opened.error().message);
        if (Status ok = daemon::check_alerts_against_store(*alerts, *opened, config_file); !ok) {
            return usage(ok.error().message);
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
    // delivers what is queued after the commit (not with --no-alerts); logs go to stderr.
    daemon::SystemClock clock;
    daemon::Logger logger = daemon::Logger::to_stderr(settings->daemon.log_level, clock);
    daemon::AlertOutcome alert_outcome;
    if (db) daemon::attach_alerts(*alerts, *db, hooks, alert_outcome, logger);
    const daemon::CycleResult cycle = daemon::run_cycle(config, books, cycle_options, hooks);
    if (db) {
        if (cycle.stored) daemon::log_alert_outcome(logger, alert_outcome);
        if (!no_alerts) daemon::deliver_alerts(*alerts, *db, logger, hooks.now);
    }
    if (cycle.input_error()) return usage(cycle.error);
    ScanReport report{cycle.snapshot};
    if (cycle.stored) report.snapshot_id = cycle.stored->snapshot_id;
    report.uncovered_liabilities =
        snapshot::uncovered_liabilities(cycle.snapshot.liabilities, config::configured_assets(config));
    if (*format == OutputFormat::table) {
        streams.out << scan_table(report) << "\nsummary: " << daemon::summary_line(cycle) << "\n";
    } else {
        streams.out << scan_json(report) << "\n";
    }
    if (dry_run && !config.database.empty()) {
        streams.err << "porwatch scan: --dry-run: nothing stored in " << config.database << ", no alert evaluated\n";
    }
    if (!cycle.store_error.empty()) {
        streams.err << "porwatch scan: " << cycle.store_error << "\n";
        return kExitIncomplete;
    }
    if (!cycle.retention_error.empty()) streams.err << "porwatch scan: " << cycle.retention_error << "\n";
    // A liabilities file that did not verify leaves ratios unknown: incomplete, like a chain.
    const bool liabilities_failed = std::any_of(cycle.snapshot.liabilities.begin(), cycle.snapshot.liabilities.end(),
                                                [](const liabilities::FileResult& f) { return !f.verified(); });
    return cycle.snapshot.status == snapshot::SnapshotStatus::complete && !liabilities_failed ? kExitOk
                                                                                              : kExitIncomplete;
}

}  // namespace porwatch::cli
