// The payload as JSON: the one RapidJSON user of the alert rules (an edge function; the rest
// of the alert core stays free of JSON).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "porwatch/alert/payload.hpp"
#include "porwatch/alert/rules.hpp"

namespace porwatch::alert {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& writer, std::string_view text)
{
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_optional(Writer& writer, const char* key, const std::optional<std::string>& value)
{
    writer.Key(key);
    if (value) write_string(writer, *value);
    else writer.Null();
}

}  // namespace

std::string payload_to_json(const Payload& payload, std::string_view delivery_id)
{
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartObject();
    writer.Key("alert");
    write_string(writer, payload.alert);
    writer.Key("state");
    write_string(writer, to_string(payload.state));
    write_optional(writer, "asset", payload.asset);
    write_optional(writer, "chain", payload.chain);
    write_optional(writer, "basis", payload.basis);
    write_optional(writer, "previous_units", payload.previous_units);
    write_optional(writer, "current_units", payload.current_units);
    write_optional(writer, "units", payload.units);
    write_optional(writer, "verified_units", payload.verified_units);
    write_optional(writer, "drop_percent", payload.drop_percent);
    write_optional(writer, "window", payload.window);
    write_optional(writer, "drop_basis", payload.drop_basis);
    writer.Key("book_change");
    if (const auto& b = payload.book_change) {
        writer.StartObject();
        writer.Key("reference_snapshot_id");
        writer.Int64(b->reference_snapshot_id);
        writer.Key("removed_addresses");
        writer.Uint64(b->removed_addresses);
        writer.Key("removed_units");
        write_string(writer, b->removed_units);
        writer.Key("added_addresses");
        writer.Uint64(b->added_addresses);
        writer.Key("added_units");
        write_string(writer, b->added_units);
        writer.Key("same_addresses");
        writer.Uint64(b->same_addresses);
        writer.Key("same_previous_units");
        write_string(writer, b->same_previous_units);
        writer.Key("same_current_units");
        write_string(writer, b->same_current_units);
        writer.EndObject();
    } else {
        writer.Null();
    }
    writer.Key("snapshot_id");
    if (payload.snapshot_id) writer.Int64(*payload.snapshot_id);
    else writer.Null();
    // ISO 8601 UTC, as every porwatch output; the unix seconds beside it.
    writer.Key("taken_at");
    write_string(writer, format_utc_timestamp(payload.taken_at));
    writer.Key("taken_at_unix");
    writer.Int64(payload.taken_at);
    writer.Key("heights");
    writer.StartObject();
    for (const auto& [chain, height] : payload.heights) {
        write_string(writer, chain);
        writer.Uint64(height);
    }
    writer.EndObject();
    writer.Key("block_hashes");
    writer.StartObject();
    for (const auto& [chain, hash] : payload.block_hashes) {
        write_string(writer, chain);
        write_string(writer, hash);
    }
    writer.EndObject();
    writer.Key("value");
    if (const auto& v = payload.value) {
        writer.StartObject();
        writer.Key("quote");
        write_string(writer, v->quote);
        writer.Key("decimals");
        writer.Uint(prices::kValueDecimals);
        writer.Key("total_units");
        write_string(writer, v->total_units);
        writer.Key("verified_total_units");
        write_string(writer, v->verified_total_units);
        write_optional(writer, "claimed_total_units", v->claimed_total_units);
        writer.Key("complete");
        writer.Bool(v->complete);
        writer.Key("priced");
        writer.StartArray();
        for (const auto& asset : v->priced) write_string(writer, asset);
        writer.EndArray();
        writer.Key("unpriced");
        writer.StartArray();
        for (const auto& [asset, reason] : v->unpriced) {
            writer.StartObject();
            writer.Key("asset");
            write_string(writer, asset);
            writer.Key("reason");
            write_string(writer, reason);
            writer.EndObject();
        }
        writer.EndArray();
        writer.Key("price_height");
        if (v->price_height) writer.Uint64(*v->price_height);
        else writer.Null();
        writer.Key("price_block_hash");
        write_string(writer, v->price_block_hash);
        writer.EndObject();
    } else {
        writer.Null();
    }
    writer.Key("detail");
    write_string(writer, payload.detail);
    writer.Key("solvency");
    if (const auto& f = payload.solvency) {
        const auto height = [&](const char* key, const auto& value) {
            writer.Key(key);
            if (value) writer.Int64(static_cast<std::int64_t>(*value));
            else writer.Null();
        };
        writer.StartObject();
        write_optional(writer, "ratio_percent", f->ratio_percent);
        write_optional(writer, "verified_ratio_percent", f->verified_ratio_percent);
        write_optional(writer, "threshold_percent", f->threshold_percent);
        write_optional(writer, "liabilities_units", f->liabilities_units);
        writer.Key("liabilities_decimals");
        writer.Uint(f->liabilities_decimals);
        height("liabilities_height", f->liabilities_height);
        writer.Key("liabilities_format");
        write_string(writer, f->liabilities_format);
        writer.Key("liabilities_file");
        write_string(writer, f->liabilities_file);
        height("reserves_height", f->reserves_height);
        height("age_blocks", f->age_blocks);
        height("max_age_blocks", f->max_age_blocks);
        writer.EndObject();
    } else {
        writer.Null();
    }
    if (!delivery_id.empty()) {
        writer.Key("delivery_id");
        write_string(writer, delivery_id);
    }
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace porwatch::alert
