// VALUE rules (drop_percent, floor, below_claim on `VALUE` and `VALUE:SYMBOL`) evaluated on the
// snapshot's valuation, and `price_stale:ASSET`.
//
// Fail closed, as for chains: VALUE:SYMBOL is evaluated only when that total exists (its chain
// is complete) and is priced; VALUE only when the valuation is complete (every chain complete,
// every total with a feed priced), so an unpriced asset or a failed chain never looks like a
// drop and never resolves one. The keys keep their state meanwhile; price_stale and stale:CHAIN
// say why nothing is compared.
#include <algorithm>

#include "eval_detail.hpp"

namespace porwatch::alert::detail {
namespace {

std::string value_key_asset(std::string_view symbol)
{
    return std::string(kValueWord) + (symbol.empty() ? "" : ":" + std::string(symbol));
}

// Evaluate the VALUE rules naming `symbol` ("" = the total) on `f`. `fits` is false when a
// figure exceeds 2^256−1: its rules are alerts_broken with `why`.
void evaluate_rules_for(const Rules& rules, const std::string& symbol, const Figure& f, const std::string& why,
                        const CycleInput& input, std::span<const AlertState> prior, std::vector<Condition>& out)
{
    const auto named = [&](const AssetSelector& t) { return t.value && t.asset == symbol; };
    for (const auto& rule : rules.drops) {
        if (!named(rule.target)) continue;
        if (why.empty())
            evaluate_drop(rules, rule, f, input, prior, out);
        else
            out.push_back(
                broken(asset_condition(RuleKind::drop, f, rule.basis, key_suffix(rule.window, rule.basis)), why));
    }
    for (const auto& rule : rules.floors) {
        if (!named(rule.target)) continue;
        if (why.empty())
            evaluate_floor(rules, rule, f, out);
        else
            out.push_back(
                broken(asset_condition(RuleKind::floor, f, rule.basis, key_suffix(std::nullopt, rule.basis)), why));
    }
    for (const auto& rule : rules.below_claims) {
        if (!named(rule.target)) continue;
        if (why.empty())
            evaluate_claim(rules, rule, f, out);
        else
            out.push_back(broken(
                asset_condition(RuleKind::below_claim, f, rule.basis, key_suffix(std::nullopt, rule.basis)), why));
    }
}

// The figure of a value: 8 decimals in the quote currency. Returns "" or why it cannot be
// compared (a value past 2^256−1: alert figures are uint256).
std::string fill(Figure& f, const std::string& quote, const prices::Value& value, const prices::Value& verified,
                 const std::optional<prices::Value>& claimed)
{
    f.decimals = prices::kValueDecimals;
    f.unit = quote;
    f.value = true;
    const auto units = prices::to_units(value);
    const auto verified_units = prices::to_units(verified);
    if (!units || !verified_units) {
        return "the value " + prices::format_value(value) + " " + quote + " exceeds 2^256-1 units of 10^-8 " + quote;
    }
    f.units = *units;
    f.verified_units = *verified_units;
    if (claimed) f.claimed_units = prices::to_units(*claimed);  // too large: no claim to compare
    return "";
}

bool any_value_rule(const Rules& rules)
{
    const auto is_value = [](const auto& r) { return r.target.value; };
    return std::any_of(rules.drops.begin(), rules.drops.end(), is_value) ||
           std::any_of(rules.floors.begin(), rules.floors.end(), is_value) ||
           std::any_of(rules.below_claims.begin(), rules.below_claims.end(), is_value);
}

Condition settled_price(const AlertState& state, std::string detail)
{
    Condition c;
    c.key = state.key;
    c.kind = RuleKind::price_stale;
    c.asset = state.key.substr(state.key.find(':') + 1);
    c.fire = false;
    c.recovered = true;
    c.detail = std::move(detail);
    return c;
}

}  // namespace

void evaluate_values(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                     std::span<const AlertState> prior, std::vector<Condition>& out)
{
    if (!snapshot.valuation || !any_value_rule(rules)) return;
    const snapshot::Valuation& v = *snapshot.valuation;
    for (const auto& total : snapshot.totals) {
        const snapshot::AssetValue* value = v.find(total.asset, total.chain);
        if (!value || !value->value || !value->verified_value) continue;  // unpriced: not compared
        Figure f;
        f.asset = value_key_asset(total.asset);
        f.chain = total.chain;
        f.chain_name = std::string(address::to_string(total.chain));
        const std::string why = fill(f, v.prices.quote, *value->value, *value->verified_value, value->claimed_value);
        evaluate_rules_for(rules, total.asset, f, why, input, prior, out);
    }
    if (!v.complete) return;
    Figure f;
    f.asset = value_key_asset("");
    f.chain = address::Chain::ethereum;  // the series of total values (prices are read there)
    const std::string why = fill(f, v.prices.quote, v.total, v.verified_total, v.claimed_total);
    evaluate_rules_for(rules, "", f, why, input, prior, out);
}

void evaluate_price_stale(const Rules& rules, const snapshot::Snapshot& snapshot, const CycleInput& input,
                          std::span<const AlertState> prior, std::vector<Condition>& out)
{
    const std::string prefix = std::string(to_string(RuleKind::price_stale)) + ":";
    for (const auto& state : prior) {
        if (!state.key.starts_with(prefix) || state.phase == AlertPhase::ok) continue;
        const std::string asset = state.key.substr(prefix.size());
        if (!rules.stale_after) {
            out.push_back(settled_price(state, "stale_after is off"));
        } else if (std::find(rules.price_feeds.begin(), rules.price_feeds.end(), asset) == rules.price_feeds.end()) {
            out.push_back(settled_price(state, "no feed for " + asset + " in [prices] any more"));
        }
    }
    if (!rules.stale_after) return;
    for (const auto& asset : rules.price_feeds) {
        const prices::AssetPrice* now = snapshot.valuation ? snapshot.valuation->prices.find(asset) : nullptr;
        const bool usable = now && now->status == prices::PriceStatus::priced;
        const auto history = std::find_if(input.prices.begin(), input.prices.end(),
                                          [&](const PriceHistory& h) { return h.asset == asset; });
        std::string since;
        std::int64_t last = input.taken_at;
        if (usable) {
            since = "usable at " + format_utc_timestamp(last);
        } else if (history != input.prices.end() && history->last_priced_at) {
            last = *history->last_priced_at;
            since = "last usable at " + format_utc_timestamp(last);
        } else if (history != input.prices.end() && history->first_seen_at) {
            last = *history->first_seen_at;
            since = "never usable since it was first read at " + format_utc_timestamp(last);
        } else {
            last = input.watch_started_at;
            since = "never usable since watching began at " + format_utc_timestamp(last);
        }
        Condition c;
        c.key = make_key(RuleKind::price_stale, asset);
        c.kind = RuleKind::price_stale;
        c.asset = asset;
        c.chain = std::string(address::to_string(address::Chain::ethereum));
        c.fire = input.now - last >= *rules.stale_after;
        c.recovered = !c.fire;
        const std::string now_text = usable ? std::string("priced")
                                     : now  ? "unpriced: " + now->reason
                                            : std::string("not read: the cycle failed before reading prices");
        c.detail = asset + " price: " + since + " (" + std::to_string(input.now - last) + " s ago; stale_after " +
                   format_duration(*rules.stale_after) + "; this cycle: " + now_text + ")";
        out.push_back(std::move(c));
    }
}

}  // namespace porwatch::alert::detail
