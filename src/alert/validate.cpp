// validate_rules and configured_assets: the alert rules checked against the config's assets.
#include "porwatch/alert/validate.hpp"

#include <cctype>
#include <optional>

#include <algorithm>

#include "eval_detail.hpp"
#include "porwatch/prices/prices.hpp"
#include "porwatch/util/amount.hpp"

namespace porwatch::alert {
namespace {

std::string chain_name(address::Chain chain)
{
    return std::string(address::to_string(chain));
}

std::string list_assets(std::span<const ConfiguredAsset> assets)
{
    std::string text;
    for (const auto& a : assets) text += (text.empty() ? "" : ", ") + a.symbol + " on " + chain_name(a.chain);
    return text.empty() ? "none: the config has no chain section" : text;
}

Error rule_error(std::string_view file, std::string_view key, const RuleSource& source, const std::string& why)
{
    return Error{config::ConfigError::value, std::string(file) + ":" + std::to_string(source.line) +
                                                 ": alerts: " + std::string(key) + " = '" + source.value + "': " + why};
}

bool same_symbol(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

template <typename Rule> void canonicalize(std::vector<Rule>& rules, std::span<const ConfiguredAsset> assets)
{
    for (auto& rule : rules) {
        std::optional<std::string> spelling;
        bool ambiguous = false;
        for (const auto& a : assets) {
            if (!same_symbol(a.symbol, rule.target.asset)) continue;
            if (spelling && *spelling != a.symbol) ambiguous = true;
            spelling = a.symbol;
        }
        if (spelling && !ambiguous) rule.target.asset = *spelling;
    }
}

// A rule that names a symbol (not "*") must name exactly one configured asset.
template <typename Rule>
Status check_target(const Rule& rule, std::string_view key, std::span<const ConfiguredAsset> assets,
                    std::string_view file)
{
    const AssetSelector& target = rule.target;
    if (target.value) {
        const bool any_feed =
            std::any_of(assets.begin(), assets.end(), [](const ConfiguredAsset& a) { return a.priced; });
        if (target.asset.empty()) {
            if (any_feed) return Ok{};
            return rule_error(file, key, rule.source,
                              "VALUE is the value of priced assets: add a [prices] section with a feed");
        }
        const auto named = std::find_if(assets.begin(), assets.end(),
                                        [&](const ConfiguredAsset& a) { return a.symbol == target.asset; });
        if (named == assets.end()) {
            return rule_error(file, key, rule.source,
                              "no configured chain has asset " + target.asset + " (configured: " + list_assets(assets) +
                                  ")");
        }
        if (!named->priced) {
            return rule_error(file, key, rule.source,
                              "no feed for " + target.asset + " in [prices] (feed = " + target.asset +
                                  ":ADDRESS[:DESCRIPTION])");
        }
        return Ok{};
    }
    if (target.asset == "*") return Ok{};
    std::vector<const ConfiguredAsset*> named;
    for (const auto& a : assets) {
        if (a.symbol == target.asset) named.push_back(&a);
    }
    if (named.empty()) {
        return rule_error(file, key, rule.source,
                          "no configured chain has asset " + target.asset + " (configured: " + list_assets(assets) +
                              ")");
    }
    if (target.chain) {
        const bool on_chain = std::any_of(named.begin(), named.end(),
                                          [&](const ConfiguredAsset* a) { return a->chain == *target.chain; });
        if (!on_chain) {
            return rule_error(file, key, rule.source,
                              target.asset + " is not an asset of [" + chain_name(*target.chain) +
                                  "] (configured: " + list_assets(assets) + ")");
        }
        return Ok{};
    }
    if (named.size() > 1) {
        std::string chains;
        for (const auto* a : named) chains += (chains.empty() ? "" : " and ") + chain_name(a->chain);
        return rule_error(file, key, rule.source,
                          "asset " + target.asset + " is ambiguous: it is on " + chains + "; write " + target.asset +
                              "@" + chain_name(named.front()->chain));
    }
    return Ok{};
}

// Two specific rules of one variant (same window and basis) may not name the same asset
// (USDT and USDT@ethereum): which one applies would depend on spelling.
template <typename Rule, typename SameVariant>
Status check_overlap(const std::vector<Rule>& rules, std::string_view key, std::span<const ConfiguredAsset> assets,
                     std::string_view file, SameVariant same_variant)
{
    for (const auto& asset : assets) {
        const Rule* first = nullptr;
        for (const auto& rule : rules) {
            if (match_rank(rule.target, asset.symbol, asset.chain) <= 0) continue;
            if (first && same_variant(*first, rule)) {
                return rule_error(file, key, rule.source,
                                  "this rule and the one on line " + std::to_string(first->source.line) +
                                      " both apply to " + asset.symbol + " on " + chain_name(asset.chain));
            }
            if (!first) first = &rule;
        }
    }
    return Ok{};
}

}  // namespace

void canonicalize_symbols(Rules& rules, std::span<const ConfiguredAsset> assets)
{
    canonicalize(rules.drops, assets);
    canonicalize(rules.floors, assets);
    canonicalize(rules.below_claims, assets);
    canonicalize(rules.ratio_below, assets);
}

Status validate_rules(const Rules& rules, std::span<const ConfiguredAsset> assets, std::string_view file)
{
    for (const auto& rule : rules.drops) {
        if (Status s = check_target(rule, "drop_percent", assets, file); !s) return s;
    }
    for (const auto& rule : rules.floors) {
        if (Status s = check_target(rule, "floor", assets, file); !s) return s;
    }
    for (const auto& rule : rules.below_claims) {
        if (Status s = check_target(rule, "below_claim", assets, file); !s) return s;
    }
    for (const auto& rule : rules.ratio_below) {
        if (Status s = check_target(rule, "ratio_below", assets, file); !s) return s;
    }
    auto same_drop = [](const DropRule& a, const DropRule& b) { return a.window == b.window && a.basis == b.basis; };
    auto same_basis = [](const auto& a, const auto& b) { return a.basis == b.basis; };
    if (Status s = check_overlap(rules.drops, "drop_percent", assets, file, same_drop); !s) return s;
    if (Status s = check_overlap(rules.floors, "floor", assets, file, same_basis); !s) return s;
    if (Status s = check_overlap(rules.below_claims, "below_claim", assets, file, same_basis); !s) return s;
    if (Status s = check_overlap(rules.ratio_below, "ratio_below", assets, file, same_basis); !s) return s;
    // A VALUE floor is in the quote currency, exact to 10^-8.
    for (const auto& rule : rules.floors) {
        if (!rule.target.value) continue;
        if (auto parsed = parse_decimal(rule.amount, prices::kValueDecimals); !parsed) {
            return rule_error(file, "floor", rule.source,
                              "a value is exact to " + std::to_string(prices::kValueDecimals) +
                                  " decimals: " + parsed.error().message);
        }
    }
    // Every floor that applies to an asset must be exact in that asset's decimals.
    for (const auto& asset : assets) {
        for (const Basis basis : {Basis::all, Basis::verified}) {
            const FloorRule* rule = detail::pick(rules.floors, asset.symbol, asset.chain,
                                                 [&](const FloorRule& r) { return r.basis == basis; });
            if (!rule) continue;
            if (auto parsed = parse_decimal(rule->amount, asset.decimals); !parsed) {
                return rule_error(file, "floor", rule->source,
                                  "it applies to " + asset.symbol + " on " + chain_name(asset.chain) + ", which has " +
                                      std::to_string(asset.decimals) + " decimals: " + parsed.error().message);
            }
        }
    }
    return Ok{};
}

}  // namespace porwatch::alert
