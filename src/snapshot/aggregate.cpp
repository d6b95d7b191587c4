// aggregate_solvency: the reserve ratio over every asset with liabilities, in value
// (solvency.hpp, AggregateSolvency in snapshot.hpp).
//
// Fail closed: the aggregate is complete only when nothing the exchange owes is left out. A
// liabilities file that did not verify, an asset whose reserves were not read or whose price
// failed a check, and a liability asset no configured chain scans each leave the aggregate
// incomplete with the reason; its ratio then covers the included assets only and no alert
// reads it.
#include <algorithm>
#include <limits>

#include "ascii.hpp"
#include "porwatch/snapshot/solvency.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::snapshot {
namespace {

std::optional<Units> value_ratio(const prices::Value& reserves, const prices::Value& liabilities)
{
    if (liabilities == 0) return std::nullopt;
    const prices::Value ratio = reserves * 10000 / liabilities;
    // Saturate like ratio_hundredths: a ratio above 2^256−1 hundredths is not a real figure.
    if (auto units = prices::to_units(ratio)) return *units;
    return std::numeric_limits<Units>::max();
}

void exclude(AggregateSolvency& a, const std::string& asset, std::string reason)
{
    a.excluded.emplace_back(asset, std::move(reason));
}

}  // namespace

std::optional<AggregateSolvency> aggregate_solvency(const Snapshot& snapshot,
                                                    std::span<const config::ConfiguredAsset> assets)
{
    if (!snapshot.valuation || snapshot.liabilities.empty()) return std::nullopt;
    const Valuation& valuation = *snapshot.valuation;
    AggregateSolvency a;
    a.quote = valuation.prices.quote;
    for (const auto& f : snapshot.liabilities) {
        if (!f.verified()) {
            a.liabilities_failed = true;
            exclude(a, std::string(liabilities::to_string(f.spec.format)) + " " + f.spec.path,
                    "the file did not verify: " + f.error);
        }
    }
    for (const Solvency& s : snapshot.solvency) {
        if (s.status != SolvencyStatus::ok) {
            if (s.status == SolvencyStatus::liabilities_failed) a.liabilities_failed = true;
            exclude(a, s.asset, std::string(to_string(s.status)) + ": " + s.reason);
            continue;
        }
        const prices::AssetPrice* price = valuation.prices.find(s.asset);
        const AssetValue* value = valuation.find(s.asset, s.chain);
        if (!price || !price->price || !value || !value->value || !value->verified_value || !s.liabilities_units) {
            std::string reason = "unpriced: ";
            if (!price)
                reason += "no feed for " + s.asset + " in [prices]";
            else if (!price->price)
                reason += price->reason;
            else
                reason += value ? value->unpriced_reason : "its total was not read";
            exclude(a, s.asset, reason);
            continue;
        }
        a.reserves_value += *value->value;
        a.verified_reserves_value += *value->verified_value;
        a.liabilities_value += prices::value_of(*s.liabilities_units, s.liabilities_decimals, price->price->answer,
                                                price->price->decimals);
        a.included.push_back(s.asset);
    }
    for (const auto& f : snapshot.liabilities) {
        if (!f.verified()) continue;
        for (const auto& owed : f.liabilities->assets) {
            if (owed.net == 0) continue;
            const bool scanned = std::any_of(assets.begin(), assets.end(), [&](const config::ConfiguredAsset& c) {
                return detail::upper(c.symbol) == owed.asset;
            });
            if (!scanned) {
                exclude(a, owed.asset,
                        "no configured chain scans it (" + format_decimal(owed.net, owed.decimals) + " owed in " +
                            f.spec.path + ")");
            }
        }
    }
    a.ratio_hundredths = value_ratio(a.reserves_value, a.liabilities_value);
    a.verified_ratio_hundredths = value_ratio(a.verified_reserves_value, a.liabilities_value);
    a.complete = a.excluded.empty() && !a.included.empty();
    return a;
}

bool value_ratio_below(const prices::Value& reserves, const prices::Value& liabilities, const Units& percent_scaled)
{
    if (liabilities == 0) return false;
    // reserves ÷ liabilities × 100 < p ÷ 10^4  ⇔  reserves × 10^6 < p × liabilities
    return reserves * 1000000 < prices::Value(percent_scaled) * liabilities;
}

std::string describe(const AggregateSolvency& a)
{
    std::string line = "value ";
    line += a.ratio_hundredths ? format_ratio(*a.ratio_hundredths) + " %" : std::string("no liabilities");
    if (a.verified_ratio_hundredths) line += " (proven " + format_ratio(*a.verified_ratio_hundredths) + " %)";
    line += ": reserves " + prices::format_value(a.reserves_value) + " " + a.quote + " vs liabilities " +
            prices::format_value(a.liabilities_value) + " " + a.quote;
    const std::string included = join(a.included, ", ");
    line += " (" + (included.empty() ? std::string("no asset") : included) + ")";
    if (!a.complete) line += " INCOMPLETE";
    for (const auto& [asset, reason] : a.excluded) line += "; " + asset + " left out: " + reason;
    return line;
}

}  // namespace porwatch::snapshot
