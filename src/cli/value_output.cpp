#include "value_output.hpp"

#include <iomanip>

#include "porwatch/alert/rules.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::cli {
namespace {

std::string price_json(const store::PriceRow& p)
{
    json::ObjectWriter json;
    json.member("snapshot_id", static_cast<long long>(p.snapshot_id))
        .member("taken_at", alert::format_utc_timestamp(p.taken_at))
        .member("taken_at_unix", static_cast<long long>(p.taken_at))
        .member("asset", p.asset)
        .member("feed", p.feed)
        .member("status", p.status)
        .member("reason", p.reason)
        .member("quote", p.quote);
    if (p.description)
        json.member("description", *p.description);
    else
        json.null_member("description");
    if (p.answer)
        json.member("answer", *p.answer);
    else
        json.null_member("answer");
    if (p.decimals)
        json.member("decimals", static_cast<long long>(*p.decimals));
    else
        json.null_member("decimals");
    if (p.status == "priced" && p.answer && p.decimals) {
        Result<Units> answer = parse_units(*p.answer);
        if (answer) json.member("price", format_decimal(*answer, *p.decimals));
    }
    if (p.round_id) json.member("round_id", *p.round_id);
    if (p.updated_at) add_contract_time(json, "updated_at", *p.updated_at);
    if (p.age_s) json.member("age_s", static_cast<long long>(*p.age_s));
    if (p.height)
        json.member("price_height", static_cast<long long>(*p.height)).member("price_block_hash", p.block_hash);
    return json.finish();
}

}  // namespace

std::optional<std::string> contract_time_iso(const Units& seconds)
{
    constexpr std::int64_t kLastSecondOf9999 = 253402300799;  // 9999-12-31T23:59:59Z
    if (seconds > Units(kLastSecondOf9999)) return std::nullopt;
    return alert::format_utc_timestamp(static_cast<std::int64_t>(seconds));
}

void add_contract_time(json::ObjectWriter& json, std::string_view key, std::string_view seconds_text)
{
    const std::string unix_key = std::string(key) + "_unix";
    Result<Units> seconds = parse_units(seconds_text);
    if (!seconds) {
        json.null_member(key).null_member(unix_key);
        return;
    }
    if (const auto iso = contract_time_iso(*seconds))
        json.member(key, *iso);
    else
        json.null_member(key);
    json.number_member(unix_key, to_string(*seconds));
}

