// stale:CHAIN — a chain without a complete reading for `stale_after` — and the settling of
// keys that nothing else evaluates any more: the old global `stale` key (retired: staleness is
// per chain), alerts_broken keys whose key computes again, and keys whose rule was removed.
#include <algorithm>

#include "eval_detail.hpp"

namespace porwatch::alert::detail {
namespace {

Condition settled(const AlertState& state, RuleKind kind, std::string detail)
{
    Condition c;
    c.key = state.key;
    c.kind = kind;
    c.fire = false;
    c.recovered = true;
    c.detail = std::move(detail);
    return c;
}

const std::string kStalePrefix = std::string(to_string(RuleKind::stale)) + ":";
const std::string kBrokenPrefix = std::string(to_string(RuleKind::alerts_broken)) + ":";

// The name a chain's reading is kept under: its section's NAME or the built-in chain's name.
std::string history_name(const ChainHistory& h)
{
    return h.source.empty() ? std::string(address::to_string(h.chain)) : h.source;
}

bool has_condition(const std::vector<Condition>& out, std::string_view key)
{
    return std::any_of(out.begin(), out.end(), [&](const Condition& c) { return c.key == key; });
}

// True when some rule of the config could still produce the asset key `key`.
bool rule_exists(const Rules& rules, const AssetKey& key)
{
    const bool value_key = key.asset == kValueWord || key.asset.starts_with(std::string(kValueWord) + ":");
    const auto names = [&](const AssetSelector& t) {
        if (t.value || value_key) return t.value && key_asset(t) == key.asset;
        return t.asset == "*" || t.asset == key.asset;
    };
    switch (key.kind) {
    case RuleKind::drop:
        return std::any_of(rules.drops.begin(), rules.drops.end(), [&](const DropRule& r) {
            return names(r.target) && r.window == key.window && r.basis == key.basis;
        });
    case RuleKind::floor:
        return std::any_of(rules.floors.begin(), rules.floors.end(),
                           [&](const FloorRule& r) { return names(r.target) && r.basis == key.basis; });
    case RuleKind::below_claim:
        return std::any_of(rules.below_claims.begin(), rules.below_claims.end(),
                           [&](const ClaimRule& r) { return names(r.target) && r.basis == key.basis; });
    case RuleKind::ratio_below:
        return std::any_of(rules.ratio_below.begin(), rules.ratio_below.end(),
                           [&](const RatioRule& r) { return names(r.target) && r.basis == key.basis; });
    default: return true;
    }
}

}  // namespace

void evaluate_stale(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                    std::span<const AlertState> prior, std::vector<Condition>& out)
{
    // The old global key (before staleness was per chain): retired once, so that a stored
    // firing `stale` neither fires forever nor disappears without a word.
    if (const AlertState* legacy = find_state(prior, to_string(RuleKind::stale));
        legacy && legacy->phase != AlertPhase::ok) {
        out.push_back(settled(*legacy, RuleKind::stale,
                              "retired: staleness is now watched per chain (stale:CHAIN alerts take over)"));
    }
    // Every scanned chain is watched by its name: stale:bitcoin, and stale:arbitrum for an
    // [evm.NAME] section (so one section down never hides behind [ethereum] being complete).
    std::vector<std::pair<std::string, const snapshot::ChainResult*>> watched;
    for (const auto& chain : snapshot.chains) watched.emplace_back(chain::source_name(chain), &chain);
    if (watched.empty()) {
        // Nothing was scanned this cycle (an unreadable book): the chains of the last scan
        // are still watched, and they are not being read.
        for (const auto& h : input.chains) {
            if (h.in_last_scan) watched.emplace_back(history_name(h), nullptr);
        }
    }
    const auto is_watched = [&](const std::string& name) {
        return std::any_of(watched.begin(), watched.end(), [&](const auto& w) { return w.first == name; });
    };
    for (const auto& state : prior) {
        if (!state.key.starts_with(kStalePrefix) || state.phase == AlertPhase::ok) continue;
        const std::string name = state.key.substr(kStalePrefix.size());
        if (!rules.stale_after) {
            out.push_back(settled(state, RuleKind::stale, "stale_after is off"));
        } else if (!snapshot.chains.empty() && !is_watched(name)) {
            out.push_back(
                settled(state, RuleKind::stale, name + " is no longer scanned (the book has no rows for it)"));
        }
    }
    if (!rules.stale_after) return;
    for (const auto& [name, result] : watched) {
        const auto history = std::find_if(input.chains.begin(), input.chains.end(),
                                          [n = name](const ChainHistory& h) { return history_name(h) == n; });
        const bool complete = result && result->status == snapshot::ChainStatus::complete;
        std::string since;
        std::int64_t last = input.taken_at;
        if (complete) {
            since = "complete at " + format_utc_timestamp(last);
        } else if (history != input.chains.end() && history->last_complete_at) {
            last = *history->last_complete_at;
            since = "last complete reading at " + format_utc_timestamp(last);
        } else if (history != input.chains.end() && history->first_seen_at) {
            last = *history->first_seen_at;
            since = "no complete reading since it was first scanned at " + format_utc_timestamp(last);
        } else {
            last = input.watch_started_at;
            since = "no complete reading since watching began at " + format_utc_timestamp(last);
        }
        Condition c;
        c.key = make_key(RuleKind::stale, name);
        c.kind = RuleKind::stale;
        c.chain = name;
        // Read completely this cycle is fresh, however long the cycle took (a slow scan of
        // the other chains never makes this one stale).
        c.fire = !complete && input.now - last >= *rules.stale_after;
        c.recovered = !c.fire;
        const std::string now_text = !result ? std::string("not scanned: the cycle failed before scanning")
                                             : std::string(chain::to_string(result->status)) +
                                                   (result->error.empty() ? "" : ": " + result->error);
        c.detail = name + ": " + since + " (" + std::to_string(input.now - last) + " s ago; stale_after " +
                   format_duration(*rules.stale_after) + "; this cycle: " + now_text + ")";
        out.push_back(std::move(c));
    }
}

void settle_orphans(const Rules& rules, std::span<const AlertState> prior, std::vector<Condition>& out)
{
    std::vector<Condition> settled_now;
    for (const auto& state : prior) {
        if (state.phase == AlertPhase::ok || has_condition(out, state.key)) continue;
        if (state.key.starts_with(kBrokenPrefix)) {
            const std::string inner = state.key.substr(kBrokenPrefix.size());
            const auto parsed = parse_asset_key(inner);
            if (has_condition(out, inner)) {
                settled_now.push_back(settled(state, RuleKind::alerts_broken, inner + " is computed again"));
            } else if (parsed && !rule_exists(rules, *parsed)) {
                settled_now.push_back(
                    settled(state, RuleKind::alerts_broken, "the rule behind " + inner + " was removed"));
            }
            if (parsed && !settled_now.empty() && settled_now.back().key == state.key)
                settled_now.back().asset = parsed->asset;
            continue;
        }
        if (const auto parsed = parse_asset_key(state.key); parsed && !rule_exists(rules, *parsed)) {
            Condition c = settled(state, parsed->kind, "the rule behind " + state.key + " was removed from the config");
            c.asset = parsed->asset;
            settled_now.push_back(std::move(c));
        }
    }
    out.insert(out.end(), settled_now.begin(), settled_now.end());
}

}  // namespace porwatch::alert::detail
