// The bundle's price evidence (schema 007 rows, store::ExportedPrices) as JSON, and back:
//   "prices":{"included":false,"reason"}                  the snapshot did not read prices
//   "prices":{"included":true,"quote","height","block_hash","block_timestamp",
//             "value_units","verified_value_units","claimed_value_units","complete","priced","unpriced",
//             "feeds":[{"asset","feed","status","reason","feed_status","description","decimals",
//                       "round_id","answer","started_at","updated_at","age_s"}],
//             "values":[{"asset","chain","value_units","verified_value_units","claimed_value_units",
//                        "unpriced_reason"}]}
// Values are integer text in 10^-8 quote units; a feed's words are decimal text as read (answer
// may be negative); null where the feed gave nothing (unread) or the total is unpriced.
#include "json_support.hpp"

#include "porwatch/prices/prices.hpp"

namespace porwatch::bundle::json_detail {
namespace {

Result<std::optional<prices::Value>> read_value(const Reader& rd, const rapidjson::Value& v, const char* k,
                                                const std::string& path)
{
    auto text = rd.optional_string(v, k, path);
    if (!text) return text.error();
    if (!*text) return std::optional<prices::Value>{};
    auto value = prices::parse_value(**text);
    if (!value) return rd.fail(path + "." + k, value.error().message);
    return std::optional<prices::Value>{*value};
}

#define PW_READ_VALUE(var, v, k, path)                                                                                 \
    auto var##_r = read_value(rd, (v), (k), (path));                                                                   \
    if (!var##_r) return var##_r.error();                                                                              \
    auto& var = *var##_r

Status read_feed(const Reader& rd, const rapidjson::Value& x, const std::string& path, store::PriceRow& f)
{
    PW_READ(asset, rd.string(x, "asset", path));
    PW_READ(feed, rd.string(x, "feed", path));
    PW_READ(status, rd.string(x, "status", path));
    PW_READ(reason, rd.string(x, "reason", path));
    PW_READ(feed_status, rd.string(x, "feed_status", path));
    PW_READ(description, rd.optional_string(x, "description", path));
    PW_READ(decimals, rd.optional_integer(x, "decimals", path));
    PW_READ(round_id, rd.optional_string(x, "round_id", path));
    PW_READ(answer, rd.optional_string(x, "answer", path));
    PW_READ(started_at, rd.optional_string(x, "started_at", path));
    PW_READ(updated_at, rd.optional_string(x, "updated_at", path));
    PW_READ(age_s, rd.optional_integer(x, "age_s", path));
    if (!prices::price_status_from_string(status)) return rd.fail(path + ".status", "is not 'priced' or 'unpriced'");
    if (!chain::feed_status_from_string(feed_status)) return rd.fail(path + ".feed_status", "is not a feed status");
    if (decimals && (*decimals < 0 || *decimals > 255)) return rd.fail(path + ".decimals", "is not 0 to 255");
    f.asset = asset;
    f.feed = feed;
    f.status = status;
    f.reason = reason;
    f.feed_status = feed_status;
    f.description = description;
    if (decimals) f.decimals = static_cast<unsigned>(*decimals);
    f.round_id = round_id;
    f.answer = answer;
    f.started_at = started_at;
    f.updated_at = updated_at;
    f.age_s = age_s;
    return Ok{};
}

Status read_asset_value(const Reader& rd, const rapidjson::Value& x, const std::string& path, snapshot::AssetValue& v)
{
    PW_READ(asset, rd.string(x, "asset", path));
    PW_READ(chain, rd.string(x, "chain", path));
    PW_READ_VALUE(value, x, "value_units", path);
    PW_READ_VALUE(verified, x, "verified_value_units", path);
    PW_READ_VALUE(claimed, x, "claimed_value_units", path);
    PW_READ(reason, rd.string(x, "unpriced_reason", path));
    const auto parsed = address::chain_from_string(chain);
    if (!parsed) return rd.fail(path + ".chain", "is not a chain name");
    v.asset = asset;
    v.chain = *parsed;
    v.value = value;
    v.verified_value = verified;
    v.claimed_value = claimed;
    v.unpriced_reason = reason;
    return Ok{};
}

}  // namespace

void write_prices(json::Writer& w, const std::optional<store::ExportedPrices>& prices)
{
    w.key("prices");
    w.begin_object();
    w.key("included");
    w.boolean(prices.has_value());
    if (!prices) {
        w.member("reason", "the snapshot did not read prices (no [prices] in the config that made it)");
        w.end_object();
        return;
    }
    const store::ValueRow& t = prices->total;
    w.member("quote", t.quote);
    w.member("height", t.price_height);
    w.member("block_hash", t.price_block_hash);
    w.member("block_timestamp", prices->block_timestamp);
    w.member("value_units", prices::to_string(t.value));
    w.member("verified_value_units", prices::to_string(t.verified_value));
    w.member("claimed_value_units", prices::to_optional_string(t.claimed_value));
    w.key("complete");
    w.boolean(t.complete);
    w.strings_member("priced", t.priced);
    w.strings_member("unpriced", t.unpriced);
    w.key("feeds");
    w.begin_array();
    for (const auto& f : prices->feeds) {
        w.begin_object();
        w.member("asset", f.asset);
        w.member("feed", f.feed);
        w.member("status", f.status);
        w.member("reason", f.reason);
        w.member("feed_status", f.feed_status);
        w.member("description", f.description);
        w.member("decimals", f.decimals);
        w.member("round_id", f.round_id);
        w.member("answer", f.answer);
        w.member("started_at", f.started_at);
        w.member("updated_at", f.updated_at);
        w.member("age_s", f.age_s);
        w.end_object();
    }
    w.end_array();
    w.key("values");
    w.begin_array();
    for (const auto& v : prices->values) {
        w.begin_object();
        w.member("asset", v.asset);
        w.member("chain", address::to_string(v.chain));
        w.member("value_units", prices::to_optional_string(v.value));
        w.member("verified_value_units", prices::to_optional_string(v.verified_value));
        w.member("claimed_value_units", prices::to_optional_string(v.claimed_value));
        w.member("unpriced_reason", v.unpriced_reason);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

Status read_prices(const Reader& rd, const rapidjson::Value& doc, store::SnapshotExport& out)
{
    PW_READ(p, rd.get(doc, "prices", "$"));
    PW_READ(included, rd.boolean(*p, "included", "prices"));
    if (!included) return Ok{};
    store::ExportedPrices prices;
    store::ValueRow& t = prices.total;
    t.snapshot_id = out.snapshot_id;
    t.taken_at = out.started_at;
    t.snapshot_status = out.status;
    PW_READ(quote, rd.string(*p, "quote", "prices"));
    PW_READ(height, rd.optional_integer(*p, "height", "prices"));
    PW_READ(block_hash, rd.string(*p, "block_hash", "prices"));
    PW_READ(block_timestamp, rd.optional_integer(*p, "block_timestamp", "prices"));
    PW_READ_VALUE(value, *p, "value_units", "prices");
    PW_READ_VALUE(verified, *p, "verified_value_units", "prices");
    PW_READ_VALUE(claimed, *p, "claimed_value_units", "prices");
    PW_READ(complete, rd.boolean(*p, "complete", "prices"));
    PW_READ(priced, rd.strings(*p, "priced", "prices"));
    PW_READ(unpriced, rd.strings(*p, "unpriced", "prices"));
    if (!value || !verified) return rd.fail("prices", "has a null value_units or verified_value_units");
    if (height && *height < 0) return rd.fail("prices.height", "is negative");
    t.quote = quote;
    if (height) t.price_height = static_cast<std::uint64_t>(*height);
    t.price_block_hash = block_hash;
    prices.block_timestamp = block_timestamp;
    t.value = *value;
    t.verified_value = *verified;
    t.claimed_value = claimed;
    t.complete = complete;
    t.priced = priced;
    t.unpriced = unpriced;
    PW_READ(feeds, rd.array(*p, "feeds", "prices"));
    for (rapidjson::SizeType i = 0; i < feeds->Size(); ++i) {
        store::PriceRow f;
        f.snapshot_id = out.snapshot_id;
        f.taken_at = out.started_at;
        f.quote = quote;
        f.height = t.price_height;
        f.block_hash = block_hash;
        f.block_timestamp = block_timestamp;
        if (Status s = read_feed(rd, (*feeds)[i], "prices.feeds[" + std::to_string(i) + "]", f); !s) return s;
        prices.feeds.push_back(std::move(f));
    }
    PW_READ(values, rd.array(*p, "values", "prices"));
    for (rapidjson::SizeType i = 0; i < values->Size(); ++i) {
        snapshot::AssetValue v;
        if (Status s = read_asset_value(rd, (*values)[i], "prices.values[" + std::to_string(i) + "]", v); !s) return s;
        prices.values.push_back(std::move(v));
    }
    out.prices = std::move(prices);
    return Ok{};
}

#undef PW_READ_VALUE
#undef PW_READ

}  // namespace porwatch::bundle::json_detail
