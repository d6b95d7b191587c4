// assess_solvency and the exact ratio arithmetic (solvency.hpp).
#include "porwatch/snapshot/solvency.hpp"

#include <algorithm>
#include <limits>

#include <boost/multiprecision/cpp_int.hpp>

#include "ascii.hpp"

namespace porwatch::snapshot {
namespace {

using Big = boost::multiprecision::cpp_int;  // unbounded: 10^decimals × uint256 never overflows

Big pow10(unsigned n)
{
    return boost::multiprecision::pow(Big(10), n);
}

std::string file_label(const liabilities::FileResult& f)
{
    return std::string(liabilities::to_string(f.spec.format)) + " " + f.spec.path;
}

const liabilities::AssetLiability* find_asset(const liabilities::Liabilities& l, const std::string& upper_symbol)
{
    for (const auto& a : l.assets) {
        if (a.asset == upper_symbol) return &a;
    }
    return nullptr;
}

bool may_hold(const liabilities::FileResult& f, const std::string& upper_symbol, const liabilities::Settings& settings)
{
    const auto assets = liabilities::assets_of_format(f.spec.format, settings);
    return !assets || std::find(assets->begin(), assets->end(), upper_symbol) != assets->end();
}

// The reserves of `asset` in this snapshot, or why they are missing.
void fill_reserves(Solvency& s, const Snapshot& snapshot)
{
    const auto chain = std::find_if(snapshot.chains.begin(), snapshot.chains.end(),
                                    [&](const ChainResult& c) { return c.chain == s.chain; });
    if (chain == snapshot.chains.end()) {
        if (snapshot.chains.empty()) {
            s.status = SolvencyStatus::reserves_missing;
            s.reason = "no chain was scanned this cycle";
            return;
        }
        // The book lists no address on this chain: the exchange publishes no reserves for it.
        s.units = Units(0);
        s.verified_units = Units(0);
        return;
    }
    if (chain->status != ChainStatus::complete) {
        s.status = SolvencyStatus::reserves_missing;
        s.reason = std::string(address::to_string(s.chain)) + " " + std::string(to_string(chain->status)) +
                   (chain->error.empty() ? "" : ": " + chain->error);
        return;
    }
    s.reserves_height = chain->height;
    s.reserves_block_hash = chain->block_hash;
    s.units = Units(0);
    s.verified_units = Units(0);
    for (const auto& t : snapshot.totals) {
        if (t.chain == s.chain && t.asset == s.asset) {
            s.units = t.units;
            s.verified_units = t.verified_units;
        }
    }
}

void fill_age(Solvency& s, const liabilities::Settings& settings)
{
    if (!settings.max_age_blocks) return;
    s.max_age_blocks = settings.max_age_blocks;
    if (!s.liabilities_height) {
        s.stale = true;
        s.stale_reason = std::string(liabilities::to_string(*s.liabilities_format)) + " file " + s.liabilities_file +
                         " carries no height of its own: its age cannot be checked against max_age";
        return;
    }
    if (!s.reserves_height) return;  // not read this snapshot: not evaluated
    s.age_blocks = static_cast<std::int64_t>(*s.reserves_height) - static_cast<std::int64_t>(*s.liabilities_height);
    if (*s.age_blocks > static_cast<std::int64_t>(*settings.max_age_blocks)) {
        s.stale = true;
        s.stale_reason = "the liabilities of " + s.liabilities_file + " are at height " +
                         std::to_string(*s.liabilities_height) + ", " + std::to_string(*s.age_blocks) +
                         " blocks before the reserves' height " + std::to_string(*s.reserves_height) + " (max_age " +
                         std::to_string(*settings.max_age_blocks) + " blocks)";
    }
}

}  // namespace

std::string_view to_string(SolvencyStatus status)
{
    switch (status) {
    case SolvencyStatus::ok: return "ok";
    case SolvencyStatus::reserves_missing: return "reserves_missing";
    case SolvencyStatus::liabilities_failed: return "liabilities_failed";
    }
    return "unknown";
}

std::optional<SolvencyStatus> solvency_status_from_string(std::string_view name)
{
    return enum_from_name(kAllSolvencyStatuses, name, [](SolvencyStatus s) { return to_string(s); });
}

std::optional<Units> ratio_hundredths(const Units& reserves, unsigned reserves_decimals, const Units& liabilities,
                                      unsigned liabilities_decimals)
{
    if (liabilities == 0) return std::nullopt;
    const Big numerator = Big(reserves) * pow10(liabilities_decimals) * 10000;
    const Big denominator = Big(liabilities) * pow10(reserves_decimals);
    const Big ratio = numerator / denominator;
    // reserves < 2^256 and liabilities ≥ 1 unit: the ratio fits unless 10^decimals is huge.
    if (ratio > Big(std::numeric_limits<Units>::max())) return std::numeric_limits<Units>::max();
    return Units(ratio);
}

bool ratio_below(const Units& reserves, unsigned reserves_decimals, const Units& liabilities,
                 unsigned liabilities_decimals, const Units& percent_scaled)
{
    if (liabilities == 0) return false;
    // reserves/10^rd ÷ liabilities/10^ld × 100 < p/10^4  ⇔  reserves × 10^ld × 10^6 < p × liabilities × 10^rd
    return Big(reserves) * pow10(liabilities_decimals) * 1000000 <
           Big(percent_scaled) * Big(liabilities) * pow10(reserves_decimals);
}

std::string format_ratio(const Units& hundredths)
{
    return format_decimal(hundredths, 2);
}

std::vector<Solvency> assess_solvency(const Snapshot& snapshot, std::span<const liabilities::FileResult> files,
                                      std::span<const config::ConfiguredAsset> assets,
                                      const liabilities::Settings& settings)
{
    std::vector<Solvency> out;
    for (const auto& asset : assets) {
        // Reserves on an [evm.NAME] chain (USDT@arbitrum) are not matched to the liabilities'
        // USDT until assets are declared the same (issue 15: same_asset, not yet).
        if (!asset_source(asset.symbol).empty()) continue;
        const std::string symbol = detail::upper(asset.symbol);
        std::vector<const liabilities::FileResult*> verified;
        const liabilities::FileResult* failed = nullptr;
        for (const auto& f : files) {
            if (f.verified()) {
                if (find_asset(*f.liabilities, symbol)) verified.push_back(&f);
            } else if (!failed && may_hold(f, symbol, settings)) {
                failed = &f;
            }
        }
        if (verified.empty() && !failed) continue;
        Solvency s;
        s.asset = asset.symbol;
        s.chain = asset.chain;
        s.decimals = asset.decimals;
        fill_reserves(s, snapshot);
        if (failed) {
            s.status = SolvencyStatus::liabilities_failed;
            s.liabilities_file = failed->spec.path;
            s.liabilities_format = failed->spec.format;
            s.reason = "liabilities " + file_label(*failed) + " did not verify: " + failed->error;
            out.push_back(std::move(s));
            continue;
        }
        const liabilities::FileResult* chosen = verified.front();
        if (verified.size() > 1) {
            std::sort(verified.begin(), verified.end(), [](const auto* a, const auto* b) {
                return a->liabilities->height.value_or(0) > b->liabilities->height.value_or(0);
            });
            const bool all_heights = std::all_of(verified.begin(), verified.end(),
                                                 [](const auto* f) { return f->liabilities->height.has_value(); });
            if (!all_heights || verified[0]->liabilities->height == verified[1]->liabilities->height) {
                std::string names;
                for (const auto* f : verified) names += (names.empty() ? "" : ", ") + f->spec.path;
                s.status = SolvencyStatus::liabilities_failed;
                s.reason = symbol + " is in " + std::to_string(verified.size()) + " liabilities files (" + names +
                           ") and no height says which is newest: porwatch does not add liabilities files";
                out.push_back(std::move(s));
                continue;
            }
            chosen = verified.front();
        }
        const liabilities::Liabilities& l = *chosen->liabilities;
        const liabilities::AssetLiability& a = *find_asset(l, symbol);
        s.liabilities_file = chosen->spec.path;
        s.liabilities_format = l.format;
        s.liabilities_root = l.root;
        s.liabilities_height = l.height;
        s.liabilities_decimals = a.decimals;
        s.liabilities_units = a.net;
        s.equity_units = a.equity;
        s.debt_units = a.debt;
        if (s.status == SolvencyStatus::ok) {
            s.ratio_hundredths = ratio_hundredths(*s.units, s.decimals, a.net, a.decimals);
            s.verified_ratio_hundredths = ratio_hundredths(*s.verified_units, s.decimals, a.net, a.decimals);
        }
        fill_age(s, settings);
        out.push_back(std::move(s));
    }
    return out;
}

std::string describe(const Solvency& s)
{
    std::string line = s.asset + " ";
    if (s.status != SolvencyStatus::ok) return line + std::string(to_string(s.status)) + ": " + s.reason;
    const auto amount = [](const std::optional<Units>& u, unsigned d) {
        return u ? format_decimal(*u, d) : std::string("?");
    };
    line += s.ratio_hundredths ? format_ratio(*s.ratio_hundredths) + " %" : std::string("no liabilities");
    if (s.verified_ratio_hundredths) line += " (proven " + format_ratio(*s.verified_ratio_hundredths) + " %)";
    line += ": reserves " + amount(s.units, s.decimals) +
            (s.reserves_height ? " @ " + std::to_string(*s.reserves_height) : std::string(" (chain not scanned)")) +
            " vs liabilities " + amount(s.liabilities_units, s.liabilities_decimals) + " (" +
            std::string(liabilities::to_string(*s.liabilities_format)) + " " + s.liabilities_file +
            (s.liabilities_height ? " @ " + std::to_string(*s.liabilities_height) : std::string()) + ")";
    if (s.stale) line += "; STALE: " + s.stale_reason;
    return line;
}

std::vector<std::string> uncovered_liabilities(std::span<const liabilities::FileResult> files,
                                               std::span<const config::ConfiguredAsset> assets, std::size_t limit)
{
    std::vector<std::string> all;
    for (const auto& f : files) {
        if (!f.verified()) continue;
        for (const auto& a : f.liabilities->assets) {
            if (a.net == 0) continue;
            const bool scanned = std::any_of(assets.begin(), assets.end(), [&](const config::ConfiguredAsset& c) {
                return detail::upper(c.symbol) == a.asset;
            });
            if (!scanned) all.push_back(a.asset + " " + format_decimal(a.net, a.decimals) + " (" + file_label(f) + ")");
        }
    }
    if (all.size() > limit) {
        const std::size_t more = all.size() - limit;
        all.resize(limit);
        all.push_back("and " + std::to_string(more) + " more");
    }
    return all;
}

}  // namespace porwatch::snapshot
