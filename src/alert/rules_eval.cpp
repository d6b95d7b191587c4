// Evaluation of the figure rules (drop_percent, floor, below_claim) and stale_after, and the
// evaluate() entry point. Percent comparisons cross-multiply in 512 bits, so that uint256
// totals times 10^6 never overflow and nothing is rounded before comparing.
#include <algorithm>

#include <boost/multiprecision/cpp_int.hpp>

#include "eval_detail.hpp"

namespace porwatch::alert {
namespace {

using snapshot::AssetTotal;
using Wide = boost::multiprecision::uint512_t;

Wide wide(const Units& units) { return Wide(units); }
Wide wide(std::uint32_t value) { return Wide(value); }

// How far `current` is below `reference`, in percent with 4 decimals, truncated toward zero
// (so the text never overstates a drop, and a drop that fires never reads below its rule).
std::string percent_below(const Units& reference, const Units& current)
{
    if (reference == 0 || current >= reference) return "0";
    const Wide scaled = wide(reference - current) * kHundredPercent / wide(reference);
    return to_string(Percent{static_cast<std::uint32_t>(scaled)});
}

// True when current ≤ reference × (100 − pct)/100, i.e. it fell by pct or more.
bool fell_by_at_least(const Units& reference, const Units& current, std::uint32_t pct_scaled)
{
    if (current >= reference) return false;
    return wide(reference - current) * kHundredPercent >= wide(pct_scaled) * wide(reference);
}

// The rule for `asset`: the one naming it, else the "*" one.
template <typename Rule, typename Match>
const Rule* pick(const std::vector<Rule>& rules, const std::string& asset, Match&& match)
{
    const Rule* wildcard = nullptr;
    for (const auto& rule : rules) {
        if (!match(rule)) continue;
        if (rule.asset == asset) return &rule;
        if (rule.asset == "*") wildcard = &rule;
    }
    return wildcard;
}

std::string amount_text(const Units& units, const AssetTotal& total)
{
    return format_decimal(units, total.decimals) + " " + total.asset;
}

Condition base_condition(RuleKind kind, const AssetTotal& total, std::string_view suffix = {})
{
    Condition c;
    c.key = detail::make_key(kind, total.asset, suffix);
    c.kind = kind;
    c.asset = total.asset;
    c.chain = std::string(address::to_string(total.chain));
    c.current_units = total.units;
    return c;
}

// The level a drop is measured against: frozen in the prior state while pending/firing;
// otherwise the maximum over the window, or the most recent earlier complete snapshot.
std::optional<Units> drop_reference(const DropRule& rule, const AssetTotal& total,
                                    const CycleInput& input, const AlertState* state)
{
    if (state && state->phase != AlertPhase::ok && state->reference_units) return state->reference_units;
    std::optional<Units> best;
    std::int64_t latest = 0;
    for (const auto& point : input.history) {
        if (point.asset != total.asset || point.taken_at >= input.taken_at) continue;
        if (rule.window) {
            if (point.taken_at < input.taken_at - *rule.window) continue;
            if (!best || point.units > *best) best = point.units;
        } else if (!best || point.taken_at > latest) {
            best = point.units;
            latest = point.taken_at;
        }
    }
    return best;
}

void evaluate_drop(const Rules& rules, const DropRule& rule, const AssetTotal& total,
                   const CycleInput& input, std::span<const AlertState> prior,
                   std::vector<Condition>& out)
{
    const std::string window = rule.window ? format_duration(*rule.window) : "";
    Condition c = base_condition(RuleKind::drop, total, window);
    c.window = window;
    c.reference_units = drop_reference(rule, total, input, detail::find_state(prior, c.key));
    const std::string against = rule.window ? "the maximum over " + window : "the previous snapshot";
    if (!c.reference_units) {
        c.detail = "no earlier complete snapshot of " + total.asset + " to compare with";
        out.push_back(std::move(c));
        return;
    }
    const Units& reference = *c.reference_units;
    c.drop_percent = percent_below(reference, total.units);
    c.fire = fell_by_at_least(reference, total.units, rule.percent.scaled);
    // Hysteresis: resolved once the fall is less than (rule − resolve_percent), or fully
    // recovered when resolve_percent ≥ the rule.
    if (total.units >= reference) {
        c.recovered = true;
    } else if (rules.resolve.scaled >= rule.percent.scaled) {
        c.recovered = false;
    } else {
        c.recovered = !fell_by_at_least(reference, total.units, rule.percent.scaled - rules.resolve.scaled);
    }
    c.detail = total.asset + " total " + amount_text(total.units, total) + " is " + c.drop_percent +
               "% below " + amount_text(reference, total) + " (" + against + "; rule " +
               to_string(rule.percent) + "%)";
    out.push_back(std::move(c));
}

Status evaluate_floor(const Rules& rules, const FloorRule& rule, const AssetTotal& total,
                      std::vector<Condition>& out)
{
    auto floor = parse_decimal(rule.amount, total.decimals);
    if (!floor) {
        return Error{"alerts: floor = '" + rule.asset + ":" + rule.amount + "' for " + total.asset +
                     ": " + floor.error().message};
    }
    Condition c = base_condition(RuleKind::floor, total);
    c.reference_units = *floor;
    c.fire = total.units < *floor;
    // Hysteresis: back to floor × (100 + resolve_percent)/100.
    c.recovered = wide(total.units) * kHundredPercent >= wide(*floor) * wide(kHundredPercent + rules.resolve.scaled);
    c.detail = total.asset + " total " + amount_text(total.units, total) + (c.fire ? " is below" : " is not below") +
               " the floor " + amount_text(*floor, total);
    out.push_back(std::move(c));
    return Ok{};
}

void evaluate_claim(const Rules& rules, const ClaimRule& rule, const AssetTotal& total,
                    std::vector<Condition>& out)
{
    if (!total.claimed_units) return;  // the files claim nothing for this asset: nothing to compare
    const Units& claimed = *total.claimed_units;
    Condition c = base_condition(RuleKind::below_claim, total);
    c.reference_units = claimed;
    c.drop_percent = percent_below(claimed, total.units);
    const Wide observed = wide(total.units) * kHundredPercent;
    c.fire = observed < wide(claimed) * wide(kHundredPercent - rule.tolerance.scaled);
    // Hysteresis: tolerance − resolve_percent below the claim, never more than the claim itself.
    const std::uint32_t resolve_at =
        rule.tolerance.scaled > rules.resolve.scaled ? kHundredPercent - (rule.tolerance.scaled - rules.resolve.scaled)
                                                     : kHundredPercent;
    c.recovered = observed >= wide(claimed) * wide(resolve_at);
    c.detail = total.asset + " observed " + amount_text(total.units, total) + " is " + c.drop_percent +
               "% below the claimed " + amount_text(claimed, total) + " (tolerance " +
               to_string(rule.tolerance) + "%)";
    out.push_back(std::move(c));
}

// The frozen name of a snapshot status. (Local: snapshot::to_string lives in the snapshot
// module's source, which the alert core must not require to link its unit tests.)
std::string_view status_name(snapshot::SnapshotStatus status)
{
    switch (status) {
    case snapshot::SnapshotStatus::complete: return "complete";
    case snapshot::SnapshotStatus::partial: return "partial";
    case snapshot::SnapshotStatus::failed: return "failed";
    }
    return "unknown";
}

void evaluate_stale(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                    std::vector<Condition>& out)
{
    if (!rules.stale_after) return;
    const bool complete = snapshot.status == snapshot::SnapshotStatus::complete;
    const std::int64_t last = complete ? input.taken_at : input.last_complete_at.value_or(input.watch_started_at);
    Condition c;
    c.key = detail::make_key(RuleKind::stale, "");
    c.kind = RuleKind::stale;
    c.fire = input.now - last >= *rules.stale_after;
    c.recovered = !c.fire;
    const std::string since = complete || input.last_complete_at
                                  ? "last complete snapshot at " + format_utc_timestamp(last)
                                  : "no complete snapshot since watching began at " + format_utc_timestamp(last);
    c.detail = since + " (" + std::to_string(input.now - last) + " s ago; stale_after " +
               format_duration(*rules.stale_after) + "; this cycle: " +
               std::string(status_name(snapshot.status)) + ")";
    out.push_back(std::move(c));
}

}  // namespace

namespace detail {

std::string make_key(RuleKind kind, std::string_view asset, std::string_view suffix)
{
    std::string key(to_string(kind));
    if (!asset.empty()) key += ":" + std::string(asset);
    if (!suffix.empty()) key += ":" + std::string(suffix);
    return key;
}

const AlertState* find_state(std::span<const AlertState> prior, std::string_view key)
{
    const auto it = std::find_if(prior.begin(), prior.end(), [&](const AlertState& s) { return s.key == key; });
    return it == prior.end() ? nullptr : &*it;
}

std::string list_some(const std::vector<std::string>& items, std::size_t limit)
{
    std::string text;
    for (std::size_t i = 0; i < items.size() && i < limit; ++i) text += (i ? ", " : "") + items[i];
    if (items.size() > limit) text += " and " + std::to_string(items.size() - limit) + " more";
    return text;
}

}  // namespace detail

Result<std::vector<Condition>> evaluate(const Rules& rules, const snapshot::Snapshot& snapshot,
                                        const CycleInput& input, std::span<const AlertState> prior)
{
    std::vector<Condition> out;
    for (std::size_t i = 0; i < snapshot.totals.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (snapshot.totals[i].asset == snapshot.totals[j].asset) {
                return Error{"alerts: asset " + snapshot.totals[i].asset +
                             " appears on two chains; alert keys need one chain per asset symbol"};
            }
        }
    }
    // Figures are compared only between complete snapshots: a partial or failed one can
    // neither cause nor resolve a drop, floor or below_claim alert.
    if (snapshot.status == snapshot::SnapshotStatus::complete) {
        for (const auto& total : snapshot.totals) {
            std::vector<std::optional<std::int64_t>> windows;
            for (const auto& rule : rules.drops) {
                if (std::find(windows.begin(), windows.end(), rule.window) == windows.end()) windows.push_back(rule.window);
            }
            for (const auto& window : windows) {
                const auto* rule = pick(rules.drops, total.asset, [&](const DropRule& r) { return r.window == window; });
                if (rule) evaluate_drop(rules, *rule, total, input, prior, out);
            }
            if (const auto* rule = pick(rules.floors, total.asset, [](const FloorRule&) { return true; })) {
                auto status = evaluate_floor(rules, *rule, total, out);
                if (!status) return status.error();
            }
            if (const auto* rule = pick(rules.below_claims, total.asset, [](const ClaimRule&) { return true; })) {
                evaluate_claim(rules, *rule, total, out);
            }
        }
    }
    evaluate_stale(rules, snapshot, input, out);
    if (rules.ownership) detail::evaluate_ownership(input, snapshot, prior, out);
    if (rules.drift) detail::evaluate_drift(input, prior, out);
    if (rules.disputed) detail::evaluate_disputed(snapshot, out);
    std::sort(out.begin(), out.end(), [](const Condition& a, const Condition& b) { return a.key < b.key; });
    return out;
}

}  // namespace porwatch::alert
