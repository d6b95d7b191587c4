// ratio_below:ASSET[:verified] and liabilities_stale:ASSET, per solvency row of the snapshot
// (snapshot::Solvency), and the settling of their keys once no liabilities list the asset.
// Ratios are compared exactly (snapshot::ratio_below: unbounded integers, no rounding).
#include <algorithm>

#include "eval_detail.hpp"
#include "porwatch/snapshot/solvency.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::alert::detail {
namespace {

using snapshot::Solvency;
using snapshot::SolvencyStatus;

std::string percent_text(const Units& scaled)
{
    std::string text = format_decimal(scaled, kPercentDecimals);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

SolvencyFigures figures_of(const Solvency& s)
{
    SolvencyFigures f;
    if (s.ratio_hundredths) f.ratio_percent = snapshot::format_ratio(*s.ratio_hundredths);
    if (s.verified_ratio_hundredths) f.verified_ratio_percent = snapshot::format_ratio(*s.verified_ratio_hundredths);
    if (s.liabilities_units) f.liabilities_units = porwatch::to_string(*s.liabilities_units);
    f.liabilities_decimals = s.liabilities_decimals;
    f.liabilities_height = s.liabilities_height;
    if (s.liabilities_format) f.liabilities_format = std::string(liabilities::to_string(*s.liabilities_format));
    f.liabilities_file = s.liabilities_file;
    f.reserves_height = s.reserves_height;
    f.age_blocks = s.age_blocks;
    f.max_age_blocks = s.max_age_blocks;
    return f;
}

// A condition about row `s` of kind `kind` (key "kind:ASSET[:verified]").
Condition solvency_condition(RuleKind kind, const Solvency& s, std::optional<Basis> basis)
{
    Condition c;
    c.key = make_key(kind, s.asset, basis ? key_suffix(std::nullopt, *basis) : "");
    c.kind = kind;
    c.asset = s.asset;
    c.chain = std::string(address::to_string(s.chain));
    c.basis = basis;
    c.units = s.units;
    c.verified_units = s.verified_units;
    if (basis) c.current_units = *basis == Basis::verified ? s.verified_units : s.units;
    c.solvency = figures_of(s);
    return c;
}

void evaluate_ratio(const Rules& rules, const RatioRule& rule, const Solvency& s, std::vector<Condition>& out)
{
    Condition c = solvency_condition(RuleKind::ratio_below, s, rule.basis);
    c.solvency->threshold_percent = percent_text(rule.percent_scaled);
    if (s.status == SolvencyStatus::liabilities_failed) {
        Condition b = broken(c, s.reason);
        b.solvency = c.solvency;
        out.push_back(std::move(b));
        return;
    }
    const Units& reserves = rule.basis == Basis::verified ? *s.verified_units : *s.units;
    const std::optional<Units>& ratio =
        rule.basis == Basis::verified ? s.verified_ratio_hundredths : s.ratio_hundredths;
    const std::string label = s.asset + (rule.basis == Basis::verified ? " proven" : "") + " reserves";
    if (!s.liabilities_units || *s.liabilities_units == 0) {
        c.detail = label + " cover no liabilities: " + s.liabilities_file + " lists " + s.asset + " at 0";
        out.push_back(std::move(c));
        return;
    }
    c.fire =
        snapshot::ratio_below(reserves, s.decimals, *s.liabilities_units, s.liabilities_decimals, rule.percent_scaled);
    // Hysteresis: back at PCT + resolve_percent.
    c.recovered = !snapshot::ratio_below(reserves, s.decimals, *s.liabilities_units, s.liabilities_decimals,
                                         rule.percent_scaled + rules.resolve.scaled);
    c.detail = label + " " + format_decimal(reserves, s.decimals) +
               (s.reserves_height ? " @ " + std::to_string(*s.reserves_height) : std::string(" (chain not scanned)")) +
               " are " + snapshot::format_ratio(*ratio) + "% of the net liabilities " +
               format_decimal(*s.liabilities_units, s.liabilities_decimals) + " " + s.asset + " (" +
               c.solvency->liabilities_format + " " + s.liabilities_file +
               (s.liabilities_height ? " @ " + std::to_string(*s.liabilities_height) : std::string()) + "; rule " +
               *c.solvency->threshold_percent + "%)";
    out.push_back(std::move(c));
}

void evaluate_age(const Solvency& s, std::vector<Condition>& out)
{
    if (!s.max_age_blocks) return;
    Condition c = solvency_condition(RuleKind::liabilities_stale, s, std::nullopt);
    if (s.status == SolvencyStatus::liabilities_failed) {
        c.fire = true;
        c.recovered = false;
        c.detail = s.asset + ": no verified liabilities: " + s.reason;
    } else if (s.stale) {
        c.fire = true;
        c.recovered = false;
        c.detail = s.asset + ": " + s.stale_reason;
    } else if (s.age_blocks) {
        c.detail = s.asset + ": the liabilities are " + std::to_string(*s.age_blocks) +
                   " blocks older than the reserves (max_age " + std::to_string(*s.max_age_blocks) + " blocks)";
    } else {
        return;  // the age is not known this snapshot (the reserves' chain was not read)
    }
    out.push_back(std::move(c));
}

// ratio_below = VALUE:PCT[:BASIS] on the snapshot's ratio in value. Evaluated only when the
// aggregate is complete (nothing owed left out); a liabilities file that failed makes the rule
// broken; anything else missing (a chain, a price) holds the state: stale:CHAIN and
// price_stale say why.
void evaluate_value_ratio(const Rules& rules, const RatioRule& rule, const snapshot::Snapshot& snapshot,
                          std::vector<Condition>& out)
{
    if (!snapshot.aggregate_solvency) return;
    const snapshot::AggregateSolvency& a = *snapshot.aggregate_solvency;
    Condition c;
    c.key = make_key(RuleKind::ratio_below, std::string(kValueWord), key_suffix(std::nullopt, rule.basis));
    c.kind = RuleKind::ratio_below;
    c.asset = std::string(kValueWord);
    c.basis = rule.basis;
    SolvencyFigures f;
    if (a.ratio_hundredths) f.ratio_percent = snapshot::format_ratio(*a.ratio_hundredths);
    if (a.verified_ratio_hundredths) f.verified_ratio_percent = snapshot::format_ratio(*a.verified_ratio_hundredths);
    f.threshold_percent = percent_text(rule.percent_scaled);
    f.liabilities_units = prices::to_string(a.liabilities_value);
    f.liabilities_decimals = prices::kValueDecimals;
    f.liabilities_format = "value:" + a.quote;
    c.solvency = f;
    if (!a.complete) {
        if (!a.liabilities_failed) return;
        Condition b = broken(c, snapshot::describe(a));
        b.solvency = c.solvency;
        out.push_back(std::move(b));
        return;
    }
    const prices::Value& reserves = rule.basis == Basis::verified ? a.verified_reserves_value : a.reserves_value;
    const std::string label =
        std::string("the value of ") + (rule.basis == Basis::verified ? "proven " : "") + "reserves";
    if (a.liabilities_value == 0) {
        c.detail = label + " covers no liabilities: they are worth 0 " + a.quote;
        out.push_back(std::move(c));
        return;
    }
    c.fire = snapshot::value_ratio_below(reserves, a.liabilities_value, rule.percent_scaled);
    c.recovered =
        !snapshot::value_ratio_below(reserves, a.liabilities_value, rule.percent_scaled + rules.resolve.scaled);
    const auto& ratio = rule.basis == Basis::verified ? a.verified_ratio_hundredths : a.ratio_hundredths;
    c.detail = label + " " + prices::format_value(reserves) + " " + a.quote + " are " + snapshot::format_ratio(*ratio) +
               "% of the net liabilities' value " + prices::format_value(a.liabilities_value) + " " + a.quote + " (" +
               join(a.included, ", ") + "; rule " + *f.threshold_percent + "%)";
    out.push_back(std::move(c));
}

Condition settled(const AlertState& state, RuleKind kind, const std::string& asset, std::string detail)
{
    Condition c;
    c.key = state.key;
    c.kind = kind;
    c.asset = asset;
    c.fire = false;
    c.recovered = true;
    c.detail = std::move(detail);
    return c;
}

}  // namespace

void evaluate_solvency(const Rules& rules, const snapshot::Snapshot& snapshot, std::span<const AlertState> prior,
                       std::vector<Condition>& out)
{
    std::vector<Basis> bases;
    for (const auto& r : rules.ratio_below) {
        if (std::find(bases.begin(), bases.end(), r.basis) == bases.end()) bases.push_back(r.basis);
    }
    for (const auto& r : rules.ratio_below) {
        if (r.target.value) evaluate_value_ratio(rules, r, snapshot, out);
    }
    for (const Solvency& s : snapshot.solvency) {
        // Reserves that were not read neither fire nor resolve (stale:CHAIN says so).
        if (s.status == SolvencyStatus::reserves_missing) continue;
        for (const Basis basis : bases) {
            const auto* rule =
                pick(rules.ratio_below, s.asset, s.chain, [&](const RatioRule& r) { return r.basis == basis; });
            if (rule) evaluate_ratio(rules, *rule, s, out);
        }
        if (rules.liabilities_stale) evaluate_age(s, out);
    }
    // Keys of assets no liabilities list any more (or with staleness turned off) resolve once.
    const std::string ratio_prefix = std::string(to_string(RuleKind::ratio_below)) + ":";
    const std::string stale_prefix = std::string(to_string(RuleKind::liabilities_stale)) + ":";
    const std::string broken_prefix = std::string(to_string(RuleKind::alerts_broken)) + ":" + ratio_prefix;
    for (const auto& state : prior) {
        if (state.phase == AlertPhase::ok) continue;
        if (std::any_of(out.begin(), out.end(), [&](const Condition& c) { return c.key == state.key; })) continue;
        const bool stale_key = state.key.starts_with(stale_prefix);
        if (!stale_key && !state.key.starts_with(ratio_prefix) && !state.key.starts_with(broken_prefix)) continue;
        const std::string asset = asset_of_key(state.key);
        if (asset == kValueWord) continue;  // settled when its rule goes (settle_orphans)
        const auto row = std::find_if(snapshot.solvency.begin(), snapshot.solvency.end(),
                                      [&](const Solvency& s) { return s.asset == asset; });
        const RuleKind kind = stale_key                              ? RuleKind::liabilities_stale
                              : state.key.starts_with(broken_prefix) ? RuleKind::alerts_broken
                                                                     : RuleKind::ratio_below;
        if (row == snapshot.solvency.end()) {
            out.push_back(settled(state, kind, asset, "no configured liabilities list " + asset + " any more"));
        } else if (stale_key && !rules.liabilities_stale) {
            out.push_back(settled(state, kind, asset, "liabilities_stale is off"));
        } else if (stale_key && !row->max_age_blocks && row->status != SolvencyStatus::reserves_missing) {
            out.push_back(settled(state, kind, asset, "[liabilities] max_age is not set any more"));
        }
    }
}

}  // namespace porwatch::alert::detail
