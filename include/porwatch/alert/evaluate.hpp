// Alert evaluation: one cycle's inputs (the snapshot, the history of earlier figures, the
// chains' reading times, the address-book diff, ownership verdicts, the time) → one Condition
// per alert key.
//
// Per chain, fail closed: drops, floors and below_claim are evaluated for every asset of the
// chains that are complete in this snapshot, whatever the other chains did (a failed ETH node
// never silences a BTC drain). History comparisons use the earlier figures of the same
// (asset, chain), from any snapshot where that chain was complete, so a drain during an
// outage is compared with the figure before the outage and fires when the chain is back.
// `stale:CHAIN` is evaluated every cycle for every watched chain. A rule that cannot be
// computed for one key (a floor finer than the asset, one symbol on two chains, a book split
// the store could not read) yields an `alerts_broken:KEY` condition and never stops the
// others. All percent arithmetic is exact integer arithmetic on Units (widened to 512 bits).
//
// Pure: no clock (the caller passes `now`), no I/O (the book split is read through a
// function the caller provides). Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <functional>
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

// The total of one asset on one chain in one earlier snapshot where that chain was complete;
// or a value figure: asset "VALUE:BTC" (that total's value, its chain) or "VALUE" (a complete
// total value, chain ethereum), in 10^-8 quote units.
struct HistoryPoint {
    std::int64_t taken_at = 0;  // UTC unix seconds, same clock as CycleInput::taken_at
    std::string asset;
    address::Chain chain = address::Chain::bitcoin;
    Units units;
    // The proven part (AssetTotal::verified_units); nullopt when the store has none for this
    // snapshot (stored before verified totals existed): such points serve basis `all` only.
    std::optional<Units> verified_units;
    std::optional<std::int64_t> snapshot_id;  // the stored snapshot, for the book split
};

// When a chain was last read completely, for `stale:CHAIN` (`stale:NAME` for [evm.NAME]).
struct ChainHistory {
    address::Chain chain = address::Chain::bitcoin;
    std::optional<std::int64_t> last_complete_at;  // nullopt: never complete
    std::optional<std::int64_t> first_seen_at;  // first snapshot that scanned it
    bool in_last_scan = false;  // scanned by the latest snapshot with chains
    std::string source;  // NAME of an [evm.NAME] chain (chain ethereum); "" for the built-in chains
};

// When a feed's price was last usable, for `price_stale:ASSET`.
struct PriceHistory {
    std::string asset;
    std::optional<std::int64_t> last_priced_at;  // nullopt: never priced
    std::optional<std::int64_t> first_seen_at;  // first snapshot that read it
    bool in_last_read = false;  // read by the latest snapshot that read prices
};

// One address added to or removed from the published book since the previous cycle.
struct BookChange {
    std::string asset;
    std::string address;  // canonical text
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
    std::string reason;  // ProofResult::reason of `current`
};

// How the change of one asset's total between a reference snapshot and now divides between
// the book and the balances: addresses removed from the book (their balance at the
// reference), addresses added (their balance now), and addresses present in both.
struct BookSplit {
    std::int64_t reference_snapshot_id = 0;
    std::size_t removed_addresses = 0;
    Units removed_units;
    std::size_t added_addresses = 0;
    Units added_units;
    std::size_t same_addresses = 0;
    Units same_previous_units;  // the addresses in both, at the reference
    Units same_current_units;  // the same addresses now
};

// What the caller's split reader is asked: `asset` on `chain` now vs the stored snapshot
// `reference_snapshot_id`.
struct BookSplitQuery {
    std::string asset;
    address::Chain chain = address::Chain::bitcoin;
    std::int64_t reference_snapshot_id = 0;
};

// Returns the split; nullopt when the reference snapshot is no longer stored (thinned).
// Fails on a store error.
using BookSplitReader = std::function<Result<std::optional<BookSplit>>(const BookSplitQuery&)>;

