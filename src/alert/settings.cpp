// load_alert_settings: the `[alerts]` section, rules and delivery keys, validated.
#include "porwatch/alert/settings.hpp"

#include <utility>

#include "porwatch/alert/validate.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/util/process.hpp"

namespace porwatch::alert {
namespace {

Result<std::chrono::milliseconds> parse_timeout(std::string_view value)
{
    Result<std::int64_t> seconds = parse_duration(value);
    if (!seconds) return seconds.error();
    if (*seconds > 3600) return Error{"at most 1h"};
    return std::chrono::milliseconds(*seconds * 1000);
}

// Apply one delivery key. Returns: false when `key` is not a delivery key.
Result<bool> apply_delivery(AlertSettings& out, std::string& secret_file, const std::string& key,
                            const std::string& value)
{
    auto set_seconds = [&](std::int64_t& slot) -> Result<bool> {
        Result<std::int64_t> seconds = parse_duration(value);
        if (!seconds) return seconds.error();
        slot = *seconds;
        return true;
    };
    if (key == "hook") {
        if (Status ok = check_executable(value); !ok) return ok.error();
        out.hooks.push_back(value);
    } else if (key == "webhook") {
        if (Status ok = validate_webhook_url(value); !ok) return ok.error();
        out.webhooks.push_back(value);
    } else if (key == "hook_timeout" || key == "webhook_timeout") {
        Result<std::chrono::milliseconds> timeout = parse_timeout(value);
        if (!timeout) return timeout.error();
        (key == "hook_timeout" ? out.hook_timeout : out.webhook_timeout) = *timeout;
    } else if (key == "webhook_secret_file") {
        secret_file = value;
    } else if (key == "give_up_after") {
        return set_seconds(out.retry.give_up_after_s);
    } else if (key == "retry_initial") {
        return set_seconds(out.retry.initial_s);
    } else if (key == "retry_max") {
        return set_seconds(out.retry.max_s);
    } else {
        return false;
    }
    return true;
}

}  // namespace

Result<AlertSettings> load_alert_settings(const config::Config& config)
{
    AlertSettings out;
    std::string secret_file;
    std::size_t secret_line = 0;
    std::size_t first_webhook_line = 0;
    const auto section = config.extra.find("alerts");
    if (config.prices) {
        for (const auto& feed : config.prices->feeds) out.rules.price_feeds.push_back(feed.asset);
    }
    if (section == config.extra.end()) {
        apply_stale_default(out.rules, config.interval_s);  // on by default, even without [alerts]
        return out;
    }
    static constexpr std::string_view kOnce[] = {"hook_timeout",  "webhook_timeout", "webhook_secret_file",
                                                 "give_up_after", "retry_initial",   "retry_max"};
    std::vector<std::string> seen;
    for (const auto& raw : section->second) {
        auto at = [&](config::ConfigError kind, const std::string& what) {
            return Error{kind, config.file + ":" + std::to_string(raw.line) + ": " + what};
        };
        const std::string setting = "alerts: " + raw.key + " = '" + raw.value + "'";
        if (is_rule_key(raw.key)) {
            if (Status applied = apply_rule_setting(out.rules, raw.key, raw.value, raw.line); !applied) {
                return at(config::ConfigError::value, applied.error().message);
            }
            continue;
        }
        for (const auto once : kOnce) {
            if (raw.key != once) continue;
            for (const auto& earlier : seen) {
                if (earlier == raw.key) return at(config::ConfigError::repeated, "alerts: " + raw.key + " given twice");
            }
            seen.push_back(raw.key);
        }
        Result<bool> applied = apply_delivery(out, secret_file, raw.key, raw.value);
        if (!applied) return at(config::ConfigError::value, setting + ": " + applied.error().message);
        if (!*applied) return at(config::ConfigError::unknown, "unknown key '" + raw.key + "' in section [alerts]");
        if (raw.key == "webhook_secret_file") secret_line = raw.line;
        if (raw.key == "webhook" && first_webhook_line == 0) first_webhook_line = raw.line;
    }
    apply_stale_default(out.rules, config.interval_s);
    const std::vector<ConfiguredAsset> assets = configured_assets(config);
    canonicalize_symbols(out.rules, assets);
    if (Status valid = validate_rules(out.rules, assets, config.file); !valid) return valid.error();
    if (!out.rules.ratio_below.empty()) {
        // A ratio needs liabilities: a rule without them could never be computed.
        Result<liabilities::Settings> owed = liabilities::load_settings(config);
        if (!owed) return owed.error();
        if (!owed->configured()) {
            const RuleSource& first = out.rules.ratio_below.front().source;
            return Error{config::ConfigError::missing,
                         config.file + ":" + std::to_string(first.line) + ": alerts: ratio_below = '" + first.value +
                             "': no liabilities are configured ([liabilities] file = FORMAT:PATH)"};
        }
    }
    if (out.retry.initial_s > out.retry.max_s) {
        return Error{config::ConfigError::conflict, config.file + ": alerts: retry_initial is above retry_max"};
    }
    if (!out.webhooks.empty() && secret_file.empty()) {
        return Error{config::ConfigError::missing, config.file + ":" + std::to_string(first_webhook_line) +
                                                       ": alerts: a webhook needs webhook_secret_file (its HMAC key)"};
    }
    if (!secret_file.empty()) {
        // Relative to the config file's directory, as every path of the config.
        Result<WebhookSecret> secret = WebhookSecret::load(config.resolve(secret_file));
        if (!secret) {
            return Error{config::ConfigError::value,
                         config.file + ":" + std::to_string(secret_line) + ": alerts: " + secret.error().message};
        }
        out.webhook_secret.emplace(std::move(*secret));
    }
    return out;
}

}  // namespace porwatch::alert
