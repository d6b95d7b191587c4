// Evaluation of the figure rules per asset and chain (floor, below_claim, and the drops of
// rules_drop.cpp), the shared helpers, and the evaluate() entry point. Percent comparisons
// cross-multiply in 512 bits, so that uint256 totals times 10^6 never overflow and nothing
// is rounded before comparing.
#include <algorithm>
#include <map>
#include <set>

#include <boost/multiprecision/cpp_int.hpp>

#include "eval_detail.hpp"

namespace porwatch::alert {
namespace {

using detail::Figure;
using Wide = boost::multiprecision::uint512_t;

Wide wide(const Units& units)
{
    return Wide(units);
}
Wide wide(std::uint32_t value)
{
    return Wide(value);
}

std::string basis_label(Basis basis)
{
    return basis == Basis::verified ? " verified" : "";
}

// The distinct variants (window, basis) of the drop rules, (basis) of floors and claims.
template <typename Rule, typename Variant>
std::vector<Variant> variants(const std::vector<Rule>& rules, Variant (*of)(const Rule&))
{
    std::vector<Variant> out;
    for (const auto& rule : rules) {
        const Variant v = of(rule);
        if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
    return out;
}

using DropVariant = std::pair<std::optional<std::int64_t>, Basis>;
DropVariant drop_variant(const DropRule& r)
{
    return {r.window, r.basis};
}
Basis floor_variant(const FloorRule& r)
{
    return r.basis;
}
Basis claim_variant(const ClaimRule& r)
{
    return r.basis;
}

}  // namespace

namespace detail {

void evaluate_floor(const Rules& rules, const FloorRule& rule, const Figure& total, std::vector<Condition>& out)
{
    Condition c = asset_condition(RuleKind::floor, total, rule.basis, key_suffix(std::nullopt, rule.basis));
    auto floor = parse_decimal(rule.amount, total.decimals);
    if (!floor) {
        out.push_back(
            broken(c, "floor = '" + rule.source.value + "' for " + total.asset + ": " + floor.error().message));
        return;
    }
    const Units& value = figure(total, rule.basis);
    c.reference_units = *floor;
    c.fire = value < *floor;
    // Hysteresis: back to floor × (100 + resolve_percent)/100.
    c.recovered = wide(value) * kHundredPercent >= wide(*floor) * wide(kHundredPercent + rules.resolve.scaled);
    c.detail = total.asset + basis_label(rule.basis) + " total " + amount_text(value, total) +
               (c.fire ? " is below" : " is not below") + " the floor " + amount_text(*floor, total);
    out.push_back(std::move(c));
}

void evaluate_claim(const Rules& rules, const ClaimRule& rule, const Figure& total, std::vector<Condition>& out)
{
    if (!total.claimed_units) return;  // the files claim nothing for this asset: nothing to compare
    const Units& claimed = *total.claimed_units;
    const Units& value = figure(total, rule.basis);
    Condition c = asset_condition(RuleKind::below_claim, total, rule.basis, key_suffix(std::nullopt, rule.basis));
    c.reference_units = claimed;
    c.drop_percent = percent_below(claimed, value);
    const Wide observed = wide(value) * kHundredPercent;
    c.fire = observed < wide(claimed) * wide(kHundredPercent - rule.tolerance.scaled);
    // Hysteresis: tolerance − resolve_percent below the claim, never more than the claim itself.
    const std::uint32_t resolve_at = rule.tolerance.scaled > rules.resolve.scaled
                                         ? kHundredPercent - (rule.tolerance.scaled - rules.resolve.scaled)
                                         : kHundredPercent;
    c.recovered = observed >= wide(claimed) * wide(resolve_at);
    c.detail = total.asset + (rule.basis == Basis::verified ? " verified" : " observed") + " " +
               amount_text(value, total) + " is " + c.drop_percent + "% below the claimed " +
               amount_text(claimed, total) + " (tolerance " + to_string(rule.tolerance) + "%)";
    out.push_back(std::move(c));
}

Figure asset_figure(const snapshot::AssetTotal& total)
{
    Figure f;
    f.asset = total.asset;
    f.chain = total.chain;
    f.chain_name = std::string(address::to_string(total.chain));
    f.decimals = total.decimals;
    f.unit = total.asset;
    f.units = total.units;
    f.verified_units = total.verified_units;
    f.claimed_units = total.claimed_units;
    return f;
}

std::string percent_below(const Units& reference, const Units& current)
{
    if (reference == 0 || current >= reference) return "0";
    const Wide scaled = wide(reference - current) * kHundredPercent / wide(reference);
    return to_string(Percent{static_cast<std::uint32_t>(scaled)});
}

bool fell_by_at_least(const Units& reference, const Units& current, std::uint32_t pct_scaled)
{
    if (current >= reference) return false;
    return wide(reference - current) * kHundredPercent >= wide(pct_scaled) * wide(reference);
}

std::string amount_text(const Units& units, const Figure& total)
{
    return format_decimal(units, total.decimals) + " " + total.unit;
}

const Units& figure(const Figure& total, Basis basis)
{
    return basis == Basis::verified ? total.verified_units : total.units;
}

Condition asset_condition(RuleKind kind, const Figure& total, Basis basis, std::string_view suffix)
{
    Condition c;
    c.key = make_key(kind, total.asset, suffix);
    c.kind = kind;
    c.asset = total.asset;
    c.chain = total.chain_name;
    c.basis = basis;
    c.units = total.units;
    c.verified_units = total.verified_units;
    c.current_units = figure(total, basis);
    return c;
}

Condition broken(const Condition& of, const std::string& why)
{
    Condition c;
    c.key = std::string(to_string(RuleKind::alerts_broken)) + ":" + of.key;
    c.kind = RuleKind::alerts_broken;
    c.asset = of.asset;
    c.chain = of.chain;
    c.basis = of.basis;
    c.units = of.units;
    c.verified_units = of.verified_units;
    c.fire = true;
    c.recovered = false;
    c.detail = of.key + " cannot be computed: " + why;
    return c;
}

void evaluate_figures(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                      std::span<const AlertState> prior, std::vector<Condition>& out)
{
    std::set<address::Chain> complete;
    for (const auto& chain : snapshot.chains) {
        if (chain.status == snapshot::ChainStatus::complete) complete.insert(chain.chain);
    }
    std::map<std::string, std::vector<std::string>> chains_of;  // symbol → chains with a total
    for (const auto& total : snapshot.totals) {
        if (complete.count(total.chain)) chains_of[total.asset].emplace_back(address::to_string(total.chain));
    }
    const auto drop_variants = variants(rules.drops, &drop_variant);
    const auto floor_variants = variants(rules.floors, &floor_variant);
    const auto claim_variants = variants(rules.below_claims, &claim_variant);
    for (const auto& asset_total : snapshot.totals) {
        // Totals exist only for complete chains; a chain that is not complete is skipped
        // (its keys keep their state) while every other chain is evaluated.
        if (!complete.count(asset_total.chain)) continue;
        const Figure total = asset_figure(asset_total);
        const auto& chains = chains_of[total.asset];
        const std::string ambiguous = chains.size() < 2
                                          ? ""
                                          : "asset " + total.asset + " appears on " + list_some(chains, 10) +
                                                " in this snapshot; alert keys need one chain per asset symbol";
        for (const auto& [window, basis] : drop_variants) {
            const auto* rule = pick(rules.drops, total.asset, total.chain, [w = window, b = basis](const DropRule& r) {
                return r.window == w && r.basis == b;
            });
            if (!rule) continue;
            if (ambiguous.empty()) {
                evaluate_drop(rules, *rule, total, input, prior, out);
            } else {
                out.push_back(
                    broken(asset_condition(RuleKind::drop, total, basis, key_suffix(window, basis)), ambiguous));
            }
        }
        for (const Basis basis : floor_variants) {
            const auto* rule =
                pick(rules.floors, total.asset, total.chain, [&](const FloorRule& r) { return r.basis == basis; });
            if (!rule) continue;
            if (ambiguous.empty()) {
                evaluate_floor(rules, *rule, total, out);
            } else {
                out.push_back(
                    broken(asset_condition(RuleKind::floor, total, basis, key_suffix(std::nullopt, basis)), ambiguous));
            }
        }
        for (const Basis basis : claim_variants) {
            const auto* rule = pick(rules.below_claims, total.asset, total.chain,
                                    [&](const ClaimRule& r) { return r.basis == basis; });
            if (!rule) continue;
            if (ambiguous.empty()) {
                evaluate_claim(rules, *rule, total, out);
            } else {
                out.push_back(broken(
                    asset_condition(RuleKind::below_claim, total, basis, key_suffix(std::nullopt, basis)), ambiguous));
            }
        }
    }
}

std::string make_key(RuleKind kind, std::string_view asset, std::string_view suffix)
{
    std::string key(to_string(kind));
    if (!asset.empty()) key += ":" + std::string(asset);
    if (!suffix.empty()) key += ":" + std::string(suffix);
    return key;
}

std::string key_suffix(std::optional<std::int64_t> window, Basis basis)
{
    std::string suffix = window ? format_duration(*window) : "";
    if (basis == Basis::verified) suffix += (suffix.empty() ? "" : ":") + std::string(to_string(basis));
    return suffix;
}

std::optional<AssetKey> parse_asset_key(std::string_view key)
{
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const auto colon = key.find(':', start);
        parts.push_back(key.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    AssetKey out;
    // VALUE:SYMBOL keys: fold the symbol into the asset part (not a window, not the basis). A
    // key's window always carries its unit (format_duration), so a bare number is a symbol.
    if (parts.size() > 2 && parts[1] == kValueWord && parts[2] != to_string(Basis::verified) &&
        !has_duration_unit(parts[2])) {
        parts[1] = std::string_view(parts[1].data(), parts[2].data() + parts[2].size() - parts[1].data());
        parts.erase(parts.begin() + 2);
    }
    if (parts[0] == to_string(RuleKind::drop))
        out.kind = RuleKind::drop;
    else if (parts[0] == to_string(RuleKind::floor))
        out.kind = RuleKind::floor;
    else if (parts[0] == to_string(RuleKind::below_claim))
        out.kind = RuleKind::below_claim;
    else if (parts[0] == to_string(RuleKind::ratio_below))
        out.kind = RuleKind::ratio_below;
    else
        return std::nullopt;
    if (parts.size() < 2 || parts.size() > 4 || parts[1].empty()) return std::nullopt;
    out.asset = std::string(parts[1]);
    std::size_t next = 2;
    if (out.kind == RuleKind::drop && next < parts.size() && parts[next] != to_string(Basis::verified)) {
        auto window = parse_duration(parts[next++]);
        if (!window) return std::nullopt;
        out.window = *window;
    }
    if (next < parts.size()) {
        if (parts[next++] != to_string(Basis::verified)) return std::nullopt;
        out.basis = Basis::verified;
    }
    if (next != parts.size()) return std::nullopt;
    return out;
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

std::vector<Condition> evaluate(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                                std::span<const AlertState> prior)
{
    std::vector<Condition> out;
    detail::evaluate_figures(rules, snapshot, input, prior, out);
    detail::evaluate_values(rules, snapshot, input, prior, out);
    detail::evaluate_stale(rules, snapshot, input, prior, out);
    detail::evaluate_solvency(rules, snapshot, prior, out);
    detail::evaluate_price_stale(rules, snapshot, input, prior, out);
    if (rules.ownership) detail::evaluate_ownership(input, snapshot, prior, out);
    if (rules.drift) detail::evaluate_drift(input, prior, out);
    if (rules.disputed) detail::evaluate_disputed(snapshot, out);
    detail::settle_orphans(rules, prior, out);
    // One condition per key: one symbol on two chains yields its alerts_broken keys once.
    std::stable_sort(out.begin(), out.end(), [](const Condition& a, const Condition& b) { return a.key < b.key; });
    out.erase(
        std::unique(out.begin(), out.end(), [](const Condition& a, const Condition& b) { return a.key == b.key; }),
        out.end());
    return out;
}

}  // namespace porwatch::alert
