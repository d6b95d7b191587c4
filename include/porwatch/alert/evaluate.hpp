// Alert evaluation: one cycle's inputs (the snapshot, the history of complete snapshots,
// the address-book diff, ownership verdicts, the time) → one Condition per alert key.
//
// Fail closed: drops, floors and below_claim are evaluated only on complete snapshots; on a
// partial or failed snapshot their keys are "not evaluated" (they can neither fire nor
// resolve). `stale` is evaluated every cycle. All percent arithmetic is exact integer
// arithmetic on Units (widened to 512 bits); no floating point.
//
// Pure: no clock (the caller passes `now`), no I/O. Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/alert/rules.hpp"
#include "porwatch/alert/state.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/snapshot/snapshot.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::alert {

// The total of one asset in one earlier complete snapshot.
struct HistoryPoint {
    std::int64_t taken_at = 0;   // UTC unix seconds, same clock as CycleInput::taken_at
    std::string asset;
    Units units;
};

// One address added to or removed from the published book since the previous cycle.
struct BookChange {
    std::string asset;
    std::string address;         // canonical text
};

struct BookDiff {
    std::vector<BookChange> added;
    std::vector<BookChange> removed;
};

// The ownership verdict of one address of the current book.
struct OwnershipObservation {
    std::string asset;
    std::string address;
    std::optional<proof::ProofStatus> previous;  // nullopt: the address is new in the book
    proof::ProofStatus current = proof::ProofStatus::failed;
    std::string reason;                          // ProofResult::reason of `current`
};

struct CycleInput {
    std::optional<std::int64_t> snapshot_id;     // the stored snapshot's id, if any
    std::int64_t taken_at = 0;                   // when this snapshot was taken (UTC unix s)
    std::int64_t now = 0;                        // this cycle's time (UTC unix s)
    // Totals of earlier COMPLETE snapshots (any order) covering history_horizon(rules)
    // before taken_at, and at least the most recent one. Points at or after taken_at are
    // ignored.
    std::vector<HistoryPoint> history;
    // When the last complete snapshot before this one was taken; nullopt if none ever.
    std::optional<std::int64_t> last_complete_at;
    // When watching began (first daemon start); staleness counts from here if no complete
    // snapshot exists yet.
    std::int64_t watch_started_at = 0;
    BookDiff book_diff;
    std::vector<OwnershipObservation> ownership; // every address of the current book
    // True when there is no earlier book to compare with (first run): nothing is "new".
    bool first_book = false;
};

// The evaluation of one alert key in one cycle.
struct Condition {
    std::string key;             // "drop:BTC", "drop:BTC:1d", "floor:LTC", "stale", …
    RuleKind kind = RuleKind::drop;
    std::string asset;           // "" for stale and disputed
    std::string chain;           // "bitcoin", …; "" for stale
    bool fire = false;           // beyond the firing threshold
    bool recovered = true;       // past the resolve threshold (hysteresis) — used when firing
    bool event = false;          // drift: each cycle with changes notifies; no resolve
    // previous_units in the payload: the level fallen from (drop), the floor, or the claim.
    std::optional<Units> reference_units;
    std::optional<Units> current_units;
    std::string drop_percent;    // exact percent fallen below reference, truncated to 4 places
    std::string window;          // "1d", … for windowed drops; "" otherwise
    std::string detail;          // human sentence
    std::vector<std::string> members;  // ownership: offending addresses, sorted
};

// Evaluate every rule. A key with no Condition is not evaluated this cycle (drops, floors and
// below_claim on a partial or failed snapshot; an asset absent from the snapshot; a failed
// chain for `disputed`): its state is kept as is. `prior` (the persisted states) provides the frozen reference of a
// pending/firing drop and the offending addresses of an ownership alert.
// Fails when a floor amount has more decimals than its asset, or an asset symbol appears on
// two chains in the snapshot (configuration errors; the message names the rule).
Result<std::vector<Condition>> evaluate(const Rules& rules, const snapshot::Snapshot& snapshot,
                                        const CycleInput& input,
                                        std::span<const AlertState> prior);

}  // namespace porwatch::alert
