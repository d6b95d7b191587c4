// The valuation part of `porwatch scan`: "prices" and "value" in the JSON document, the value
// and price lines of the table.
#include "scan_output.hpp"

#include <sstream>

#include "porwatch/alert/rules.hpp"
#include "porwatch/util/utf8.hpp"
#include "scan_json_fields.hpp"

namespace porwatch::cli {

using namespace scan_json_fields;

// "prices":[…] and "value":{…}: every feed's verdict with its evidence, and the total.
void write_valuation_json(Writer& w, const snapshot::Valuation& v)
{
    const prices::PriceBook& book = v.prices;
    w.key("prices");
    w.begin_array();
    for (const auto& p : book.prices) {
        w.begin_object();
        str(w, "asset", p.asset);
        str(w, "feed", p.feed);
        str(w, "status", prices::to_string(p.status));
        if (!p.reason.empty()) str(w, "reason", p.reason);
        str(w, "feed_status", chain::to_string(p.reading.status));
        if (p.reading.round) {
            str(w, "description", p.reading.description);
            num(w, "decimals", p.reading.decimals);
            str(w, "round_id", to_string(p.reading.round->round_id));
            str(w, "answer", chain::to_string(p.reading.round->answer));
            contract_time(w, "updated_at", p.reading.round->updated_at);
        }
        if (p.price) {
            str(w, "quote", p.price->quote);
            str(w, "price", format_decimal(p.price->answer, p.price->decimals));
            num(w, "age_s", p.price->age_s);
        }
        w.key("answers");
        w.begin_array();
        for (const auto& a : p.reading.answers) {
            w.begin_object();
            str(w, "endpoint", a.endpoint);
            if (a.round) {
                str(w, "round_id", to_string(a.round->round_id));
                str(w, "answer", chain::to_string(a.round->answer));
                contract_time(w, "updated_at", a.round->updated_at);
            }
            if (!a.error.empty()) str(w, "error", a.error);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("value");
    w.begin_object();
    str(w, "quote", book.quote);
    num(w, "decimals", prices::kValueDecimals);
    str(w, "total_units", prices::to_string(v.total));
    str(w, "total", prices::format_value(v.total));
    str(w, "verified_total_units", prices::to_string(v.verified_total));
    str(w, "verified_total", prices::format_value(v.verified_total));
    opt_value(w, "claimed_total_units", "claimed_total", v.claimed_total);
    w.key("complete");
    w.boolean(v.complete);
    w.key("priced");
    w.begin_array();
    for (const auto& a : v.priced) w.string(a);
    w.end_array();
    w.key("unpriced");
    w.begin_array();
    for (const auto& [asset, reason] : v.unpriced) {
        w.begin_object();
        str(w, "asset", asset);
        str(w, "reason", reason);
        w.end_object();
    }
    w.end_array();
    w.key("price_block");
    if (book.pinned) {
        w.begin_object();
        str(w, "chain", "ethereum");
        num(w, "height", static_cast<long long>(book.height));
        str(w, "block_hash", book.block_hash);
        str(w, "timestamp", alert::format_utc_timestamp(book.block_timestamp));
        num(w, "timestamp_unix", book.block_timestamp);
        w.end_object();
    } else {
        w.null();
    }
    if (!book.error.empty()) str(w, "error", book.error);
    w.key("endpoints");
    w.begin_array();
    for (const auto& e : book.endpoints) {
        w.begin_object();
        str(w, "url", e.endpoint);
        w.key("counted");
        w.boolean(e.error.empty());
        if (!e.error.empty()) str(w, "error", e.error);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

// The value total and every feed's verdict, for the text output.
std::string valuation_lines(const snapshot::Valuation& v)
{
    std::ostringstream out;
    const prices::PriceBook& book = v.prices;
    out << "\nvalue " << prices::format_value(v.total) << " " << book.quote << " (proven "
        << prices::format_value(v.verified_total) << ")";
    if (v.claimed_total) out << ", claimed " << prices::format_value(*v.claimed_total);
    out << (v.complete ? "" : "  INCOMPLETE: not every chain or priced asset is in it") << "\n";
    for (const auto& [asset, reason] : v.unpriced) out << "unpriced " << asset << ": " << valid_utf8(reason) << "\n";
    if (book.pinned) {
        out << "prices read at ethereum " << book.height << " " << book.block_hash << " (block time "
            << alert::format_utc_timestamp(book.block_timestamp) << ")\n";
    } else {
        out << "prices not read: " << valid_utf8(book.error) << "\n";
    }
    for (const auto& p : book.prices) out << "  price " << valid_utf8(prices::describe(p)) << "\n";
    return out.str();
}

}  // namespace porwatch::cli
