// Alert persistence in the history store: the state of each alert key (table alert_state) and
// the durable delivery outbox (table alert_outbox), schema 003 + 004.
//
// The rows are plain strings and integers: the store sits to the left of the alert module,
// which converts its AlertState and Notification values to and from these (alert/persist.hpp).
// Notifications are inserted inside write_snapshot's transaction (a WriteHook), so a
// notification exists exactly when the snapshot that caused it does; delivery happens after
// the commit and records each attempt with Store::record_attempt.
//
// Thread-safety: values; the functions taking a SnapshotTransaction run on the writer's thread.
#pragma once

#include <cstdint>
#include <string_view>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::store {

// One alert key's persisted state (alert::AlertState field by field).
struct AlertStateRow {
    std::string key;  // "drop:BTC", "stale", …
    std::string rule;  // the key's kind: "drop", "stale", …
    std::string asset;  // "" when the key has none
    std::string state;  // frozen: "ok", "pending", "firing"
    std::int64_t consecutive = 0;
    std::int64_t since = 0;
    std::optional<std::int64_t> last_snapshot_id;
    std::optional<std::string> reference_units;  // base units, decimal text
    // The snapshot the frozen reference was read from; stored in the `detail` JSON column
    // as {"reference_snapshot_id":N} ('{}' when none).
    std::optional<std::int64_t> reference_snapshot_id;
    std::optional<std::string> last_current_units;
    std::string last_drop_percent;
    std::string last_detail;
    bool delivered_firing = false;
    std::string members;  // one address per line
    std::int64_t updated_at = 0;

    friend bool operator==(const AlertStateRow&, const AlertStateRow&) = default;
};

// A notification for one target, to queue.
struct OutboxInsert {
    std::string delivery_id;  // unique; receivers deduplicate on it
    std::int64_t created_at = 0;
    std::string alert_key;
    std::string state;  // frozen: "firing", "resolved"
    std::optional<std::int64_t> snapshot_id;
    std::string target_kind;  // frozen: "hook", "webhook"
    std::string target;  // hook path, or the webhook URL redacted
    std::string target_hash;  // hex SHA-256 of the full target
    std::string payload;  // JSON, delivered byte for byte
    bool silenced = false;  // maintenance: recorded, never delivered
};

// A queued notification and what became of it.
struct OutboxRow : OutboxInsert {
    std::int64_t id = 0;
    std::int64_t attempts = 0;
    std::int64_t next_attempt_at = 0;
    std::optional<std::int64_t> last_attempt_at;
    std::string last_error;
    std::optional<std::int64_t> last_exit_code;  // hooks
    std::optional<std::int64_t> last_http_status;  // webhooks (0: no HTTP answer)
    std::optional<std::int64_t> delivered_at;
    std::optional<std::int64_t> gave_up_at;
};

enum class AttemptOutcome {
    delivered,  // done
    retry,  // try again at next_attempt_at
    gave_up,  // never again (too old, target removed, rejected for good)
};

// The result of one delivery attempt (or of giving up without one: attempted = false).
struct DeliveryAttempt {
    std::int64_t outbox_id = 0;
    std::int64_t at = 0;
    AttemptOutcome outcome = AttemptOutcome::retry;
    bool attempted = true;  // false: given up without running anything
    std::string error;  // "" when delivered
    std::optional<std::int64_t> exit_code;
    std::optional<std::int64_t> http_status;
    std::int64_t next_attempt_at = 0;  // AttemptOutcome::retry only
};

// Alert reads and writes inside write_snapshot's transaction (a WriteHook's
// SnapshotTransaction: after the snapshot, its book and its verdicts are written, before the
// commit).
class SnapshotTransaction;

// Returns: every alert key's state, sorted by key.
Result<std::vector<AlertStateRow>> load_alert_states(SnapshotTransaction& tx);
// Insert or replace each row by key. Keys not given are left as they are.
Status save_alert_states(SnapshotTransaction& tx, std::span<const AlertStateRow> rows);
// Queue notifications (next_attempt_at = created_at). Fails on a duplicate delivery_id.
Status enqueue_deliveries(SnapshotTransaction& tx, std::span<const OutboxInsert> rows);
// Returns: the assets ever stored for an address (balance_changes), sorted; empty if none.
Result<std::vector<std::string>> stored_assets(SnapshotTransaction& tx, std::string_view chain,
                                               std::string_view address);

// One stored total of an asset on a chain that was complete in its snapshot (any snapshot
// status): what drops compare with.
struct TotalPoint {
    std::int64_t snapshot_id = 0;
    std::int64_t taken_at = 0;  // the snapshot's started_at
    std::string asset;
    std::string chain;  // "bitcoin", …
    Units units;
    // asset_totals.verified_units where the database has that column (schema 005, proven
    // reserves) and the row a value; nullopt otherwise.
    std::optional<Units> verified_units;
};

// A stored value figure, for drops of VALUE rules: a priced total's value (asset and chain
// set), or a snapshot's complete total (asset "", chain ""). Values in 10^-8 quote units.
struct ValuePoint {
    std::int64_t snapshot_id = 0;
    std::int64_t taken_at = 0;
    std::string asset;
    std::string chain;
    std::string value_units;  // integer text (may exceed 2^256)
    std::optional<std::string> verified_value_units;
};

// When a feed was last usable, for price_stale:ASSET.
struct PriceReading {
    std::string asset;
    std::optional<std::int64_t> last_priced_at;  // latest snapshot where it was priced
    std::int64_t first_seen_at = 0;  // first snapshot that read it
    bool in_last_read = false;  // read by the latest snapshot that read prices
};

// When a chain was read, for stale:CHAIN.
struct ChainReading {
    std::string chain;  // "bitcoin", …
    std::optional<std::int64_t> last_complete_at;  // latest snapshot where it was complete
    std::int64_t first_seen_at = 0;  // first snapshot that scanned it
    bool in_last_scan = false;  // scanned by the latest snapshot that scanned any chain
};

// How one asset's total on one chain changed between a reference snapshot and the snapshot
// being written: addresses that had a balance at the reference but none now (removed from
// the book), addresses with a balance now but none at the reference (added), and the rest.
struct BookSplitRow {
    std::size_t removed_addresses = 0;
    Units removed_units;  // at the reference
    std::size_t added_addresses = 0;
    Units added_units;  // now
    std::size_t same_addresses = 0;
    Units same_previous_units;
    Units same_current_units;
};

// Returns: the split of `asset` on `chain` between `reference_snapshot_id` and tx's snapshot;
// nullopt when the reference snapshot is no longer stored (thinned by retention). Without a
// book event on the chain since the reference, reads only the two totals. Fails on an SQL
// error, corrupt stored units or a sum above 2^256-1.
Result<std::optional<BookSplitRow>> book_split(SnapshotTransaction& tx, std::string_view chain, std::string_view asset,
                                               std::int64_t reference_snapshot_id);

// The latest ownership verdict of an address in the book, for one coin row.
struct VerdictRow {
    std::string chain;  // "bitcoin", …
    std::string address;  // canonical text
    std::string coin;  // as published
    std::string status;  // frozen stored name: "verified", "failed", …
};

// What a delivery log query returns.
struct DeliveryLogQuery {
    std::size_t limit = 50;  // newest first
    bool undelivered_only = false;  // pending rows (not delivered, not given up)
};

}  // namespace porwatch::store
