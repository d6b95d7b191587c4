#include "porwatch/alert/state.hpp"

#include <algorithm>

#include "porwatch/alert/cycle.hpp"
#include "porwatch/alert/rules.hpp"

namespace porwatch::alert {
namespace {

// The figure rules are debounced by `for`; the others fire on their first observation.
bool is_debounced(RuleKind kind)
{
    return kind == RuleKind::drop || kind == RuleKind::floor || kind == RuleKind::below_claim ||
           kind == RuleKind::ratio_below;
}

// True when `now` holds an element that `before` does not (both sorted).
bool has_new_member(const std::vector<std::string>& before, const std::vector<std::string>& now)
{
    return !std::includes(before.begin(), before.end(), now.begin(), now.end());
}

void enter(AlertState& state, AlertPhase phase, std::int64_t now)
{
    if (state.phase != phase) state.since = now;
    state.phase = phase;
    if (phase == AlertPhase::ok) {
        state.pending_count = 0;
        state.reference_units.reset();
        state.reference_snapshot_id.reset();
    }
}

// The payload of a deferred (catch-up) notification: the condition as evaluated now.
Notification make_notification(const Condition& condition, NotifyState state, bool silenced, const StepContext& context)
{
    return Notification{build_payload(condition, state, context.payload), silenced};
}

}  // namespace

std::string_view to_string(RuleKind kind)
{
    switch (kind) {
    case RuleKind::drop: return "drop";
    case RuleKind::floor: return "floor";
    case RuleKind::below_claim: return "below_claim";
    case RuleKind::stale: return "stale";
    case RuleKind::ownership: return "ownership";
    case RuleKind::drift: return "drift";
    case RuleKind::disputed: return "disputed";
    case RuleKind::alerts_broken: return "alerts_broken";
    case RuleKind::ratio_below: return "ratio_below";
    case RuleKind::liabilities_stale: return "liabilities_stale";
    case RuleKind::price_stale: return "price_stale";
    }
    return "unknown";
}

std::string asset_of_key(std::string_view key)
{
    const std::string broken = std::string(to_string(RuleKind::alerts_broken)) + ":";
    if (key.starts_with(broken)) key.remove_prefix(broken.size());
    const std::size_t colon = key.find(':');
    if (colon == std::string_view::npos) return "";
    const std::string_view rule = key.substr(0, colon);
    for (const RuleKind kind :
         {RuleKind::drop, RuleKind::floor, RuleKind::below_claim, RuleKind::ownership, RuleKind::drift,
          RuleKind::ratio_below, RuleKind::liabilities_stale, RuleKind::price_stale}) {
        if (rule != to_string(kind)) continue;
        const std::string_view rest = key.substr(colon + 1);
        const std::string first(rest.substr(0, rest.find(':')));
        if (first != kValueWord || first.size() == rest.size()) return first;
        // VALUE:SYMBOL: the part after VALUE is a symbol unless it is a window (a key's window
        // always carries its unit: format_duration) or the basis.
        const std::string_view next = rest.substr(first.size() + 1);
        const std::string second(next.substr(0, next.find(':')));
        if (second == "verified" || has_duration_unit(second)) return first;
        return first + ":" + second;
    }
    return "";
}

std::string_view to_string(AlertPhase phase)
{
    switch (phase) {
    case AlertPhase::ok: return "ok";
    case AlertPhase::pending: return "pending";
    case AlertPhase::firing: return "firing";
    }
    return "unknown";
}

std::optional<AlertPhase> alert_phase_from_string(std::string_view name)
{
    return enum_from_name(kAllAlertPhases, name, [](AlertPhase p) { return to_string(p); });
}

StepResult advance(const AlertState& prior, const Condition& condition, const StepContext& context)
{
    AlertState state = prior;
    state.key = condition.key;
    state.last_current_units = condition.current_units;
    state.last_drop_percent = condition.drop_percent;
    state.last_detail = condition.detail;
    std::optional<NotifyState> notify;

    if (condition.event) {
        // Each cycle with a change is news of its own; there is nothing to resolve.
        enter(state, condition.fire ? AlertPhase::firing : AlertPhase::ok, context.now);
        state.delivered_firing = false;
        state.members = condition.members;
        if (!condition.fire) return {std::move(state), std::nullopt};
        return {std::move(state), make_notification(condition, NotifyState::firing, context.silenced, context)};
    }

    const unsigned needed = is_debounced(condition.kind) ? std::max(context.debounce, 1U) : 1U;
    if (state.phase == AlertPhase::firing) {
        if (condition.recovered) {
            enter(state, AlertPhase::ok, context.now);
            notify = NotifyState::resolved;
        } else if (has_new_member(prior.members, condition.members)) {
            notify = NotifyState::firing;  // more addresses broke: new facts, not a repeat
        }
    } else if (condition.fire) {
        if (state.phase == AlertPhase::ok) {
            state.pending_count = 0;
            // Frozen while active: a drop's reference figure and the snapshot it came from
            // (its book split is measured against it); the floor or claim otherwise.
            state.reference_units = condition.freeze_units ? condition.freeze_units : condition.reference_units;
            state.reference_snapshot_id = condition.freeze_snapshot_id;
        }
        ++state.pending_count;
        if (state.pending_count >= needed) {
            enter(state, AlertPhase::firing, context.now);
            notify = NotifyState::firing;
        } else {
            enter(state, AlertPhase::pending, context.now);
        }
    } else {
        enter(state, AlertPhase::ok, context.now);  // a pending condition that did not last
    }
    state.members = condition.members;

    const bool firing = state.phase == AlertPhase::firing;
    if (notify) {
        // A resolve of a firing that receivers never heard of is recorded, not delivered.
        const bool silenced = context.silenced || (*notify == NotifyState::resolved && !prior.delivered_firing);
        if (!silenced) state.delivered_firing = *notify == NotifyState::firing;
        return {std::move(state), make_notification(condition, *notify, silenced, context)};
    }
    if (!context.silenced && state.delivered_firing != firing) {
        // After a maintenance window: tell receivers what changed while they were silenced.
        state.delivered_firing = firing;
        return {std::move(state), make_notification(condition, firing ? NotifyState::firing : NotifyState::resolved,
                                                    /*silenced=*/false, context)};
    }
    return {std::move(state), std::nullopt};
}

CycleResult run_cycle(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                      std::span<const AlertState> prior)
{
    const std::vector<Condition> conditions = evaluate(rules, snapshot, input, prior);
    StepContext context;
    context.debounce = rules.debounce;
    context.now = input.now;
    context.silenced = in_maintenance(rules, input.now);
    context.payload = payload_context(snapshot, input.snapshot_id, input.taken_at);

    CycleResult result;
    for (const auto& condition : conditions) {
        const AlertState* before = nullptr;
        for (const auto& state : prior) {
            if (state.key == condition.key) before = &state;
        }
        AlertState fresh;
        fresh.key = condition.key;
        fresh.since = input.now;
        auto step = advance(before ? *before : fresh, condition, context);
        result.states.push_back(std::move(step.state));
        if (step.notification) result.notifications.push_back(std::move(*step.notification));
    }
    for (const auto& state : prior) {
        const bool evaluated =
            std::any_of(conditions.begin(), conditions.end(), [&](const Condition& c) { return c.key == state.key; });
        if (!evaluated) result.states.push_back(state);
    }
    std::sort(result.states.begin(), result.states.end(),
              [](const AlertState& a, const AlertState& b) { return a.key < b.key; });
    return result;
}

}  // namespace porwatch::alert
