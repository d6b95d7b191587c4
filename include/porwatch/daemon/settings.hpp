// The daemon's own configuration: the typed `[daemon]` and `[store]` sections of porwatch.conf
// (config::load_config keeps them raw in Config::extra; they are validated here), and the one
// function that loads and validates a whole config for `run`, `scan`, `history` and `status`.
//
//   [daemon]  log_level = error|warning|notice|info|debug   (default info)
//             jitter    = SECONDS   random delay after each aligned slot (default
//                                   min(interval/10, 60); must be below interval)
//   [store]   keep_all_days = N     keep every snapshot this long (default 7)
//             hourly_days   = N     then one per UTC hour until this age (default 90), then daily
//             busy_timeout_ms = N   SQLite busy timeout (default 5000)
//
// Unknown keys and bad values are errors naming FILE:LINE. Pure except load_settings()
// (which reads the config file). Thread-safety: values.
#pragma once

#include <string>

#include "porwatch/config/config.hpp"
#include "porwatch/daemon/log.hpp"
#include "porwatch/daemon/loop.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/store/store.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::daemon {

struct DaemonSettings {
    LogLevel log_level = LogLevel::info;
    Schedule schedule;  // interval from the top-level `interval`
    store::RetentionPolicy retention;
    int busy_timeout_ms = 5000;
};

struct Settings {
    config::Config config;
    DaemonSettings daemon;
    liabilities::Settings liabilities;  // [liabilities]
};

// Validate the [daemon] and [store] sections of `config`. Fails with "FILE:LINE: …" on an
// unknown key, a repeated key, a bad value, jitter >= interval, or hourly_days < keep_all_days.
Result<DaemonSettings> parse_daemon_settings(const config::Config& config);

// load_config() + parse_daemon_settings() + liabilities::load_settings(). Fails as any does.
Result<Settings> load_settings(const std::string& path);

}  // namespace porwatch::daemon
