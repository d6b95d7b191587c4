// The payload as JSON (json::Writer): an edge function of the alert stage, in porwatch_io; the
// rest of the alert core stays free of JSON.
#include "porwatch/alert/payload.hpp"
#include "porwatch/alert/rules.hpp"
#include "porwatch/json/writer.hpp"

namespace porwatch::alert {

std::string payload_to_json(const Payload& payload, std::string_view delivery_id)
{
    json::Writer writer;
    writer.begin_object();
    writer.key("alert");
    writer.string(payload.alert);
    writer.key("state");
    writer.string(to_string(payload.state));
    writer.member("asset", payload.asset);
    writer.member("chain", payload.chain);
    writer.member("basis", payload.basis);
    writer.member("previous_units", payload.previous_units);
    writer.member("current_units", payload.current_units);
    writer.member("units", payload.units);
    writer.member("verified_units", payload.verified_units);
    writer.member("drop_percent", payload.drop_percent);
    writer.member("window", payload.window);
    writer.member("drop_basis", payload.drop_basis);
    writer.key("book_change");
    if (const auto& b = payload.book_change) {
        writer.begin_object();
        writer.key("reference_snapshot_id");
        writer.int64(b->reference_snapshot_id);
        writer.key("removed_addresses");
        writer.uint64(b->removed_addresses);
        writer.key("removed_units");
        writer.string(b->removed_units);
        writer.key("added_addresses");
        writer.uint64(b->added_addresses);
        writer.key("added_units");
        writer.string(b->added_units);
        writer.key("same_addresses");
        writer.uint64(b->same_addresses);
        writer.key("same_previous_units");
        writer.string(b->same_previous_units);
        writer.key("same_current_units");
        writer.string(b->same_current_units);
        writer.end_object();
    } else {
        writer.null();
    }
    writer.key("snapshot_id");
    if (payload.snapshot_id)
        writer.int64(*payload.snapshot_id);
    else
        writer.null();
    // ISO 8601 UTC, as every porwatch output; the unix seconds beside it.
    writer.key("taken_at");
    writer.string(format_utc_timestamp(payload.taken_at));
    writer.key("taken_at_unix");
    writer.int64(payload.taken_at);
    writer.key("heights");
    writer.begin_object();
    for (const auto& [chain, height] : payload.heights) {
        writer.member(chain, height);
    }
    writer.end_object();
    writer.key("block_hashes");
    writer.begin_object();
    for (const auto& [chain, hash] : payload.block_hashes) {
        writer.member(chain, hash);
    }
    writer.end_object();
    writer.key("value");
    if (const auto& v = payload.value) {
        writer.begin_object();
        writer.key("quote");
        writer.string(v->quote);
        writer.key("decimals");
        writer.uint64(prices::kValueDecimals);
        writer.key("total_units");
        writer.string(v->total_units);
        writer.key("verified_total_units");
        writer.string(v->verified_total_units);
        writer.member("claimed_total_units", v->claimed_total_units);
        writer.key("complete");
        writer.boolean(v->complete);
        writer.key("priced");
        writer.begin_array();
        for (const auto& asset : v->priced) writer.string(asset);
        writer.end_array();
        writer.key("unpriced");
        writer.begin_array();
        for (const auto& [asset, reason] : v->unpriced) {
            writer.begin_object();
            writer.key("asset");
            writer.string(asset);
            writer.key("reason");
            writer.string(reason);
            writer.end_object();
        }
        writer.end_array();
        writer.key("price_height");
        if (v->price_height)
            writer.uint64(*v->price_height);
        else
            writer.null();
        writer.key("price_block_hash");
        writer.string(v->price_block_hash);
        writer.end_object();
    } else {
        writer.null();
    }
    writer.key("detail");
    writer.string(payload.detail);
    writer.key("solvency");
    if (const auto& f = payload.solvency) {
        const auto height = [&](const char* key, const auto& value) {
            writer.key(key);
            if (value)
                writer.int64(static_cast<std::int64_t>(*value));
            else
                writer.null();
        };
        writer.begin_object();
        writer.member("ratio_percent", f->ratio_percent);
        writer.member("verified_ratio_percent", f->verified_ratio_percent);
        writer.member("threshold_percent", f->threshold_percent);
        writer.member("liabilities_units", f->liabilities_units);
        writer.key("liabilities_decimals");
        writer.uint64(f->liabilities_decimals);
        height("liabilities_height", f->liabilities_height);
        writer.key("liabilities_format");
        writer.string(f->liabilities_format);
        writer.key("liabilities_file");
        writer.string(f->liabilities_file);
        height("reserves_height", f->reserves_height);
        height("age_blocks", f->age_blocks);
        height("max_age_blocks", f->max_age_blocks);
        writer.end_object();
    } else {
        writer.null();
    }
    if (!delivery_id.empty()) {
        writer.key("delivery_id");
        writer.string(delivery_id);
    }
    writer.end_object();
    return writer.str();
}

}  // namespace porwatch::alert
