// The `[alerts]` section as typed values: the rules (rules.hpp) and where and how
// notifications are delivered (hooks, webhooks, timeouts, retry and give-up ages).
//
// load_alert_settings() validates what can be checked before the first alert: every rule,
// also against the assets and decimals of the config's chain sections (validate.hpp), so a
// rule that could not be computed is a load error; every hook is an absolute path to an existing executable file, every webhook URL is https
// (or http to loopback), and the webhook secret file is readable. Errors are "FILE:LINE: …".
//
// Ownership: AlertSettings owns the webhook secret (move-only, wiped on destruction).
// Thread-safety: a value; load_alert_settings reads files: the hooks' modes and the secret.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/alert/rules.hpp"
#include "porwatch/alert/webhook.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::alert {

// Retries of a failed delivery: capped exponential backoff with jitter, until give_up_after
// has passed since the notification was queued.
struct RetryPolicy {
    std::int64_t initial_s = 30;  // `retry_initial`: the first retry's delay
    std::int64_t max_s = 3600;  // `retry_max`: the cap
    std::int64_t give_up_after_s = 86400;  // `give_up_after`
};

struct AlertSettings {
    Rules rules;
    std::vector<std::string> hooks;  // absolute paths, in config order
    std::chrono::milliseconds hook_timeout{10'000};
    std::vector<std::string> webhooks;  // URLs, in config order
    std::optional<WebhookSecret> webhook_secret;  // set when webhooks are
    std::chrono::milliseconds webhook_timeout{10'000};
    RetryPolicy retry;

    bool has_targets() const { return !hooks.empty() || !webhooks.empty(); }
};

// Parse and validate `config.extra["alerts"]` (defaults when the section is absent; an unset
// stale_after becomes default_stale_after(config.interval_s)).
// Fails with "FILE:LINE: alerts: KEY = 'VALUE': why" on an unknown key, a bad value, a rule
// validate_rules() rejects, a hook
// that is not an executable file, an invalid webhook URL, a webhook without
// webhook_secret_file, or an unreadable secret file.
Result<AlertSettings> load_alert_settings(const config::Config& config);

}  // namespace porwatch::alert
