// `porwatch run [--config FILE]`: the daemon. Validates the config, takes the database's
// instance lock (DATABASE.lock; a second daemon exits 2 naming the holder's PID), opens the
// database, sends READY=1, then runs daemon::run_cycle every `interval` on daemon::Loop until SIGTERM/SIGINT.
// SIGHUP reloads the config (address files are re-read, and re-verified when their hash
// changed, every cycle anyway). Logs go to stderr (journal priorities under systemd).
//
// Exit codes: 0 after a graceful stop; 2 when the config is invalid, another porwatch holds the
// database, or it cannot be opened (also: written by a newer porwatch); 70 when signal
// handling cannot be set up.
#include <ctime>
#include <ostream>

#include "options.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/daemon/alert_stage.hpp"
#include "porwatch/daemon/cycle.hpp"
#include "porwatch/daemon/instance_lock.hpp"
#include "porwatch/daemon/liabilities.hpp"
#include "porwatch/daemon/loop.hpp"
#include "porwatch/daemon/settings.hpp"
#include "porwatch/metrics/exporter.hpp"

namespace porwatch::cli {
namespace {

// The daemon's mutable state: the running settings and what survives between cycles.
class Daemon {
public:
    Daemon(std::string config_path, daemon::Settings settings, alert::AlertSettings alerts, store::Store store,
           daemon::Logger& logger, daemon::Notifier& notifier, std::unique_ptr<metrics::Exporter> metrics)
        : m_config_path(std::move(config_path)),
          m_settings(std::move(settings)),
          m_alerts(std::move(alerts)),
          m_store(std::move(store)),
          m_logger(logger),
          m_notifier(notifier),
          m_metrics(std::move(metrics))
    { }

    daemon::CycleReport cycle(daemon::CycleContext& context);
    Result<daemon::Schedule> reload();
    // Deliver what an earlier run left queued (at startup, before the first cycle).
    void deliver_queued(const daemon::Clock& clock);
    const daemon::Settings& settings() const { return m_settings; }

private:
    void log_details(const daemon::CycleResult& result);
    // One delivery attempt (a hook or a webhook) may take its timeout; the watchdog cover is
    // renewed before each attempt for that long.
    std::chrono::milliseconds delivery_attempt_bound() const
    {
        return std::max(m_alerts.hook_timeout, m_alerts.webhook_timeout) + std::chrono::seconds{30};
    }

