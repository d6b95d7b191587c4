// The bundle's price evidence re-checked offline: the price block's timestamp against the header
// the bundle proves, each verdict against its own reading, and every value re-computed with
// snapshot::value_totals, the function that made it.
//
// What stays the config's word offline: max_age, the bounds and a vouched description (the
// bundle does not carry the exchange watcher's config); `check --config` re-judges the readings
// with the checker's own [prices] (check_online.cpp).
#include <algorithm>
#include <map>

#include "porwatch/ethproof/header.hpp"
#include "porwatch/prices/prices.hpp"
#include "porwatch/snapshot/assemble.hpp"
#include "porwatch/util/text.hpp"
#include "support.hpp"

namespace porwatch::bundle {
namespace {

std::optional<Units> word(const std::optional<std::string>& text)
{
    if (!text) return std::nullopt;
    auto units = parse_units(*text);
    if (!units) return std::nullopt;
    return *units;
}

// The price block's timestamp from a header the bundle carries for that block.
void check_price_block(const store::SnapshotExport& b, const store::ExportedPrices& p, CheckReport& report)
{
    const std::string part = "price block";
    if (!p.total.price_height) {
        report.add(part, PartStatus::not_checked, "no block was pinned for prices: every feed is unread");
        return;
    }
    const std::string block = std::to_string(*p.total.price_height) + " " + p.total.price_block_hash;
    const store::ExportedChain* ethereum = nullptr;
    for (const auto& c : b.chains) {
        if (c.result.chain == address::Chain::ethereum && c.result.block_hash == p.total.price_block_hash &&
            c.evidence && c.evidence->proof_data && !c.evidence->proof_data->header_rlp.empty()) {
            ethereum = &c;
        }
    }
    if (!ethereum) {
        report.add(part, PartStatus::not_checked,
                   "prices were read at block " + block +
                       ", whose header the bundle does not carry (the Ethereum scan did not complete there, or ran "
                       "with proofs = off): its timestamp, and so each price's age, is the node quorum's word");
        return;
    }
    const auto hash = hash_from_hex(p.total.price_block_hash);
    auto header = ethproof::decode_header(ethereum->evidence->proof_data->header_rlp);
    if (!hash || !header) {
        report.add(part, PartStatus::failed,
                   "the header of block " + block +
                       " does not decode: " + (header ? std::string("bad block hash") : header.error().message));
        return;
    }
    if (auto hashed = ethproof::check_header(*header, *hash); !hashed) {
        report.add(part, PartStatus::failed, hashed.error().message);
        return;
    }
    if (header->number != *p.total.price_height) {
        report.add(part, PartStatus::failed,
                   "the header of " + p.total.price_block_hash + " is block " + std::to_string(header->number) +
                       ", the prices say " + std::to_string(*p.total.price_height));
        return;
    }
    const auto timestamp = static_cast<std::int64_t>(header->timestamp);
    if (p.block_timestamp != timestamp) {
        report.add(part, PartStatus::failed,
                   "the prices say block " + block + " has timestamp " +
                       (p.block_timestamp ? std::to_string(*p.block_timestamp) : std::string("none")) +
                       ", its header (which hashes to the block hash) says " + std::to_string(timestamp));
        return;
    }
    report.add(part, PartStatus::ok,
               "prices read at block " + block +
                   ", the Ethereum block whose header the bundle "
                   "proves; its timestamp " +
                   std::to_string(timestamp) + " is the header's");
}

// Each verdict against its own reading: a priced feed was read by the quorum, answers > 0, was
// updated no later than the block, and its age is block time − updatedAt.
void check_feed_verdicts(const store::ExportedPrices& p, CheckReport& report)
{
    Failures failures("price feeds");
    std::size_t priced = 0;
    for (const auto& f : p.feeds) {
        const std::string name = f.asset + " (" + f.feed + ")";
        if (f.status != "priced") {
            if (f.reason.empty()) failures.add(name + ": unpriced without a reason");
            continue;
        }
        ++priced;
        const auto answer = word(f.answer);
        const auto updated = word(f.updated_at);
        if (f.feed_status != "read") failures.add(name + ": priced, but the feed is '" + f.feed_status + "'");
        if (!f.reason.empty()) failures.add(name + ": priced, with a reason ('" + f.reason + "')");
        if (!answer || *answer == 0)
            failures.add(name + ": priced with answer '" + f.answer.value_or("none") + "', not > 0");
        if (!f.decimals || !word(f.round_id)) failures.add(name + ": priced without decimals or a round id");
        if (!updated || *updated == 0) {
            failures.add(name + ": priced with updatedAt '" + f.updated_at.value_or("none") + "'");
        } else if (!p.block_timestamp || *updated > Units(*p.block_timestamp)) {
            failures.add(name + ": updatedAt " + to_string(*updated) + " is after the block's timestamp " +
                         (p.block_timestamp ? std::to_string(*p.block_timestamp) : std::string("(none)")));
        } else if (!f.age_s || Units(*p.block_timestamp) - *updated != Units(*f.age_s)) {
            failures.add(name + ": age " + (f.age_s ? std::to_string(*f.age_s) : std::string("none")) +
                         " s, but block time − updatedAt is " + to_string(Units(*p.block_timestamp) - *updated) + " s");
        }
    }
    failures.report(report, std::to_string(p.feeds.size()) + " feeds, " + std::to_string(priced) +
                                " priced: each read by the quorum, answer > 0, updated no later than the block, age = "
                                "block time − updatedAt (max_age, bounds and descriptions are the config's: re-judged "
                                "with --config)");
}

// The PriceBook the bundle's verdicts make (priced feeds with their price, the rest unpriced).
prices::PriceBook book_of(const store::ExportedPrices& p)
{
    prices::PriceBook book;
    book.quote = p.total.quote;
    book.pinned = p.total.price_height.has_value();
    book.height = p.total.price_height.value_or(0);
    book.block_hash = p.total.price_block_hash;
    book.block_timestamp = p.block_timestamp.value_or(0);
    for (const auto& f : p.feeds) {
        prices::AssetPrice a;
        a.asset = f.asset;
        a.feed = f.feed;
        a.reason = f.reason;
        const auto answer = word(f.answer);
        if (f.status == "priced" && answer && f.decimals) {
            a.status = prices::PriceStatus::priced;
            a.price = prices::Price{p.total.quote,      *f.decimals, *answer, word(f.round_id).value_or(Units{0}), 0,
                                    f.age_s.value_or(0)};
        } else if (f.status == "priced") {
            a.reason = "priced without a readable answer and decimals";
        }
        book.prices.push_back(std::move(a));
    }
    return book;
}

std::string text_or_none(const std::optional<prices::Value>& v)
{
    return v ? prices::to_string(*v) : std::string("none");
}

// Every value re-computed from the bundle's totals and prices, compared exactly.
void check_values(const store::SnapshotExport& b, const store::ExportedPrices& p, CheckReport& report)
{
    Failures failures("values");
    snapshot::Snapshot snap;
    for (const auto& c : b.chains) snap.chains.push_back(c.result);
    snap.totals = b.totals;
    const snapshot::Valuation again = snapshot::value_totals(snap, book_of(p));
    std::map<std::pair<std::string, address::Chain>, const snapshot::AssetValue*> computed;
    for (const auto& v : again.assets) computed[{v.asset, v.chain}] = &v;
    for (const auto& v : p.values) {
        const std::string name = v.asset + " on " + std::string(address::to_string(v.chain));
        const auto it = computed.find({v.asset, v.chain});
        if (it == computed.end()) {
            failures.add(name + ": a value with no total in the bundle");
            continue;
        }
        const snapshot::AssetValue& c = *it->second;
        if (c.value != v.value || c.verified_value != v.verified_value || c.claimed_value != v.claimed_value ||
            c.unpriced_reason != v.unpriced_reason) {
            failures.add(name + ": the bundle says value " + text_or_none(v.value) + ", verified " +
                         text_or_none(v.verified_value) + ", claimed " + text_or_none(v.claimed_value) +
                         "; its units and price make " + text_or_none(c.value) + ", " + text_or_none(c.verified_value) +
                         ", " + text_or_none(c.claimed_value) +
                         (c.unpriced_reason == v.unpriced_reason ? "" : " (unpriced: '" + c.unpriced_reason + "')"));
        }
        computed.erase(it);
    }
    for (const auto& [key, v] : computed) {
        failures.add(key.first + " on " + std::string(address::to_string(key.second)) +
                     ": a total the values do not list");
    }
    std::vector<std::string> unpriced;
    for (const auto& [asset, reason] : again.unpriced) unpriced.push_back(asset);
    const auto& t = p.total;
    if (again.total != t.value || again.verified_total != t.verified_value || again.claimed_total != t.claimed_value) {
        failures.add("the bundle's total value is " + prices::to_string(t.value) + " (verified " +
                     prices::to_string(t.verified_value) + ", claimed " + text_or_none(t.claimed_value) +
                     "); its values sum to " + prices::to_string(again.total) + " (" +
                     prices::to_string(again.verified_total) + ", " + text_or_none(again.claimed_total) + ")");
    }
    // The lists follow the totals' order, which the stored rows need not keep: compare them sorted.
    const auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    if (again.complete != t.complete || sorted(again.priced) != sorted(t.priced) ||
        sorted(unpriced) != sorted(t.unpriced)) {
        failures.add("the bundle says complete = " + std::string(t.complete ? "yes" : "no") + ", priced [" +
                     join(t.priced, ",") + "], unpriced [" + join(t.unpriced, ",") + "]; its chains and feeds make " +
                     (again.complete ? "yes" : "no") + ", [" + join(again.priced, ",") + "], [" + join(unpriced, ",") +
                     "]");
    }
    failures.report(report, std::to_string(p.values.size()) + " values and the total " + prices::format_value(t.value) +
                                " " + t.quote + " re-computed exactly from the totals' units and the feeds' answers");
}

}  // namespace

void check_prices(const store::SnapshotExport& b, CheckReport& report)
{
    if (!b.prices) {
        report.add("prices", PartStatus::not_checked, "the snapshot did not read prices: it has no value to re-check");
        return;
    }
    check_price_block(b, *b.prices, report);
    check_feed_verdicts(*b.prices, report);
    check_values(b, *b.prices, report);
}

}  // namespace porwatch::bundle
