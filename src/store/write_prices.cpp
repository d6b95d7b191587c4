// The valuation of a snapshot in the history store (schema/007_prices.sql): every feed's
// verdict with its evidence, every total's value, and the total.
#include <algorithm>

#include "porwatch/json/writer.hpp"
#include "porwatch/util/utf8.hpp"
#include "store_impl.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::store::detail {
namespace {

// [{"endpoint","error"[,"error_kind"],"answer":{…}|null}, …]: every endpoint of the price read,
// and what each counted endpoint said about `price`'s feed. Words are integer strings.
std::string answers_json(const prices::PriceBook& book, const prices::AssetPrice& price)
{
    json::Writer w;
    w.begin_array();
    for (const auto& e : book.endpoints) {
        w.begin_object();
        w.member("endpoint", e.endpoint);
        w.member("error", e.error);
        if (e.error_kind) w.member("error_kind", chain::to_string(*e.error_kind));
        w.key("answer");
        const auto said = std::find_if(price.reading.answers.begin(), price.reading.answers.end(),
                                       [&](const chain::FeedAnswer& a) { return a.endpoint == e.endpoint; });
        if (said == price.reading.answers.end()) {
            w.null();
        } else {
            w.begin_object();
            if (said->round) {
                w.member("round_id", to_string(said->round->round_id));
                w.member("answer", chain::to_string(said->round->answer));
                w.member("started_at", to_string(said->round->started_at));
                w.member("updated_at", to_string(said->round->updated_at));
                w.member("answered_in_round", to_string(said->round->answered_in_round));
            }
            if (said->decimals) w.member("decimals", *said->decimals);
            if (said->description) w.member("description", *said->description);
            w.member("error", said->error);
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
    return w.str();
}

}  // namespace

Status store_valuation(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap)
{
    if (!snap.valuation) return Ok{};
    const snapshot::Valuation& v = *snap.valuation;
    const prices::PriceBook& book = v.prices;
    std::optional<std::int64_t> height, timestamp;
    std::optional<std::string> hash;
    if (book.pinned) {
        height = static_cast<std::int64_t>(book.height);
        hash = book.block_hash;
        timestamp = book.block_timestamp;
    }
    Result<Statement> price = db.prepare(
        "INSERT INTO snapshot_prices (snapshot_id, asset, feed, status, reason, quote, feed_status, description, "
        "decimals, round_id, answer, started_at, updated_at, age_s, block_height, block_hash, block_timestamp, "
        "endpoints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!price) return price.error();
    for (const auto& p : book.prices) {
        const chain::FeedReading& r = p.reading;
        const bool read = r.status == chain::FeedStatus::read && r.round;
        std::optional<std::string> description, round_id, answer, started_at, updated_at;
        std::optional<std::int64_t> decimals, age;
        if (read) {
            description = valid_utf8(r.description);
            decimals = std::int64_t{r.decimals};
            round_id = to_string(r.round->round_id);
            answer = chain::to_string(r.round->answer);
            started_at = to_string(r.round->started_at);
            updated_at = to_string(r.round->updated_at);
        }
        if (p.price) age = p.price->age_s;
        price->bind_all(snapshot_id, p.asset, p.feed, prices::to_string(p.status), valid_utf8(p.reason), book.quote,
                        chain::to_string(r.status), description, decimals, round_id, answer, started_at, updated_at,
                        age, height, hash, timestamp, answers_json(book, p));
        if (Status s = price->run(); !s) return s;
    }
    Result<Statement> value =
        db.prepare("INSERT INTO snapshot_values (snapshot_id, asset, chain, quote, value_units, verified_value_units, "
                   "claimed_value_units, unpriced_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!value) return value.error();
    for (const auto& a : v.assets) {
        value->bind_all(snapshot_id, a.asset, stored_total_chain(snap, a.chain, a.asset), book.quote,
                        prices::to_optional_string(a.value), prices::to_optional_string(a.verified_value),
                        prices::to_optional_string(a.claimed_value), valid_utf8(a.unpriced_reason));
        if (Status s = value->run(); !s) return s;
    }
    std::vector<std::string> unpriced;
    for (const auto& [asset, reason] : v.unpriced) unpriced.push_back(asset);
    Result<Statement> total =
        db.prepare("INSERT INTO snapshot_value_totals (snapshot_id, quote, value_units, verified_value_units, "
                   "claimed_value_units, complete, priced, unpriced, price_block_height, price_block_hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!total) return total.error();
    total->bind_all(snapshot_id, book.quote, prices::to_string(v.total), prices::to_string(v.verified_total),
                    prices::to_optional_string(v.claimed_total), std::int64_t{v.complete ? 1 : 0}, join(v.priced, ","),
                    join(unpriced, ","), height, hash);
    return total->run();
}

}  // namespace porwatch::store::detail
