// add_sums: the exact sum of each same_asset line's per-chain totals (issue 15).
//
// Money stays exact: members are scaled up (never down) to the largest decimals among them
// (USDT has 6 on Ethereum, 18 on BSC) in an unbounded integer, and a result past 2^256-1 is an
// error, never a wrapped number. Fail closed: a member chain that is not complete leaves no
// sum at all, so a drop can never be read off a partial figure.
#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <limits>

#include "porwatch/snapshot/assemble.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::snapshot {
namespace {

using Big = boost::multiprecision::cpp_int;

// Accumulates a sum of uint256 amounts at `decimals`, remembering an overflow.
struct Exact {
    Big value;
    void add(const Units& units, unsigned from, unsigned to)
    {
        value += Big(units) * boost::multiprecision::pow(Big(10), to - from);
    }
    bool fits() const { return value <= Big(std::numeric_limits<Units>::max()); }
};

// Returns: why the chain of `member` gives no figure, or "" when it is complete.
std::string chain_gap(const Snapshot& snapshot, const std::string& member)
{
    const std::string_view source = asset_source(member);
    for (const ChainResult& c : snapshot.chains) {
        if (c.chain != address::Chain::ethereum || c.source != source) continue;
        if (c.status == ChainStatus::complete) return "";
        return member + ": chain " + chain::source_name(c) + " " + std::string(to_string(c.status)) +
               (c.error.empty() ? "" : " (" + c.error + ")");
    }
    return member + ": chain " + (source.empty() ? std::string("ethereum") : std::string(source)) + " not scanned";
}

}  // namespace

void add_sums(Snapshot& snapshot, std::span<const config::SameAsset> same_assets,
              std::span<const config::ConfiguredAsset> assets)
{
    for (const config::SameAsset& same : same_assets) {
        AssetSum sum{same.symbol + "@" + std::string(config::kSumSource), same.symbol, same.members, false, ""};
        std::vector<std::string> gaps;
        unsigned decimals = 0;
        for (const std::string& member : same.members) {
            if (std::string gap = chain_gap(snapshot, member); !gap.empty()) gaps.push_back(std::move(gap));
            for (const auto& a : assets) {
                if (a.symbol == member) decimals = std::max(decimals, a.decimals);
            }
            for (const auto& t : snapshot.totals) {
                if (t.asset == member) decimals = std::max(decimals, t.decimals);
            }
        }
        if (!gaps.empty()) {
            sum.reason = "no sum: " + join(gaps, "; ");
            snapshot.sums.push_back(std::move(sum));
            continue;
        }
        AssetTotal total;
        total.asset = sum.asset;
        total.chain = address::Chain::ethereum;
        total.decimals = decimals;
        Exact units, verified, claimed;
        bool claims = true;
        for (const std::string& member : same.members) {
            const auto t = std::find_if(snapshot.totals.begin(), snapshot.totals.end(),
                                        [&](const AssetTotal& x) { return x.asset == member; });
            if (t == snapshot.totals.end()) continue;  // complete chain, no book row: adds zero
            units.add(t->units, t->decimals, decimals);
            verified.add(t->verified_units, t->decimals, decimals);
            if (t->claimed_units)
                claimed.add(*t->claimed_units, t->decimals, decimals);
            else
                claims = false;
            total.addresses += t->addresses;
            total.verified_addresses += t->verified_addresses;
            total.unverified_addresses += t->unverified_addresses;
            total.claim_errors += t->claim_errors;
        }
        if (total.addresses == 0 || !units.fits()) {
            // As for one chain's asset: no book row, no figure.
            sum.reason = total.addresses == 0 ? "no sum: no book row lists a member" : "no sum: it exceeds 2^256-1";
            snapshot.sums.push_back(std::move(sum));
            continue;
        }
        total.units = Units(units.value);
        total.verified_units = Units(verified.value);  // ≤ units: fits
        if (claims && total.claim_errors == 0 && claimed.fits()) total.claimed_units = Units(claimed.value);
        sum.complete = true;
        snapshot.totals.push_back(std::move(total));
        snapshot.sums.push_back(std::move(sum));
    }
}

}  // namespace porwatch::snapshot
