// Alert rules: the `[alerts]` settings of the config as typed values, parsed exactly.
//
// Percentages are fixed-point integers (4 decimal places), durations are whole seconds,
// floor amounts keep their decimal text until the asset's decimals are known (validate.hpp
// checks them against the configured assets at load; evaluation parses them exactly with
// parse_decimal). No floating point anywhere.
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

#include "porwatch/address/address.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/duration.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::alert {

// A percentage with kPercentDecimals fixed decimals: 2.5 % is {25000}; 100 % is {1000000}.
inline constexpr unsigned kPercentDecimals = 4;
inline constexpr std::uint32_t kPercentScale = 10000;  // 10^kPercentDecimals
inline constexpr std::uint32_t kHundredPercent = 100 * kPercentScale;

struct Percent {
    std::uint32_t scaled = 0;
    friend bool operator==(const Percent&, const Percent&) = default;
};

// Parse "2.5", "10", "0.0001" (at most 4 decimals, never rounded) in [0, 100].
Result<Percent> parse_percent(std::string_view text);
// Render without trailing zeros: {25000} → "2.5", {100000} → "10".
std::string to_string(Percent percent);

// Durations (porwatch/util/duration.hpp, the one syntax of every duration): "90s", "30m",
// "24h", "7d", "2w" or a bare number of seconds ("3600") → seconds (> 0), and back.
using porwatch::format_duration;
using porwatch::parse_duration;

// Parse a UTC ISO-8601 timestamp "2024-05-01T02:00:00Z" (seconds optional; "Z" or "+00:00"
// required) into unix seconds.
Result<std::int64_t> parse_utc_timestamp(std::string_view text);
// Render unix seconds as "2024-05-01T02:00:00Z".
std::string format_utc_timestamp(std::int64_t seconds);

// Which figure of a total a rule watches: every scanned address (`units`, default) or only
// the addresses whose ownership is verified in the snapshot (`verified_units`, "proven").
// Persisted inside alert keys (":verified"); names frozen: "all", "verified".
enum class Basis {
    all,
    verified
};
std::string_view to_string(Basis basis);

// What a drop compares when the published book changed between the reference and now:
// the whole book (default) or only the addresses present in both snapshots (like for like).
// Names frozen: "book", "same_addresses".
enum class DropBasis {
    book,
    same_addresses
};
std::string_view to_string(DropBasis basis);

// Where a rule was written, for messages: the config line (0 when not from a file) and the
// value as given.
struct RuleSource {
    std::size_t line = 0;
    std::string value;
};

// The asset part of a rule: a symbol, `*`, or SYMBOL@CHAIN (one symbol on one chain); or a
// value ([prices]): `VALUE` (the snapshot's total value) or `VALUE:SYMBOL` (that asset's value),
// in the quote currency with 8 decimals.
struct AssetSelector {
    std::string asset;  // symbol or "*"; for VALUE: "" (the total) or the symbol
    std::optional<address::Chain> chain;  // set by SYMBOL@CHAIN
    bool value = false;  // VALUE or VALUE:SYMBOL
    friend bool operator==(const AssetSelector&, const AssetSelector&) = default;
};

// The word that makes a rule's asset a value: `VALUE`, `VALUE:BTC`.
inline constexpr std::string_view kValueWord = "VALUE";

// Returns: the asset part of the rule's alert keys: the symbol, "VALUE" or "VALUE:BTC".
std::string key_asset(const AssetSelector& selector);

// How closely `selector` names the asset `symbol` on `chain`: 2 = symbol and chain, 1 = the
// symbol, 0 = "*", -1 = not at all (always for a VALUE selector: values are matched by
// key_asset, never by a symbol). The highest rank wins.
int match_rank(const AssetSelector& selector, std::string_view symbol, address::Chain chain);

// `drop_percent = ASSET:PCT[:WINDOW][:BASIS]` (ASSET may be VALUE or VALUE:SYMBOL): the figure fell by PCT % or more against the
// maximum of the earlier figures within WINDOW, or against the previous figure without one.
struct DropRule {
    AssetSelector target;
    Percent percent;  // > 0
    std::optional<std::int64_t> window;  // seconds; nullopt = the previous figure
    Basis basis = Basis::all;
    RuleSource source;
};

