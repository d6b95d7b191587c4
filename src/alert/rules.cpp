#include "porwatch/alert/rules.hpp"

#include <algorithm>
#include <array>

#include "porwatch/util/amount.hpp"
#include "rule_text.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::alert {
namespace {

using detail::is_digit;
using detail::is_plain_decimal;
using detail::parse_small_int;

Result<AssetSelector> parse_asset(std::string_view text)
{
    if (text == "*") return AssetSelector{std::string(text), std::nullopt};
    AssetSelector selector;
    const auto at = text.find('@');
    if (at != std::string_view::npos) {
        const std::string_view chain_name = text.substr(at + 1);
        const auto chain = address::chain_from_string(chain_name);
        // "USDT@arbitrum": an [evm.NAME] chain's total is named SYMBOL@NAME (issue 15), so the
        // whole text is the symbol; validate_rules checks that such a section has it.
        const bool section = !chain && !chain_name.empty() &&
                             std::all_of(chain_name.begin(), chain_name.end(),
                                         [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; });
        if (section && at > 0 && text.substr(0, at) != "*") {
            if (auto symbol = parse_asset(text.substr(0, at)); !symbol) return symbol.error();
            selector.asset = std::string(text);
            return selector;
        }
        if (!chain)
            return Error{"unknown chain '" + std::string(chain_name) + "' in '" + std::string(text) +
                         "' (expected SYMBOL@bitcoin, @litecoin, @ethereum, @tron or an [evm.NAME] section's @NAME)"};
        selector.chain = *chain;
        text = text.substr(0, at);
        if (text == "*") return Error{"'*' takes no chain: write SYMBOL@CHAIN"};
    }
    if (text.empty()) return Error{"missing asset"};
    for (char c : text) {
        const bool ok =
            is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.';
        if (!ok) return Error{"invalid asset '" + std::string(text) + "'"};
    }
    selector.asset = std::string(text);
    return selector;
}

// True when `text` can only be a percent (digits and one '.'), never an asset symbol.
bool looks_numeric(std::string_view text)
{
    return is_plain_decimal(text);
}

std::optional<Basis> basis_from_string(std::string_view text)
{
    if (text == "all") return Basis::all;
    if (text == "verified") return Basis::verified;
    return std::nullopt;
}

Result<Basis> parse_basis(std::string_view text)
{
    if (auto basis = basis_from_string(text)) return *basis;
    return Error{"invalid basis '" + std::string(text) + "' (expected all or verified)"};
}

// Take the asset selector from the front of `parts`: SYMBOL, *, SYMBOL@CHAIN, VALUE (the total
// value) or VALUE:SYMBOL (its second part is a symbol unless it is a number or a basis).
Result<AssetSelector> take_asset(std::vector<std::string_view>& parts)
{
    if (parts.front() != kValueWord) {
        auto selector = parse_asset(parts.front());
        if (selector) parts.erase(parts.begin());
        return selector;
    }
    AssetSelector selector;
    selector.value = true;
    parts.erase(parts.begin());
    if (!parts.empty() && !looks_numeric(parts.front()) && !basis_from_string(parts.front())) {
        auto inner = parse_asset(parts.front());
        if (!inner) return inner.error();
        if (inner->asset == "*" || inner->chain) {
            return Error{"VALUE takes one asset symbol: VALUE or VALUE:SYMBOL, not '" + std::string(parts.front()) +
                         "'"};
        }
        selector.asset = inner->asset;
        parts.erase(parts.begin());
    }
    return selector;
}

// "BTC", "USDT@ethereum", "VALUE:BTC", with " (verified)" when the basis is not all: for messages.
std::string describe(const AssetSelector& target, Basis basis)
{
    std::string text = key_asset(target);
    if (target.chain) text += "@" + std::string(address::to_string(*target.chain));
    if (basis == Basis::verified) text += " (verified)";
    return text;
}

Status parse_on_off(bool& flag, std::string_view value)
{
    if (value == "on" || value == "true")
        flag = true;
    else if (value == "off" || value == "false")
        flag = false;
    else
        return Error{"expected on or off"};
    return Ok{};
}

Status apply_drop(Rules& rules, std::string_view value)
{
    auto parts = split(value, ':');
    auto target = take_asset(parts);
    if (!target) return target.error();
    if (parts.size() < 1 || parts.size() > 3) return Error{"expected ASSET:PCT[:WINDOW][:BASIS]"};
    parts.insert(parts.begin(), std::string_view{});  // keep the indexes below: [1] = PCT
    auto pct = parse_percent(parts[1]);
    if (!pct) return pct.error();
    if (pct->scaled == 0) return Error{"the drop percent must be above 0"};
    DropRule rule{*target, *pct, std::nullopt, Basis::all, {}};
    // The third part is a basis when it names one, else a window; a fourth is the basis.
    const bool third_is_basis = parts.size() == 3 && basis_from_string(parts[2]).has_value();
    if (parts.size() >= 3 && !third_is_basis) {
        auto window = parse_duration(parts[2]);
        if (!window) return window.error();
        rule.window = *window;
    }
    if (parts.size() == 4 || third_is_basis) {
        auto basis = parse_basis(parts.back());
        if (!basis) return basis.error();
        rule.basis = *basis;
    }
    for (const auto& other : rules.drops) {
        if (other.target == rule.target && other.window == rule.window && other.basis == rule.basis) {
            return Error{"a drop rule for " + describe(rule.target, rule.basis) + " with this window is already set"};
        }
    }
    rules.drops.push_back(std::move(rule));
    return Ok{};
}

Status apply_floor(Rules& rules, std::string_view value)
{
    auto parts = split(value, ':');
    auto target = take_asset(parts);
    if (!target) return target.error();
    if (parts.size() < 1 || parts.size() > 2) return Error{"expected ASSET:AMOUNT[:BASIS]"};
    parts.insert(parts.begin(), std::string_view{});  // [1] = AMOUNT
    // Syntax only here; the asset's decimals are checked against the config at load
    // (validate_rules). Plain decimals, no exponent.
    const std::string_view amount = parts[1];
    const auto dot = amount.find('.');
    const std::size_t frac = dot == std::string_view::npos ? 0 : amount.size() - dot - 1;
    if (!is_plain_decimal(amount) || !parse_decimal(amount, static_cast<unsigned>(frac)).ok()) {
        return Error{"invalid amount '" + std::string(amount) + "'"};
    }
    FloorRule rule{*target, std::string(amount), Basis::all, {}};
    if (parts.size() == 3) {
        auto basis = parse_basis(parts[2]);
        if (!basis) return basis.error();
        rule.basis = *basis;
    }
    for (const auto& other : rules.floors) {
        if (other.target == rule.target && other.basis == rule.basis) {
            return Error{"a floor for " + describe(rule.target, rule.basis) + " is already set"};
        }
    }
    rules.floors.push_back(std::move(rule));
    return Ok{};
}

Status apply_below_claim(Rules& rules, std::string_view value)
{
    auto parts = split(value, ':');
    auto target = take_asset(parts);
    if (!target) return target.error();
    if (parts.size() > 2) return Error{"expected ASSET[:PCT][:BASIS]"};
    parts.insert(parts.begin(), std::string_view{});  // [1] = PCT or BASIS
    ClaimRule rule{*target, Percent{}, Basis::all, {}};
    const bool second_is_basis = parts.size() == 2 && basis_from_string(parts[1]).has_value();
    if (parts.size() >= 2 && !second_is_basis) {
        auto pct = parse_percent(parts[1]);
        if (!pct) return pct.error();
        if (pct->scaled >= kHundredPercent) return Error{"the tolerance must be below 100"};
        rule.tolerance = *pct;
    }
    if (parts.size() == 3 || second_is_basis) {
        auto basis = parse_basis(parts.back());
        if (!basis) return basis.error();
        rule.basis = *basis;
    }
    for (const auto& other : rules.below_claims) {
        if (other.target == rule.target && other.basis == rule.basis) {
            return Error{"a below_claim rule for " + describe(rule.target, rule.basis) + " is already set"};
        }
    }
    rules.below_claims.push_back(std::move(rule));
    return Ok{};
}

// A ratio threshold: a plain decimal with at most 4 decimals, above 0, at most 1 000 000 %.
Result<Units> parse_ratio_percent(std::string_view text)
{
    auto scaled = parse_decimal(text, kPercentDecimals);
    if (!is_plain_decimal(text) || !scaled)
        return Error{"invalid percent '" + std::string(text) + "' (at most 4 decimals)"};
    if (*scaled == 0) return Error{"the ratio must be above 0"};
    if (*scaled > Units(1000000) * kPercentScale) return Error{"the ratio must be at most 1000000 %"};
    return *scaled;
}

Status apply_ratio_below(Rules& rules, std::string_view value)
{
    const auto parts = split(value, ':');
    if (parts.size() < 2 || parts.size() > 3) return Error{"expected ASSET:PCT[:BASIS]"};
    AssetSelector target;
    if (parts[0] == kValueWord) {
        // The ratio over every asset in value; one asset's ratio does not depend on its price.
        if (!looks_numeric(parts[1])) {
            return Error{"ratio_below = VALUE:PCT is the ratio over every asset in value; one asset's ratio is "
                         "ratio_below = SYMBOL:PCT"};
        }
        target.value = true;
    } else {
        auto parsed = parse_asset(parts[0]);
        if (!parsed) return parsed.error();
        target = *parsed;
    }
    auto pct = parse_ratio_percent(parts[1]);
    if (!pct) return pct.error();
    RatioRule rule{target, *pct, Basis::all, {}};
    if (parts.size() == 3) {
        auto basis = parse_basis(parts[2]);
        if (!basis) return basis.error();
        rule.basis = *basis;
    }
    for (const auto& other : rules.ratio_below) {
        if (other.target == rule.target && other.basis == rule.basis) {
            return Error{"a ratio_below rule for " + describe(rule.target, rule.basis) + " is already set"};
        }
    }
    rules.ratio_below.push_back(std::move(rule));
    return Ok{};
}

Status apply_maintenance(Rules& rules, std::string_view value)
{
    const auto parts = split(value, '/');
    if (parts.size() != 2) return Error{"expected START/END"};
    auto start = parse_utc_timestamp(parts[0]);
    if (!start) return start.error();
    auto end = parse_utc_timestamp(parts[1]);
    if (!end) return end.error();
    if (*end <= *start) return Error{"the window ends before it starts"};
    rules.maintenance.push_back(MaintenanceWindow{*start, *end});
    return Ok{};
}

Status apply_known(Rules& rules, std::string_view key, std::string_view value)
{
    if (key == "drop_percent") return apply_drop(rules, value);
    if (key == "floor") return apply_floor(rules, value);
    if (key == "below_claim") return apply_below_claim(rules, value);
    if (key == "ratio_below") return apply_ratio_below(rules, value);
    if (key == "liabilities_stale") return parse_on_off(rules.liabilities_stale, value);
    if (key == "maintenance") return apply_maintenance(rules, value);
    if (key == "ownership") return parse_on_off(rules.ownership, value);
    if (key == "drift") return parse_on_off(rules.drift, value);
    if (key == "disputed") return parse_on_off(rules.disputed, value);
    if (key == "stale_after") {
        if (rules.stale_explicit) return Error{"stale_after is already set"};
        rules.stale_explicit = true;
        if (value == "off") {
            rules.stale_after.reset();
            return Ok{};
        }
        auto seconds = parse_duration(value);
        if (!seconds) return seconds.error();
        rules.stale_after = *seconds;
        return Ok{};
    }
    if (key == "drop_basis") {
        if (value == "book")
            rules.drop_basis = DropBasis::book;
        else if (value == "same_addresses")
            rules.drop_basis = DropBasis::same_addresses;
        else
            return Error{"expected book or same_addresses"};
        return Ok{};
    }
    if (key == "for") {
        const auto n = parse_small_int(value, 4);
        if (!n || *n < 1 || *n > 1000) return Error{"expected a count from 1 to 1000"};
        rules.debounce = static_cast<unsigned>(*n);
        return Ok{};
    }
    if (key == "resolve_percent") {
        auto pct = parse_percent(value);
        if (!pct) return pct.error();
        if (pct->scaled >= kHundredPercent) return Error{"resolve_percent must be below 100"};
        rules.resolve = *pct;
        return Ok{};
    }
    return Error{"unknown alert rule key"};
}

}  // namespace

