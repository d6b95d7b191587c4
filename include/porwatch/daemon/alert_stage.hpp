// Alerts in the watch cycle: what is read before a cycle, the AlertStage that evaluates and
// persists inside the snapshot's transaction, and the delivery that follows the commit.
//
//   read_alert_prior (before the cycle: the totals of every chain that was complete, for
//   history_horizon and the latest of each (asset, chain); when each chain was last
//   complete; the first snapshot; the book's verdicts before)
//   → run_cycle's write: make_alert_stage (prior states, book diff from the WriteReport,
//   ownership previous vs current, alert::run_cycle, states + outbox rows, one transaction)
//   → commit → alert::deliver_pending.
//
// A rule that cannot be computed is an alerts_broken alert (never an evaluation failure); a
// book split is read inside the transaction (store::book_split). An SQL error never loses the
// snapshot: the stage's writes are undone with a savepoint, the error is reported in
// AlertOutcome and logged by the caller, and the snapshot commits without them.
//
// Thread-safety: used by the cycle's thread. Ownership: the stage keeps references to the
// settings and the outcome, which must outlive the cycle.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/alert/cycle.hpp"
#include "porwatch/alert/delivery.hpp"
#include "porwatch/alert/settings.hpp"
#include "porwatch/daemon/cycle.hpp"
#include <unordered_map>

#include "porwatch/daemon/log.hpp"
#include "porwatch/store/store.hpp"

namespace porwatch::daemon {

// What the alert evaluation needs from before this cycle's write.
struct AlertPrior {
    std::vector<alert::HistoryPoint> history;  // totals of chains that were complete
    std::vector<alert::ChainHistory> chains;  // when each chain was last complete
    std::vector<alert::PriceHistory> prices;  // when each feed was last usable
    std::optional<std::int64_t> watch_started_at;  // nullopt: this is the first snapshot
    bool first_book = true;  // no address was ever in the book
    // "chain\naddress\ncoin" → verdict; hashed: one lookup per book row each cycle.
    std::unordered_map<std::string, proof::ProofStatus> verdicts;
};

// Check the rules against what the database can answer: a `:verified` drop needs stored
// verified totals (asset_totals.verified_units). Fails with "FILE:LINE: alerts: …" (the
// rule's line in `config_file`) or a store error.
Status check_alerts_against_store(const alert::AlertSettings& settings, const store::Store& store,
                                  const std::string& config_file);

// Read the prior from the store. `now` is about when the cycle starts.
Result<AlertPrior> read_alert_prior(const store::Store& store, const alert::Rules& rules, std::int64_t now);

struct AlertOutcome {
    std::vector<alert::Notification> notifications;  // queued (or recorded if silenced)
    std::size_t states = 0;
    std::string error;  // "" when alerts were saved
};

// Returns: the AlertStage for daemon::CycleHooks.
AlertStage make_alert_stage(const alert::AlertSettings& settings, AlertPrior prior, AlertOutcome& outcome);

// Returns: the environment for alert::deliver_pending with the logger's levels: delivered →
// notice, retry → warning, gave up → error.
alert::DeliveryEnv delivery_env(Logger& logger, std::function<std::int64_t()> now,
                                std::function<bool()> stop_requested = {});

// Read the prior and set hooks.alert_stage for one cycle (outcome receives what it did).
// Returns false after logging when the prior cannot be read: the cycle runs without alerts
// (their states are kept as they are).
bool attach_alerts(const alert::AlertSettings& settings, const store::Store& store, CycleHooks& hooks,
                   AlertOutcome& outcome, Logger& logger);

// Deliver the queued outbox rows (after a commit, and at startup). Store errors are logged.
void deliver_alerts(const alert::AlertSettings& settings, store::Store& store, Logger& logger,
                    std::function<std::int64_t()> now, std::function<bool()> stop_requested = {});

// Log what the stage did: one notice per notification, an error for a failed evaluation.
void log_alert_outcome(Logger& logger, const AlertOutcome& outcome);

}  // namespace porwatch::daemon
