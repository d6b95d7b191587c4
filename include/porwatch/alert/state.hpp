// The persisted state of one alert key: what the store saves after every cycle and loads at
// start, so that a restart neither re-fires an alert nor forgets one.
//
// Store it field by field: enums by their frozen to_string() names, Units as decimal text
// (porwatch::to_string / parse_units), `members` one address per line.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/util/amount.hpp"
#include "porwatch/util/enum_names.hpp"

namespace porwatch::alert {

// The first part of every alert key; names are frozen (persisted inside keys):
// "drop", "floor", "below_claim", "stale", "ownership", "drift", "disputed", "alerts_broken",
// "ratio_below", "liabilities_stale", "price_stale".
// Keys: "drop:ASSET[:WINDOW][:verified]", "floor:ASSET[:verified]",
// "below_claim:ASSET[:verified]", "stale:CHAIN" (a legacy global "stale" key is retired),
// "ownership:ASSET", "drift:ASSET", "disputed:CHAIN", "alerts_broken:<the key>",
// "ratio_below:ASSET[:verified]", "liabilities_stale:ASSET", "price_stale:ASSET".
// ASSET of drop, floor and below_claim may be VALUE or VALUE:SYMBOL.
enum class RuleKind {
    drop,
    floor,
    below_claim,
    stale,
    ownership,
    drift,
    disputed,
    alerts_broken,
    ratio_below,
    liabilities_stale,
    price_stale
};
std::string_view to_string(RuleKind kind);
// Returns: the asset a key is about ("LTC" for drop:LTC:1d and alerts_broken:floor:LTC,
// "VALUE:BTC" for drop:VALUE:BTC:1d, "BTC" for price_stale:BTC; "" for
// stale:CHAIN, disputed:CHAIN and keys without one).
std::string asset_of_key(std::string_view key);

// Persisted by name; names are frozen: "ok", "pending", "firing".
enum class AlertPhase {
    ok,
    pending,
    firing
};
inline constexpr std::array kAllAlertPhases{AlertPhase::ok, AlertPhase::pending, AlertPhase::firing};
std::string_view to_string(AlertPhase phase);
std::optional<AlertPhase> alert_phase_from_string(std::string_view name);

struct AlertState {
    std::string key;  // "drop:BTC", "drop:ETH:1d", "stale", …
    AlertPhase phase = AlertPhase::ok;
    unsigned pending_count = 0;  // consecutive complete snapshots with the condition
    std::int64_t since = 0;  // cycle time (UTC unix s) the phase was entered
    // Drop rules: the level the total fell from, frozen when the condition began (pending)
    // and kept while firing, so that "stays low" is still a drop and recovery is measured
    // against the level before the fall. nullopt in phase ok.
    std::optional<Units> reference_units;
    // The stored snapshot the frozen reference was read from (drops; nullopt for states
    // saved before it was recorded), so that the book split can compare with it.
    std::optional<std::int64_t> reference_snapshot_id;
    // The figures of the last evaluation (payload of a deferred notification).
    std::optional<Units> last_current_units;
    std::string last_drop_percent;
    std::string last_detail;
    // True when receivers were last told "firing" (not silenced). Lets a notification
    // silenced by maintenance be delivered once the window ends, if still relevant.
    bool delivered_firing = false;
    // Ownership: the offending addresses, sorted.
    std::vector<std::string> members;

    friend bool operator==(const AlertState&, const AlertState&) = default;
};

}  // namespace porwatch::alert