struct CycleInput {
    std::optional<std::int64_t> snapshot_id;  // the stored snapshot's id, if any
    std::int64_t taken_at = 0;  // when this snapshot was taken (UTC unix s)
    std::int64_t now = 0;  // this cycle's time (UTC unix s)
    // Earlier figures (any order) covering history_horizon(rules) before taken_at, and at
    // least the most recent one of each (asset, chain). Points at or after taken_at are ignored.
    std::vector<HistoryPoint> history;
    // Every chain ever scanned, with when it was last complete (before this snapshot).
    std::vector<ChainHistory> chains;
    // Every feed ever read, with when it was last usable (before this snapshot).
    std::vector<PriceHistory> prices;
    // When watching began (first daemon start); staleness of a chain never seen counts from here.
    std::int64_t watch_started_at = 0;
    BookDiff book_diff;
    std::vector<OwnershipObservation> ownership;  // every address of the current book
    // True when there is no earlier book to compare with (first run): nothing is "new".
    bool first_book = false;
    // Reads the book split of a drop (empty: no split is shown, same_addresses falls back to
    // the whole book and says so).
    BookSplitReader book_split;
};

// What a ratio_below or liabilities_stale condition reports of the asset's coverage
// (snapshot::Solvency): percents as exact text ("104.56", truncated), amounts in base units.
struct SolvencyFigures {
    std::optional<std::string> ratio_percent;  // observed reserves ÷ liabilities
    std::optional<std::string> verified_ratio_percent;  // proven reserves ÷ liabilities
    std::optional<std::string> threshold_percent;  // the rule's PCT (ratio_below)
    std::optional<std::string> liabilities_units;  // net, in liabilities_decimals
    unsigned liabilities_decimals = 8;
    std::optional<std::uint64_t> liabilities_height;  // the file's own height
    std::string liabilities_format;
    std::string liabilities_file;
    std::optional<std::uint64_t> reserves_height;
    std::optional<std::int64_t> age_blocks;
    std::optional<std::uint64_t> max_age_blocks;

    friend bool operator==(const SolvencyFigures&, const SolvencyFigures&) = default;
};

// The evaluation of one alert key in one cycle.
struct Condition {
    std::string key;  // "drop:BTC", "drop:BTC:1d", "floor:LTC:verified", "stale:bitcoin", …
    RuleKind kind = RuleKind::drop;
    std::string asset;  // "" for stale and disputed
    std::string chain;  // "bitcoin", …
    bool fire = false;  // beyond the firing threshold
    bool recovered = true;  // past the resolve threshold (hysteresis) — used when firing
    bool event = false;  // drift: each cycle with changes notifies; no resolve
    // previous_units in the payload: the level fallen from (drop), the floor, or the claim.
    std::optional<Units> reference_units;
    std::optional<Units> current_units;  // the figure compared (of `basis`)
    std::string drop_percent;  // exact percent fallen below reference, truncated to 4 places
    std::string window;  // "1d", … for windowed drops; "" otherwise
    std::string detail;  // human sentence
    std::vector<std::string> members;  // ownership: offending addresses, sorted
    // Asset rules: the basis compared, and both figures of the total now.
    std::optional<Basis> basis;
    std::optional<Units> units;
    std::optional<Units> verified_units;
    // Drops: what a new pending/firing state freezes as its reference (the reference total
    // of the whole book and its snapshot), which basis compared, and the book split.
    std::optional<Units> freeze_units;
    std::optional<std::int64_t> freeze_snapshot_id;
    std::optional<DropBasis> drop_basis;
    std::optional<BookSplit> book_split;
    // ratio_below and liabilities_stale: the coverage behind the condition.
    std::optional<SolvencyFigures> solvency;
};

// Evaluate every rule. A key with no Condition is not evaluated this cycle (an asset whose
// chain is not complete in this snapshot; a failed chain for `disputed`): its state is kept as
// is. `prior` (the persisted states) provides the frozen reference of a pending/firing drop,
// the offending addresses of an ownership alert, and the keys to retire or resolve (the old
// global `stale`, alerts_broken keys whose rule computes again, keys whose rule was removed).
std::vector<Condition> evaluate(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                                std::span<const AlertState> prior);

}  // namespace porwatch::alert
