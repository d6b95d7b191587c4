// Internal to src/alert: helpers shared by the evaluation and validation files.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/alert/evaluate.hpp"

namespace porwatch::alert::detail {

// "kind:asset[:suffix]" (asset "" → "kind"; empty suffix parts are skipped).
std::string make_key(RuleKind kind, std::string_view asset, std::string_view suffix = {});

// The suffix of an asset key: "[WINDOW][:verified]" ("" for a plain rule of basis all).
std::string key_suffix(std::optional<std::int64_t> window, Basis basis);

// An asset rule key taken apart: "drop:BTC:1d:verified" → {drop, "BTC", 86400, verified}.
struct AssetKey {
    RuleKind kind = RuleKind::drop;
    std::string asset;
    std::optional<std::int64_t> window;
    Basis basis = Basis::all;
};
// Returns: the parts of a drop, floor, below_claim or ratio_below key; nullopt for any other key.
std::optional<AssetKey> parse_asset_key(std::string_view key);

// The prior state of `key`, or nullptr.
const AlertState* find_state(std::span<const AlertState> prior, std::string_view key);

// Render up to `limit` items joined by ", ", then "and N more".
std::string list_some(const std::vector<std::string>& items, std::size_t limit);

// The rule that applies to `symbol` on `chain` among those `match` accepts: the one naming
// SYMBOL@CHAIN, else SYMBOL, else "*" (match_rank); nullptr when none does.
template <typename Rule, typename Match>
const Rule* pick(const std::vector<Rule>& rules, std::string_view symbol, address::Chain chain, Match&& match)
{
    const Rule* best = nullptr;
    int best_rank = -1;
    for (const auto& rule : rules) {
        if (!match(rule)) continue;
        const int rank = match_rank(rule.target, symbol, chain);
        if (rank > best_rank) {
            best = &rule;
            best_rank = rank;
        }
    }
    return best;
}

// The figure a rule compares, in one shape for an asset's total ("BTC" in BTC) and for a value
// ("VALUE:BTC", "VALUE" in the quote currency with 8 decimals).
struct Figure {
    std::string asset;  // the key's asset part: "BTC", "VALUE:BTC", "VALUE"
    address::Chain chain = address::Chain::bitcoin;  // the history series it belongs to
    std::string chain_name;  // Condition::chain: the chain's name, "" for VALUE
    unsigned decimals = 0;
    std::string unit;  // shown after amounts: "BTC", "USD"
    Units units;
    Units verified_units;
    std::optional<Units> claimed_units;
    bool value = false;  // a value: no book split (addresses hold coins, not values)
};

// Returns: the figure of an asset's total.
Figure asset_figure(const snapshot::AssetTotal& total);

// An `alerts_broken:KEY` condition: KEY (of `of`) cannot be computed this cycle, because `why`.
Condition broken(const Condition& of, const std::string& why);

// How far `current` is below `reference`, in percent with 4 decimals, truncated toward zero.
std::string percent_below(const Units& reference, const Units& current);
// True when current ≤ reference × (100 − pct)/100, i.e. it fell by pct or more.
bool fell_by_at_least(const Units& reference, const Units& current, std::uint32_t pct_scaled);
// "1.50000000 LTC": `units` in the figure's decimals, with its unit.
std::string amount_text(const Units& units, const Figure& total);
// The figure of `total` a rule of `basis` compares: units or verified_units.
const Units& figure(const Figure& total, Basis basis);
// A condition of `kind` about `total` (key "kind:ASSET[:suffix]"), with both figures.
Condition asset_condition(RuleKind kind, const Figure& total, Basis basis, std::string_view suffix);

// One drop rule on one figure (rules_drop.cpp).
void evaluate_drop(const Rules& rules, const DropRule& rule, const Figure& total, const CycleInput& input,
                   std::span<const AlertState> prior, std::vector<Condition>& out);
// One floor or below_claim rule on one figure (rules_eval.cpp).
void evaluate_floor(const Rules& rules, const FloorRule& rule, const Figure& total, std::vector<Condition>& out);
void evaluate_claim(const Rules& rules, const ClaimRule& rule, const Figure& total, std::vector<Condition>& out);

// VALUE and VALUE:SYMBOL rules on the snapshot's valuation, and price_stale:ASSET
// (rules_value.cpp).
void evaluate_values(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                     std::span<const AlertState> prior, std::vector<Condition>& out);
void evaluate_price_stale(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                          std::span<const AlertState> prior, std::vector<Condition>& out);

// Figure rules (rules_eval.cpp).
void evaluate_figures(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                      std::span<const AlertState> prior, std::vector<Condition>& out);
// stale:CHAIN, and the retirement of the old global `stale` key (rules_stale.cpp).
void evaluate_stale(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                    std::span<const AlertState> prior, std::vector<Condition>& out);
// Resolve active keys nothing else evaluated although their cause is gone: alerts_broken
// keys whose key computes again or whose rule was removed, and asset keys whose rule was
// removed from the config (rules_stale.cpp).
void settle_orphans(const Rules& rules, std::span<const AlertState> prior, std::vector<Condition>& out);

// ratio_below and liabilities_stale per solvency row of the snapshot, and the settling of
// liabilities_stale keys nothing evaluates any more (rules_solvency.cpp).
void evaluate_solvency(const Rules& rules, const snapshot::Snapshot& snapshot, std::span<const AlertState> prior,
                       std::vector<Condition>& out);

// Ownership, drift and disputed conditions (rules_book.cpp).
void evaluate_ownership(const CycleInput& input, const snapshot::Snapshot& snapshot, std::span<const AlertState> prior,
                        std::vector<Condition>& out);
void evaluate_drift(const CycleInput& input, std::span<const AlertState> prior, std::vector<Condition>& out);
void evaluate_disputed(const snapshot::Snapshot& snapshot, std::vector<Condition>& out);

}  // namespace porwatch::alert::detail