bool is_rule_key(std::string_view key)
{
    static constexpr std::array<std::string_view, 13> kKeys{
        "drop_percent", "floor", "below_claim", "stale_after", "for",         "resolve_percent",  "maintenance",
        "ownership",    "drift", "disputed",    "drop_basis",  "ratio_below", "liabilities_stale"};
    return std::find(kKeys.begin(), kKeys.end(), key) != kKeys.end();
}

Status apply_rule_setting(Rules& rules, std::string_view key, std::string_view value, std::size_t line)
{
    const std::size_t drops = rules.drops.size(), floors = rules.floors.size(), claims = rules.below_claims.size(),
                      ratios = rules.ratio_below.size();
    auto status = apply_known(rules, key, value);
    if (!status) {
        return Error{"alerts: " + std::string(key) + " = '" + std::string(value) + "': " + status.error().message};
    }
    const RuleSource source{line, std::string(value)};
    if (rules.drops.size() > drops) rules.drops.back().source = source;
    if (rules.floors.size() > floors) rules.floors.back().source = source;
    if (rules.below_claims.size() > claims) rules.below_claims.back().source = source;
    if (rules.ratio_below.size() > ratios) rules.ratio_below.back().source = source;
    return status;
}

std::int64_t default_stale_after(std::int64_t interval_s)
{
    return std::max<std::int64_t>(3 * interval_s, 30 * 60);
}

