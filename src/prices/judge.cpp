// The checks a feed reading must pass to become a usable price (see prices.hpp for the order).
#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>

#include "porwatch/prices/prices.hpp"
#include "porwatch/util/duration.hpp"

namespace porwatch::prices {
namespace {

std::string upper(std::string text)
{
    for (char& c : text) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return text;
}

// a·10^-a_scale vs b·10^-b_scale, exactly: <0, 0, >0.
int compare_scaled(const Units& a, unsigned a_scale, const Units& b, unsigned b_scale)
{
    Value left(a), right(b);
    if (a_scale < b_scale) left *= boost::multiprecision::pow(Value(10), b_scale - a_scale);
    if (b_scale < a_scale) right *= boost::multiprecision::pow(Value(10), a_scale - b_scale);
    return left < right ? -1 : (left == right ? 0 : 1);
}

std::string seconds_text(std::int64_t s)
{
    return std::to_string(s) + " s";
}

// The first failed check of a read feed, or "" when it passes them all; fills `price`.
std::string check(const config::PricesConfig& config, const config::FeedConfig& feed, const chain::FeedReading& r,
                  std::int64_t block_timestamp, Price& price)
{
    // Description: the configured one must match exactly; the quote comes from "BASE / QUOTE".
    if (feed.description && r.description != *feed.description) {
        return "description() is '" + r.description + "', the config expects '" + *feed.description + "'";
    }
    if (const auto pair = parse_pair(r.description)) {
        if (pair->second != config.quote) {
            return "the feed quotes " + r.description + ", values are in " + config.quote + " ([prices] quote)";
        }
        if (!feed.description && upper(pair->first) != upper(feed.asset)) {
            return "the feed prices " + r.description + ", not " + feed.asset + " (give feed = " + feed.asset + ":" +
                   feed.contract.text + ":" + r.description + " to vouch for it)";
        }
        price.quote = pair->second;
    } else if (feed.description) {
        price.quote = config.quote;  // the operator vouched for this exact description
    } else {
        return "description() '" + r.description + "' names no BASE / QUOTE pair (give feed = " + feed.asset + ":" +
               feed.contract.text + ":DESCRIPTION to vouch for it)";
    }
    const chain::FeedRound& round = *r.round;
    price.decimals = r.decimals;
    price.round_id = round.round_id;
    if (round.answer.negative && round.answer.magnitude != 0) {
        return "answer " + chain::to_string(round.answer) + " is negative (round " +
               porwatch::to_string(round.round_id) + ")";
    }
    if (round.answer.magnitude == 0) return "answer is 0 (round " + porwatch::to_string(round.round_id) + ")";
    price.answer = round.answer.magnitude;
    if (round.updated_at == 0) return "updatedAt is 0: the round is not complete";
    if (round.updated_at > Units(block_timestamp)) {
        return "updatedAt " + porwatch::to_string(round.updated_at) + " is after the block's timestamp " +
               std::to_string(block_timestamp);
    }
    price.updated_at = static_cast<std::int64_t>(round.updated_at);
    price.age_s = block_timestamp - price.updated_at;
    if (const std::int64_t max_age = config.max_age_for(feed.asset); price.age_s > max_age) {
        return "stale: updated " + seconds_text(price.age_s) + " before the block (updatedAt " +
               porwatch::to_string(round.updated_at) + "), max_age is " + format_duration(max_age);
    }
    for (const auto& b : config.bounds) {
        if (b.asset != feed.asset) continue;
        const std::string shown = format_decimal(price.answer, price.decimals) + " " + price.quote;
        if (compare_scaled(price.answer, price.decimals, b.min.scaled, b.min.scale) < 0) {
            return "answer " + shown + " is below the bound " + b.min.text + " (bounds = " + b.asset + ":" +
                   b.min.text + ":" + b.max.text + ")";
        }
        if (compare_scaled(price.answer, price.decimals, b.max.scaled, b.max.scale) > 0) {
            return "answer " + shown + " is above the bound " + b.max.text + " (bounds = " + b.asset + ":" +
                   b.min.text + ":" + b.max.text + ")";
        }
    }
    return "";
}

}  // namespace

std::optional<std::pair<std::string, std::string>> parse_pair(std::string_view description)
{
    const auto slash = description.find(" / ");
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string base(description.substr(0, slash));
    const std::string quote(description.substr(slash + 3));
    const auto plain = [](const std::string& s) { return !s.empty() && s.find_first_of(" /") == std::string::npos; };
    if (!plain(base) || !plain(quote)) return std::nullopt;
    return std::pair{base, quote};
}

std::string_view to_string(PriceStatus status)
{
    switch (status) {
    case PriceStatus::priced: return "priced";
    case PriceStatus::unpriced: return "unpriced";
    }
    return "unpriced";
}

std::optional<PriceStatus> price_status_from_string(std::string_view name)
{
    return enum_from_name(kAllPriceStatuses, name, [](PriceStatus s) { return to_string(s); });
}

const AssetPrice* PriceBook::find(std::string_view asset) const
{
    for (const auto& p : prices) {
        if (p.asset == asset) return &p;
    }
    return nullptr;
}

PriceBook judge(const config::PricesConfig& config, const chain::PriceScan& scan)
{
    PriceBook book;
    book.quote = config.quote;
    book.max_age_s = config.max_age_s;
    book.pinned = scan.pinned;
    book.height = scan.height;
    book.block_hash = scan.block_hash;
    book.block_timestamp = scan.block_timestamp;
    book.endpoints = scan.endpoints;
    book.error = scan.error;
    for (const auto& feed : config.feeds) {
        AssetPrice out;
        out.asset = feed.asset;
        out.feed = feed.contract.text;
        const auto reading = std::find_if(scan.feeds.begin(), scan.feeds.end(),
                                          [&](const chain::FeedReading& r) { return r.asset == feed.asset; });
        if (reading == scan.feeds.end()) {
            out.reason = "the feed was not read";
        } else {
            out.reading = *reading;
            if (reading->status == chain::FeedStatus::disputed) {
                out.reason = reading->error;
            } else if (reading->status != chain::FeedStatus::read) {
                out.reason = "the feed could not be read: " + reading->error;
            } else {
                Price price;
                out.reason = check(config, feed, *reading, scan.block_timestamp, price);
                if (out.reason.empty()) {
                    out.status = PriceStatus::priced;
                    out.price = std::move(price);
                }
            }
        }
        book.prices.push_back(std::move(out));
    }
    return book;
}

std::string describe(const AssetPrice& p)
{
    if (p.status != PriceStatus::priced || !p.price) return p.asset + " unpriced: " + p.reason;
    return p.asset + " " + format_decimal(p.price->answer, p.price->decimals) + " " + p.price->quote + " (" +
           p.reading.description + ", round " + porwatch::to_string(p.price->round_id) + ", updated " +
           std::to_string(p.price->age_s) + " s before the block)";
}

}  // namespace porwatch::prices
