// The alert engine's side of persistence: AlertState ↔ store::AlertStateRow, notifications →
// outbox rows (one per notification and target), and the one call that saves a cycle inside
// the snapshot's transaction.
//
// Delivery ids are "<snapshot_id>-<key>-<state>-<first 12 hex of SHA-256(target)>": stable for
// one notification to one target, so a receiver deduplicates on it across retries and
// restarts. Webhook URLs are stored redacted (their paths carry tokens); the hash finds the
// configured URL again at delivery.
//
// Pure except save_cycle (which writes through the snapshot's transaction). Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "porwatch/alert/cycle.hpp"
#include "porwatch/alert/settings.hpp"
#include "porwatch/store/alerts.hpp"
#include "porwatch/store/store.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::alert {

// Returns: the row for `state` as saved after a cycle at `now` for `snapshot_id`.
store::AlertStateRow to_row(const AlertState& state, std::optional<std::int64_t> snapshot_id, std::int64_t now);
// Fails on a stored row that porwatch did not write (unknown state, corrupt units).
Result<AlertState> from_row(const store::AlertStateRow& row);
// Convert every row; fails on the first bad one (naming its key).
Result<std::vector<AlertState>> from_rows(std::span<const store::AlertStateRow> rows);

// Returns: hex SHA-256 of a target (hook path or full webhook URL).
std::string target_hash(const std::string& target);

// Returns: one outbox row per notification and configured target (hooks, then webhooks).
// A silenced notification gets its rows too, marked silenced (recorded, never delivered).
std::vector<store::OutboxInsert> outbox_rows(std::span<const Notification> notifications, const AlertSettings& settings,
                                             std::int64_t created_at);

// Save a cycle's result inside the snapshot's transaction: every state, and the outbox rows.
Status save_cycle(store::SnapshotTransaction& tx, const CycleResult& result, const AlertSettings& settings,
                  std::int64_t snapshot_id, std::int64_t now);

}  // namespace porwatch::alert
