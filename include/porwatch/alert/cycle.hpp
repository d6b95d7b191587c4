// The alert state machine, per alert key:
//
//   ok ──condition──▶ pending (count < for) ──count reaches for──▶ firing   notify "firing" once
//   pending ──not met──▶ ok (silently)
//   firing ──stays──▶ firing (no repeat) ──recovered past resolve_percent──▶ ok   notify "resolved" once
//
// A key that is not evaluated this cycle (a drop of an asset whose chain failed) keeps its state.
// Inside a maintenance window transitions still happen and notifications are produced but
// marked `silenced` (recorded, not delivered); after the window, a key whose delivered state
// differs from its phase notifies once (a drop that fired during maintenance and is still
// firing is delivered; one that fired and resolved inside the window is not).
// Events (drift) notify "firing" for each cycle with changes and return to ok silently.
//
// Pure: no clock, no I/O. Thread-safety: reentrant.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "porwatch/alert/evaluate.hpp"
#include "porwatch/alert/payload.hpp"
#include "porwatch/alert/rules.hpp"
#include "porwatch/alert/state.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::alert {

struct Notification {
    Payload payload;  // payload.alert is the key, payload.state firing/resolved
    bool silenced = false;  // inside a maintenance window: record, do not deliver
};

struct StepContext {
    unsigned debounce = 1;  // Rules::debounce, applied to drop, floor and below_claim
    std::int64_t now = 0;
    bool silenced = false;  // in_maintenance(rules, now)
    PayloadContext payload;
};

struct StepResult {
    AlertState state;
    std::optional<Notification> notification;
};

// Advance one key. `prior.key` must equal `condition.key` (a fresh AlertState{key} for a key
// seen for the first time).
StepResult advance(const AlertState& prior, const Condition& condition, const StepContext& context);

struct CycleResult {
    // Every key's state after this cycle, sorted by key: the prior states of keys not
    // evaluated this cycle are carried over unchanged. Persist all of them.
    std::vector<AlertState> states;
    std::vector<Notification> notifications;  // in key order
};

// Evaluate and advance every key: the whole pure part of one alert cycle. Never fails: a
// key that cannot be computed is an alerts_broken condition (evaluate.hpp).
CycleResult run_cycle(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                      std::span<const AlertState> prior);

}  // namespace porwatch::alert
