// The delivery worker: one pass over the durable outbox, run by the daemon after each
// committed cycle and at startup (and by `scan --once` after its commit).
//
// At-least-once: a row is marked delivered only after its hook exited 0 or its webhook got a
// 2xx, so a crash between the two repeats a delivery (receivers deduplicate on delivery_id).
// Per target, rows go out in queue order: after a failure, that target's later rows wait for
// the next pass, so a receiver never hears "resolved" before the "firing" it resolves.
// Failures are retried with capped exponential backoff plus jitter; a row older than
// give_up_after, or whose target is no longer configured, is given up (recorded and logged).
// Silenced rows (maintenance) are never fetched.
//
// Thread-safety: deliver_pending() blocks the calling thread (hooks and webhooks run one at a
// time); the Store is used by that thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "porwatch/alert/settings.hpp"
#include "porwatch/store/store.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::alert {

enum class DeliveryEvent {
    delivered,
    retry,
    gave_up
};

struct DeliveryEnv {
    std::function<std::int64_t()> now;  // UTC unix seconds
    // One line per attempt: delivered (notice), retry (warning), gave_up (error).
    std::function<void(DeliveryEvent, const std::string&)> log;
    std::function<bool()> stop_requested;  // may be empty
    // Jitter source: a value in [0, max]; empty → no jitter (tests).
    std::function<std::int64_t(std::int64_t max)> jitter;
};

struct DeliveryReport {
    std::size_t delivered = 0;
    std::size_t retried = 0;
    std::size_t gave_up = 0;
    std::size_t waiting = 0;  // due rows left for a later pass (order kept, or stopped)
};

// Returns: the delay before the next attempt after `attempts` failed ones (≥ 1):
// min(max, initial × 2^(attempts−1)) plus a jitter of up to a quarter of it, capped at max.
std::int64_t retry_delay(const RetryPolicy& policy, std::int64_t attempts,
                         const std::function<std::int64_t(std::int64_t)>& jitter);

// Deliver every due outbox row once. Fails only on a store error (then the pass stops; what
// was recorded stays recorded).
Result<DeliveryReport> deliver_pending(store::Store& store, const AlertSettings& settings, const DeliveryEnv& env,
                                       std::size_t limit = 1000);

}  // namespace porwatch::alert
