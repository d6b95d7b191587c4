#include "total_row.hpp"

#include "porwatch/alert/rules.hpp"
#include "porwatch/json/writer.hpp"
#include "value_output.hpp"

namespace porwatch::cli {

std::string total_row_json(const store::HistoryRow& r, bool with_value)
{
    json::ObjectWriter json;
    json.member("snapshot_id", static_cast<long long>(r.snapshot_id))
        .member("taken_at", alert::format_utc_timestamp(r.taken_at))
        .member("taken_at_unix", static_cast<long long>(r.taken_at))
        .member("status", r.snapshot_status)
        .member("asset", r.asset)
        .member("chain", r.chain)
        .member("network", r.network)
        .member("height", static_cast<long long>(r.height))
        .member("block_hash", r.block_hash)
        .member("decimals", static_cast<long long>(r.decimals))
        .member("units", to_string(r.units))
        .member("amount", r.amount);
    if (r.claimed_units) {
        json.member("claimed_units", to_string(*r.claimed_units));
    } else {
        json.null_member("claimed_units");
    }
    json.member("addresses", static_cast<long long>(r.addresses))
        .member("verified_addresses", static_cast<long long>(r.verified_addresses));
    // Proven reserves; null for totals stored before schema 005 (unknown, never 0).
    if (r.verified_units) {
        json.member("verified_units", to_string(*r.verified_units))
            .member("verified_amount", format_decimal(*r.verified_units, r.decimals));
    } else {
        json.null_member("verified_units").null_member("verified_amount");
    }
    json.member("unverified_addresses", static_cast<long long>(r.unverified_addresses));
    if (r.claim_errors)
        json.member("claim_errors", static_cast<long long>(*r.claim_errors));
    else
        json.null_member("claim_errors");
    if (with_value) add_value_fields(json, r);
    return json.finish();
}

std::string verified_amount(const store::HistoryRow& r)
{
    return r.verified_units ? format_decimal(*r.verified_units, r.decimals) : std::string("?");
}

}  // namespace porwatch::cli
