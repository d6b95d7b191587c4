// value_totals: the snapshot's totals in the quote currency (pure).
#include <algorithm>

#include "porwatch/snapshot/assemble.hpp"

namespace porwatch::snapshot {

const AssetValue* Valuation::find(std::string_view asset, address::Chain chain) const
{
    for (const auto& v : assets) {
        if (v.asset == asset && v.chain == chain) return &v;
    }
    return nullptr;
}

const AssetSum* sum_of(const Snapshot& snapshot, std::string_view asset)
{
    for (const auto& sum : snapshot.sums) {
        if (sum.asset == asset || std::find(sum.members.begin(), sum.members.end(), asset) != sum.members.end())
            return &sum;
    }
    return nullptr;
}

Valuation value_totals(const Snapshot& snapshot, prices::PriceBook book)
{
    Valuation out;
    out.prices = std::move(book);
    bool every_chain = !snapshot.chains.empty();
    for (const auto& c : snapshot.chains) every_chain = every_chain && c.status == ChainStatus::complete;
    bool every_feed = true;
    bool claims_whole = true;
    for (const auto& t : snapshot.totals) {
        AssetValue v;
        v.asset = t.asset;
        v.chain = t.chain;
        // A same_asset member or sum is priced with its SYMBOL's feed; other USDT@NAME totals
        // find no feed (a bridged token may depeg: porwatch never assumes it is the same).
        const AssetSum* same = sum_of(snapshot, t.asset);
        const std::string& symbol = same ? same->symbol : t.asset;
        // A sum is valued on its own but not added: its members already are.
        const bool is_sum = same && same->asset == t.asset;
        const prices::AssetPrice* p = out.prices.find(symbol);
        if (!p) {
            v.unpriced_reason = "no feed for " + symbol + " in [prices] (feed = " + symbol + ":ADDRESS[:DESCRIPTION])";
        } else if (p->status != prices::PriceStatus::priced || !p->price) {
            v.unpriced_reason = p->reason;
            every_feed = false;
        } else {
            const prices::Price& price = *p->price;
            v.value = prices::value_of(t.units, t.decimals, price.answer, price.decimals);
            v.verified_value = prices::value_of(t.verified_units, t.decimals, price.answer, price.decimals);
            if (t.claimed_units)
                v.claimed_value = prices::value_of(*t.claimed_units, t.decimals, price.answer, price.decimals);
        }
        if (v.value && !is_sum) {
            out.total += *v.value;
            out.verified_total += *v.verified_value;
            if (v.claimed_value) out.claimed_total = out.claimed_total.value_or(0) + *v.claimed_value;
            claims_whole = claims_whole && t.claim_errors == 0;
            if (std::find(out.priced.begin(), out.priced.end(), t.asset) == out.priced.end())
                out.priced.push_back(t.asset);
        }
        if (!v.unpriced_reason.empty() && !is_sum) out.unpriced.emplace_back(t.asset, v.unpriced_reason);
        out.assets.push_back(std::move(v));
    }
    if (!claims_whole) out.claimed_total.reset();
    out.complete = every_chain && every_feed;
    return out;
}

}  // namespace porwatch::snapshot