void apply_stale_default(Rules& rules, std::int64_t interval_s)
{
    if (!rules.stale_explicit) rules.stale_after = default_stale_after(interval_s);
}

std::string_view to_string(Basis basis)
{
    return basis == Basis::verified ? "verified" : "all";
}

std::string_view to_string(DropBasis basis)
{
    return basis == DropBasis::same_addresses ? "same_addresses" : "book";
}

std::string key_asset(const AssetSelector& selector)
{
    if (!selector.value) return selector.asset;
    return std::string(kValueWord) + (selector.asset.empty() ? "" : ":" + selector.asset);
}

int match_rank(const AssetSelector& selector, std::string_view symbol, address::Chain chain)
{
    if (selector.value) return -1;
    if (selector.asset == "*") return 0;
    if (selector.asset != symbol) return -1;
    if (!selector.chain) return 1;
    return *selector.chain == chain ? 2 : -1;
}

Result<Rules> parse_rules(std::span<const std::pair<std::string, std::string>> settings)
{
    Rules rules;
    for (const auto& [key, value] : settings) {
        auto status = apply_rule_setting(rules, key, value);
        if (!status) return status.error();
    }
    return rules;
}

bool in_maintenance(const Rules& rules, std::int64_t now)
{
    if (rules.silence_all) return true;
    return std::any_of(rules.maintenance.begin(), rules.maintenance.end(),
                       [now](const MaintenanceWindow& w) { return now >= w.start && now < w.end; });
}

std::int64_t history_horizon(const Rules& rules)
{
    std::int64_t horizon = 0;
    for (const auto& rule : rules.drops) horizon = std::max(horizon, rule.window.value_or(0));
    return horizon;
}

}  // namespace porwatch::alert