    std::string m_config_path;
    daemon::Settings m_settings;
    alert::AlertSettings m_alerts;
    store::Store m_store;
    daemon::Logger& m_logger;
    daemon::Notifier& m_notifier;
    daemon::BookCache m_books;
    daemon::LiabilitiesCache m_liabilities;
    std::unique_ptr<metrics::Exporter> m_metrics;  // nullptr: no [metrics]
};

daemon::CycleReport Daemon::cycle(daemon::CycleContext& context)
{
    const daemon::Clock& clock = context.clock();
    daemon::CycleOptions options;
    options.store = &m_store;
    options.retention = m_settings.daemon.retention;
    options.liabilities = &m_settings.liabilities;
    options.liabilities_cache = &m_liabilities;
    daemon::CycleHooks hooks;
    hooks.now = [&clock] { return static_cast<std::int64_t>(std::chrono::system_clock::to_time_t(clock.now())); };
    hooks.stop_requested = [&context] { return context.stop_requested(); };
    hooks.heartbeat = [&context] { context.heartbeat(); };
    hooks.cover = [&context](std::string stage, std::chrono::milliseconds timeout) {
        return context.cover(std::move(stage), timeout);
    };
    // Alerts are evaluated and queued inside the snapshot's transaction, delivered after it.
    daemon::AlertOutcome alerts;
    daemon::attach_alerts(m_alerts, m_store, hooks, alerts, m_logger);
    const auto started = clock.steady_now();
    const daemon::CycleResult result = daemon::run_cycle(m_settings.config, m_books, options, hooks);
    if (m_metrics) {
        m_metrics->observe(result, m_settings.config, m_store,
                           std::chrono::duration_cast<std::chrono::milliseconds>(clock.steady_now() - started),
                           hooks.now());
    }
    if (result.stored) daemon::log_alert_outcome(m_logger, alerts);
    {
        // deliver_pending asks stop_requested() before every attempt: each renews the cover.
        const auto bound = delivery_attempt_bound();
        const auto cover = context.cover("alert delivery", bound);
        daemon::deliver_alerts(m_alerts, m_store, m_logger, hooks.now, [&] {
            cover->renew(bound);
            return context.stop_requested();
        });
    }
    if (result.aborted) return {daemon::CycleOutcome::aborted, "aborted before storing"};
    log_details(result);
    const std::string summary = daemon::summary_line(result);
    const bool complete = result.snapshot.status == snapshot::SnapshotStatus::complete && result.stored.has_value();
    return {complete ? daemon::CycleOutcome::complete : daemon::CycleOutcome::failed, summary};
}

void Daemon::log_details(const daemon::CycleResult& result)
{
    if (result.book && !result.book->reverified_files.empty()) {
        std::string files;
        for (const auto& f : result.book->reverified_files) files += (files.empty() ? "" : ", ") + f;
        m_logger.info("ownership verified for " + files);
    }
    for (const auto& u : result.snapshot.unscanned) {
        // Claimed value nobody reads is a gap in the figures: say it louder.
        if (u.claimed_rows > 0)
            m_logger.warning("not scanned: " + snapshot::describe(u));
        else
            m_logger.info("not scanned: " + snapshot::describe(u));
    }
    for (const auto& f : result.snapshot.liabilities) {
        // A liabilities file that does not recompute withholds ratios: say it louder.
        if (!f.verified()) m_logger.warning("liabilities not verified: " + f.error);
    }
    if (result.stored) {
        if (const std::string diff = daemon::book_diff_line(*result.stored); !diff.empty()) {
            m_logger.notice(diff);
        }
        m_logger.debug("stored snapshot " + std::to_string(result.stored->snapshot_id) + ": " +
                       std::to_string(result.stored->balance_rows) + " balance rows, " +
                       std::to_string(result.stored->verdict_rows) + " verdict rows");
    }
    if (!result.store_error.empty()) m_logger.error("snapshot not stored: " + result.store_error);
    if (!result.retention_error.empty()) m_logger.error("retention: " + result.retention_error);
    if (result.retention && result.retention->snapshots_deleted > 0) {
        m_logger.info("retention: thinned " + std::to_string(result.retention->snapshots_deleted) + " snapshots");
    }
}

Result<daemon::Schedule> Daemon::reload()
{
    Result<daemon::Settings> next = daemon::load_settings(m_config_path);
    if (!next) return next.error();
    if (next->config.database != m_settings.config.database) {
        return Error{m_config_path + ": 'database' cannot change on reload (restart porwatch)"};
    }
    Result<alert::AlertSettings> alerts = alert::load_alert_settings(next->config);
    if (!alerts) return alerts.error();
    if (Status ok = daemon::check_alerts_against_store(*alerts, m_store, m_config_path); !ok) return ok.error();
    Result<metrics::MetricsSettings> observed = metrics::parse_metrics_settings(next->config);
    if (!observed) return observed.error();
    if (m_metrics) {
        if (Status s = m_metrics->reconfigure(*observed); !s) return s.error();
    } else if (observed->enabled()) {
        return Error{m_config_path + ": [metrics] cannot be turned on by a reload (restart porwatch)"};
    }
    m_settings = std::move(*next);
    m_alerts = std::move(*alerts);
    m_logger.set_threshold(m_settings.daemon.log_level);
    return m_settings.daemon.schedule;
}

void Daemon::deliver_queued(const daemon::Clock& clock)
{
    const auto bound = delivery_attempt_bound();
    const auto cover = daemon::cover_stage(m_notifier, m_logger, "alert delivery", bound);
    daemon::deliver_alerts(
        m_alerts, m_store, m_logger,
        [&clock] { return static_cast<std::int64_t>(std::chrono::system_clock::to_time_t(clock.now())); },
        [&] {
            cover->renew(bound);
            return false;
        });
}

}  // namespace

int run_run(const Args& args, Streams streams)
{
    const CommandSpec spec{"run", "[--config FILE]",
                           "Watch continuously (the systemd service): every `interval` seconds, aligned to the\n"
                           "clock plus jitter, load the address files (re-verifying ownership of changed files),\n"
                           "scan every chain at a pinned block, and store the snapshot and the address-book diff\n"
                           "in the database. A node that is down is stored as a failed cycle; the loop goes on.\n"
                           "SIGHUP reloads the config (a bad one is logged and the old one kept); SIGTERM or\n"
                           "SIGINT stop after the current stage. One daemon per database: it holds DATABASE.lock.\n"
                           "Exit 0 after a stop, 2 on a bad config, a database another porwatch holds (its PID\n"
                           "named) or that cannot be opened, 70 on an internal error."};
    po::options_description options("options");
    add_config_option(options);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    const std::string config_path = cli::config_path(*vm);

    Result<daemon::Settings> settings = daemon::load_settings(config_path);
    if (!settings) {
        streams.err << "porwatch run: " << settings.error().message << "\n";
        return kExitUsage;
    }
    if (settings->config.database.empty()) {
        streams.err << "porwatch run: " << config_path << ": 'database' is required\n";
        return kExitUsage;
    }
    Result<alert::AlertSettings> alerts = alert::load_alert_settings(settings->config);
    if (!alerts) {
        streams.err << "porwatch run: " << alerts.error().message << "\n";
        return kExitUsage;
    }
    Result<metrics::MetricsSettings> metrics_settings = metrics::parse_metrics_settings(settings->config);
    if (!metrics_settings) {
        streams.err << "porwatch run: " << metrics_settings.error().message << "\n";
        return kExitUsage;
    }
    daemon::SystemClock clock;
    daemon::Logger logger = daemon::Logger::to_stderr(settings->daemon.log_level, clock);
    // Like bitcoind's datadir lock: a second daemon (or a storing scan) on this database would
    // store duplicate snapshots and deliver every alert twice.
    Result<daemon::InstanceLock> lock = daemon::InstanceLock::acquire(settings->config.database);
    if (!lock) {
        streams.err << "porwatch run: " << lock.error().message << "\n";
        return kExitUsage;
    }
    store::OpenOptions open_options;
    open_options.busy_timeout_ms = settings->daemon.busy_timeout_ms;
    Result<store::Store> db = store::Store::open(settings->config.database, open_options);
    if (!db) {
        logger.error(db.error().message);
        return kExitUsage;
    }
    if (Status ok = daemon::check_alerts_against_store(*alerts, *db, config_path); !ok) {
        streams.err << "porwatch run: " << ok.error().message << "\n";
        return kExitUsage;
    }
    std::unique_ptr<metrics::Exporter> exporter;
    if (metrics_settings->enabled()) {
        auto started = metrics::Exporter::start(*metrics_settings, *db, logger);
        if (!started) {
            logger.error(started.error().message);
            return kExitUsage;
        }
        exporter = std::move(*started);
    }
    auto requests = daemon::Requests::create();
    if (!requests) {
        logger.error(requests.error().message);
        return kExitInternal;
    }
    auto signals = daemon::SignalHandlers::install(**requests);
    if (!signals) {
        logger.error(signals.error().message);
        return kExitInternal;
    }
    const daemon::Schedule schedule = settings->daemon.schedule;
    daemon::SdNotifier notifier;
    daemon::LoopStats stats;
    {
        Daemon state(config_path, std::move(*settings), std::move(*alerts), std::move(*db), logger, notifier,
                     std::move(exporter));
        daemon::Loop loop(daemon::LoopParts{clock, **requests, notifier, logger, daemon::random_jitter()}, schedule);
        logger.notice("porwatch " PORWATCH_VERSION " started: config " + config_path + ", database " +
                      state.settings().config.database);
        notifier.ready();
        state.deliver_queued(clock);
        stats = loop.run([&state](daemon::CycleContext& context) { return state.cycle(context); },
                         [&state] { return state.reload(); });
    }  // the database closes here
    logger.notice("stopped after " + std::to_string(stats.cycles) + " cycles (" + std::to_string(stats.failed) +
                  " failed, " + std::to_string(stats.internal_errors) + " internal errors, " +
                  std::to_string(stats.reloads) + " reloads, " + std::to_string(stats.failed_reloads) +
                  " rejected); database closed");
    return kExitOk;
}

}  // namespace porwatch::cli