std::string csv_field(const std::string& text)
{
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

void add_value_fields(json::ObjectWriter& json, const store::HistoryRow& r)
{
    if (r.quote)
        json.member("value_quote", *r.quote);
    else
        json.null_member("value_quote");
    for (const auto& [units_key, text_key, value] :
         {std::tuple{"value_units", "value", &r.value},
          std::tuple{"verified_value_units", "verified_value", &r.verified_value}}) {
        if (*value) {
            json.member(units_key, prices::to_string(**value)).member(text_key, prices::format_value(**value));
        } else {
            json.null_member(units_key).null_member(text_key);
        }
    }
    if (!r.unpriced_reason.empty()) json.member("unpriced_reason", r.unpriced_reason);
}

std::string value_cell(const store::HistoryRow& r, bool verified)
{
    const auto& value = verified ? r.verified_value : r.value;
    if (value) return prices::format_value(*value);
    return r.quote ? "UNPRICED" : "-";
}

std::string value_csv(const store::HistoryRow& r)
{
    const auto text = [](const std::optional<prices::Value>& v, bool formatted) {
        return v ? (formatted ? prices::format_value(*v) : prices::to_string(*v)) : std::string();
    };
    return "," + r.quote.value_or("") + "," + text(r.value, false) + "," + text(r.value, true) + "," +
           text(r.verified_value, false) + "," + text(r.verified_value, true) + "," + csv_field(r.unpriced_reason);
}

std::string value_row_json(const store::ValueRow& r)
{
    json::ObjectWriter json;
    json.member("snapshot_id", static_cast<long long>(r.snapshot_id))
        .member("taken_at", alert::format_utc_timestamp(r.taken_at))
        .member("taken_at_unix", static_cast<long long>(r.taken_at))
        .member("status", r.snapshot_status)
        .member("quote", r.quote)
        .member("value_units", prices::to_string(r.value))
        .member("value", prices::format_value(r.value))
        .member("verified_value_units", prices::to_string(r.verified_value))
        .member("verified_value", prices::format_value(r.verified_value));
    if (r.claimed_value) {
        json.member("claimed_value_units", prices::to_string(*r.claimed_value))
            .member("claimed_value", prices::format_value(*r.claimed_value));
    } else {
        json.null_member("claimed_value_units").null_member("claimed_value");
    }
    json.member("complete", r.complete).member("priced", join(r.priced, ",")).member("unpriced", join(r.unpriced, ","));
    if (r.price_height) {
        json.member("price_height", static_cast<long long>(*r.price_height))
            .member("price_block_hash", r.price_block_hash);
    } else {
        json.null_member("price_height").null_member("price_block_hash");
    }
    return json.finish();
}

void print_value_table(const std::vector<store::ValueRow>& rows, std::ostream& out)
{
    out << "\n"
        << std::left << std::setw(21) << "TAKEN_AT (UTC)" << std::setw(9) << "STATUS" << std::right << std::setw(28)
        << "TOTAL VALUE" << std::setw(28) << "PROVEN VALUE"
        << "  " << std::left << std::setw(6) << "QUOTE" << std::setw(12) << "COMPLETE"
        << "UNPRICED\n";
    for (const auto& r : rows) {
        out << std::left << std::setw(21) << alert::format_utc_timestamp(r.taken_at) << std::setw(9)
            << r.snapshot_status << std::right << std::setw(28) << prices::format_value(r.value) << std::setw(28)
            << prices::format_value(r.verified_value) << "  " << std::left << std::setw(6) << r.quote << std::setw(12)
            << (r.complete ? "yes" : "NO") << (r.unpriced.empty() ? "-" : join(r.unpriced, ",")) << "\n";
    }
    if (rows.empty()) out << "(no snapshot in this range read prices)\n";
}

std::string value_total_csv(const store::ValueRow& r)
{
    // The per-asset columns (snapshot_id … claim_errors) with asset VALUE, then the value columns.
    return std::to_string(r.snapshot_id) + "," + alert::format_utc_timestamp(r.taken_at) + "," + r.snapshot_status +
           ",VALUE,,,,,8,,,,,,,,,," + r.quote + "," + prices::to_string(r.value) + "," + prices::format_value(r.value) +
           "," + prices::to_string(r.verified_value) + "," + prices::format_value(r.verified_value) + "," +
           csv_field(r.complete ? "" : "incomplete; unpriced: " + join(r.unpriced, ","));
}

void print_status_value(const store::StatusReport& s, std::ostream& out)
{
    if (s.latest_value) {
        const store::ValueRow& v = *s.latest_value;
        out << "latest value       " << prices::format_value(v.value) << " " << v.quote << " (proven "
            << prices::format_value(v.verified_value) << "), #" << v.snapshot_id << (v.complete ? "" : " INCOMPLETE")
            << (v.unpriced.empty() ? "" : "; unpriced: " + join(v.unpriced, ","))
            << (v.price_height ? "; prices at ethereum " + std::to_string(*v.price_height) : "") << "\n";
    }
    for (const auto& p : s.latest_prices) {
        out << "price " << std::left << std::setw(13) << p.asset;
        if (p.status == "priced" && p.answer && p.decimals) {
            Result<Units> answer = parse_units(*p.answer);
            out << (answer ? format_decimal(*answer, *p.decimals) : *p.answer) << " " << p.quote << " ("
                << p.description.value_or("") << ", round " << p.round_id.value_or("?") << ", " << p.age_s.value_or(0)
                << " s old at ethereum " << (p.height ? std::to_string(*p.height) : "?") << "), #" << p.snapshot_id
                << "\n";
        } else {
            out << "UNPRICED: " << p.reason << ", #" << p.snapshot_id << "\n";
        }
    }
}

void add_status_value(json::ObjectWriter& json, const store::StatusReport& s)
{
    if (s.latest_value)
        json.raw_member("latest_value", value_row_json(*s.latest_value));
    else
        json.null_member("latest_value");
    std::string prices = "[";
    for (const auto& p : s.latest_prices) prices += (prices.size() > 1 ? "," : "") + price_json(p);
    json.raw_member("latest_prices", prices + "]");
}

}  // namespace porwatch::cli
