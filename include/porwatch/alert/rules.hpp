// Alert rules: the `[alerts]` settings of the config as typed values, parsed exactly.
//
// Percentages are fixed-point integers (4 decimal places), durations are whole seconds,
// floor amounts keep their decimal text until the asset's decimals are known (they are
// parsed exactly with parse_decimal at evaluation). No floating point anywhere.
//
// Pure: no clock, no I/O. Thread-safety: values; functions are reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/util/result.hpp"

namespace porwatch::alert {

// A percentage with kPercentDecimals fixed decimals: 2.5 % is {25000}; 100 % is {1000000}.
inline constexpr unsigned kPercentDecimals = 4;
inline constexpr std::uint32_t kPercentScale = 10000;          // 10^kPercentDecimals
inline constexpr std::uint32_t kHundredPercent = 100 * kPercentScale;

struct Percent {
    std::uint32_t scaled = 0;
    friend bool operator==(const Percent&, const Percent&) = default;
};

// Parse "2.5", "10", "0.0001" (at most 4 decimals, never rounded) in [0, 100].
Result<Percent> parse_percent(std::string_view text);
// Render without trailing zeros: {25000} → "2.5", {100000} → "10".
std::string to_string(Percent percent);

// Parse "90s", "30m", "24h", "7d", "2w" into seconds (> 0). A unit is required.
Result<std::int64_t> parse_duration(std::string_view text);
// Render seconds with the largest exact unit: 86400 → "1d", 5400 → "90m", 45 → "45s".
std::string format_duration(std::int64_t seconds);

// Parse a UTC ISO-8601 timestamp "2024-05-01T02:00:00Z" (seconds optional; "Z" or "+00:00"
// required) into unix seconds.
Result<std::int64_t> parse_utc_timestamp(std::string_view text);
// Render unix seconds as "2024-05-01T02:00:00Z".
std::string format_utc_timestamp(std::int64_t seconds);

// `drop_percent = ASSET:PCT[:WINDOW]`: the total fell by PCT % or more against the maximum
// of the previous complete snapshots within WINDOW, or against the previous complete
// snapshot when there is no window.
struct DropRule {
    std::string asset;                     // symbol or "*"
    Percent percent;                       // > 0
    std::optional<std::int64_t> window;    // seconds; nullopt = previous complete snapshot
};

// `floor = ASSET:AMOUNT`: the total is below AMOUNT coin units.
struct FloorRule {
    std::string asset;                     // symbol or "*"
    std::string amount;                    // decimal text, syntax-checked; parsed per asset
};

// `below_claim = ASSET[:PCT]`: observed < claimed × (100 − PCT) / 100.
struct ClaimRule {
    std::string asset;                     // symbol or "*"
    Percent tolerance;                     // default 0
};

// `maintenance = START/END`: notifications in [start, end) are recorded but silenced.
struct MaintenanceWindow {
    std::int64_t start = 0;                // UTC unix seconds, inclusive
    std::int64_t end = 0;                  // exclusive
};

struct Rules {
    std::vector<DropRule> drops;
    std::vector<FloorRule> floors;
    std::vector<ClaimRule> below_claims;
    std::optional<std::int64_t> stale_after;   // seconds; nullopt = no stale alert
    unsigned debounce = 1;                     // `for`: consecutive complete snapshots to fire
    Percent resolve;                           // `resolve_percent`: hysteresis, default 0
    std::vector<MaintenanceWindow> maintenance;
    bool ownership = true;                     // `ownership = on|off`
    bool drift = true;                         // `drift = on|off`
    bool disputed = true;                      // `disputed = on|off`
};

// True for the keys apply_rule_setting understands (the config parser routes the other
// `[alerts]` keys — hook, webhook, … — elsewhere).
bool is_rule_key(std::string_view key);

// Apply one `key = value` setting. Repeatable keys (drop_percent, floor, below_claim,
// maintenance) append. Fails on an unknown key, a bad value, or a rule that duplicates an
// earlier one for the same asset (and window); the message names the key and the value.
Status apply_rule_setting(Rules& rules, std::string_view key, std::string_view value);

// Apply settings in order, starting from the defaults.
Result<Rules> parse_rules(std::span<const std::pair<std::string, std::string>> settings);

// True when `now` falls in a maintenance window.
bool in_maintenance(const Rules& rules, std::int64_t now);

// How far back (seconds before the current snapshot) history is needed: the longest drop
// window, or 0 when only the previous complete snapshot is needed.
std::int64_t history_horizon(const Rules& rules);

}  // namespace porwatch::alert
