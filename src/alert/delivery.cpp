// deliver_pending: one pass over the outbox with run_hook / send_webhook.
#include "porwatch/alert/delivery.hpp"

#include <algorithm>
#include <set>

#include "porwatch/alert/hook_runner.hpp"
#include "porwatch/alert/persist.hpp"

namespace porwatch::alert {
namespace {

// What one attempt produced, before it is recorded.
struct Attempt {
    bool delivered = false;
    std::string error;
    std::optional<std::int64_t> exit_code;
    std::optional<std::int64_t> http_status;
};

// The asset part of the row's alert key ("" for stale and disputed keys).
Attempt run_hook_row(const store::OutboxRow& row, const std::string& program, const AlertSettings& settings)
{
    HookRequest request;
    request.program = program;
    request.payload = row.payload;
    request.environment = {{"PORWATCH_ALERT", row.alert_key},
                           {"PORWATCH_STATE", row.state},
                           {"PORWATCH_ASSET", asset_of_key(row.alert_key)},
                           {"PORWATCH_DELIVERY_ID", row.delivery_id}};
    request.timeout = settings.hook_timeout;
    Attempt attempt;
    Result<HookResult> ran = run_hook(request);
    if (!ran) {
        attempt.error = ran.error().message;
        return attempt;
    }
    attempt.delivered = ran->succeeded();
    if (ran->outcome == HookOutcome::exited) attempt.exit_code = ran->exit_code;
    if (!attempt.delivered) {
        attempt.error = ran->describe();
        if (!ran->output.empty()) attempt.error += ": " + ran->output.substr(0, 200);
    }
    return attempt;
}

Attempt send_webhook_row(const store::OutboxRow& row, const std::string& url, const AlertSettings& settings)
{
    Attempt attempt;
    if (!settings.webhook_secret) {
        attempt.error = "no webhook_secret_file configured";
        return attempt;
    }
    WebhookRequest request{url, row.payload, row.delivery_id, settings.webhook_timeout};
    Result<WebhookResult> sent = send_webhook(request, *settings.webhook_secret);
    if (!sent) {
        attempt.error = sent.error().message;
        return attempt;
    }
    attempt.delivered = sent->delivered();
    attempt.http_status = sent->http_status;
    if (!attempt.delivered) attempt.error = sent->describe();
    return attempt;
}

// Returns: the configured target whose hash the row recorded, or nullptr.
const std::string* find_target(const store::OutboxRow& row, const AlertSettings& settings)
{
    const auto& targets = row.target_kind == "webhook" ? settings.webhooks : settings.hooks;
    for (const auto& target : targets) {
        if (target_hash(target) == row.target_hash) return &target;
    }
    return nullptr;
}

std::string describe(const store::OutboxRow& row)
{
    return "alert " + row.alert_key + " " + row.state + " to " + row.target_kind + " " + row.target + " (delivery " +
           row.delivery_id + ", attempt " + std::to_string(row.attempts + 1) + ")";
}

}  // namespace

std::int64_t retry_delay(const RetryPolicy& policy, std::int64_t attempts,
                         const std::function<std::int64_t(std::int64_t)>& jitter)
{
    std::int64_t delay = std::max<std::int64_t>(policy.initial_s, 1);
    for (std::int64_t i = 1; i < attempts && delay < policy.max_s; ++i) delay *= 2;
    delay = std::min(delay, policy.max_s);
    if (jitter) delay += std::clamp<std::int64_t>(jitter(delay / 4), 0, delay / 4);
    return std::min(delay, policy.max_s);
}

Result<DeliveryReport> deliver_pending(store::Store& store, const AlertSettings& settings, const DeliveryEnv& env,
                                       std::size_t limit)
{
    Result<std::vector<store::OutboxRow>> queued = store.queued_deliveries(limit);
    if (!queued) return queued.error();
    DeliveryReport report;
    std::set<std::string> blocked;  // target hashes with an earlier undelivered row
    for (const auto& row : *queued) {
        const std::int64_t now = env.now();
        if (env.stop_requested && env.stop_requested()) {
            ++report.waiting;
            continue;
        }
        if (blocked.count(row.target_hash)) {
            if (row.next_attempt_at <= now) ++report.waiting;
            continue;
        }
        store::DeliveryAttempt record;
        record.outbox_id = row.id;
        record.at = now;
        const std::string* target = find_target(row, settings);
        const bool expired = now - row.created_at >= settings.retry.give_up_after_s;
        if (!target || expired) {
            record.outcome = store::AttemptOutcome::gave_up;
            record.attempted = false;
            record.error = !target ? "target no longer configured"
                                   : "not delivered within give_up_after (" +
                                         format_duration(settings.retry.give_up_after_s) + ")" +
                                         (row.last_error.empty() ? "" : "; last error: " + row.last_error);
            if (Status saved = store.record_attempt(record); !saved) return saved.error();
            ++report.gave_up;
            if (env.log) env.log(DeliveryEvent::gave_up, "gave up " + describe(row) + ": " + record.error);
            continue;
        }
        if (row.next_attempt_at > now) {
            blocked.insert(row.target_hash);  // keep this target's order
            continue;
        }
        const Attempt attempt = row.target_kind == "webhook" ? send_webhook_row(row, *target, settings)
                                                             : run_hook_row(row, *target, settings);
        record.at = env.now();
        record.error = attempt.error;
        record.exit_code = attempt.exit_code;
        record.http_status = attempt.http_status;
        if (attempt.delivered) {
            record.outcome = store::AttemptOutcome::delivered;
            ++report.delivered;
        } else {
            record.outcome = store::AttemptOutcome::retry;
            record.next_attempt_at = record.at + retry_delay(settings.retry, row.attempts + 1, env.jitter);
            blocked.insert(row.target_hash);
            ++report.retried;
        }
        if (Status saved = store.record_attempt(record); !saved) return saved.error();
        if (env.log) {
            if (attempt.delivered) {
                env.log(DeliveryEvent::delivered, "delivered " + describe(row));
            } else {
                env.log(DeliveryEvent::retry, "failed " + describe(row) + ": " + attempt.error + "; retry at " +
                                                  format_utc_timestamp(record.next_attempt_at));
            }
        }
    }
    return report;
}

}  // namespace porwatch::alert