// `floor = ASSET:AMOUNT[:BASIS]`: the figure is below AMOUNT coin units.
struct FloorRule {
    AssetSelector target;
    std::string amount;  // decimal text, syntax-checked; parsed per asset
    Basis basis = Basis::all;
    RuleSource source;
};

// `below_claim = ASSET[:PCT][:BASIS]`: figure < claimed × (100 − PCT) / 100.
struct ClaimRule {
    AssetSelector target;
    Percent tolerance;  // default 0
    Basis basis = Basis::all;
    RuleSource source;
};

// `ratio_below = ASSET:PCT[:BASIS]`: the asset's reserves (of BASIS) ÷ the net liabilities
// the exchange published, × 100, is below PCT. PCT may exceed 100 (a required over-coverage).
struct RatioRule {
    AssetSelector target;
    Units percent_scaled;  // PCT × 10^4, > 0
    Basis basis = Basis::all;
    RuleSource source;
};

// `maintenance = START/END`: notifications in [start, end) are recorded but silenced.
struct MaintenanceWindow {
    std::int64_t start = 0;  // UTC unix seconds, inclusive
    std::int64_t end = 0;  // exclusive
};

struct Rules {
    std::vector<DropRule> drops;
    std::vector<FloorRule> floors;
    std::vector<ClaimRule> below_claims;
    std::vector<RatioRule> ratio_below;
    // `liabilities_stale = on|off`: on by default; fires per asset when [liabilities] max_age is
    // set and the newest liabilities are older (or carry no height, or did not verify).
    bool liabilities_stale = true;
    // `stale_after`: per chain, seconds without a complete reading; nullopt = off. Until
    // apply_stale_default() runs, nullopt with stale_explicit false means "not set".
    std::optional<std::int64_t> stale_after;
    bool stale_explicit = false;  // stale_after was written (a duration or off)
    DropBasis drop_basis = DropBasis::book;  // `drop_basis`
    unsigned debounce = 1;  // `for`: consecutive complete snapshots to fire
    Percent resolve;  // `resolve_percent`: hysteresis, default 0
    std::vector<MaintenanceWindow> maintenance;
    // `scan --no-alerts`: the whole run is one maintenance window (states advance, notifications
    // are recorded silenced; the next delivering cycle tells receivers what changed).
    bool silence_all = false;
    bool ownership = true;  // `ownership = on|off`
    bool drift = true;  // `drift = on|off`
    bool disputed = true;  // `disputed = on|off`
    // The assets of the config's `[prices] feed`s: `price_stale:ASSET` watches each of them
    // (with stale_after). Set by load_alert_settings from the config, not from [alerts].
    std::vector<std::string> price_feeds;
};

// True for the keys apply_rule_setting understands (the config parser routes the other
// `[alerts]` keys — hook, webhook, … — elsewhere).
bool is_rule_key(std::string_view key);

// Apply one `key = value` setting (written on config line `line`, 0 if none). Repeatable keys
// (drop_percent, floor, below_claim, maintenance) append. Fails on an unknown key, a bad
// value, or a rule that duplicates an earlier one for the same asset (and window and basis);
// the message names the key and the value.
Status apply_rule_setting(Rules& rules, std::string_view key, std::string_view value, std::size_t line = 0);

// The default `stale_after` for a config polling every `interval_s`: max(3 × interval, 30m).
std::int64_t default_stale_after(std::int64_t interval_s);
// Set stale_after to default_stale_after(interval_s) unless the config set it (or `off`).
void apply_stale_default(Rules& rules, std::int64_t interval_s);

// Apply settings in order, starting from the defaults.
Result<Rules> parse_rules(std::span<const std::pair<std::string, std::string>> settings);

// True when `now` falls in a maintenance window (always with silence_all).
bool in_maintenance(const Rules& rules, std::int64_t now);

// How far back (seconds before the current snapshot) history is needed: the longest drop
// window, or 0 when only the previous complete snapshot is needed.
std::int64_t history_horizon(const Rules& rules);

}  // namespace porwatch::alert
