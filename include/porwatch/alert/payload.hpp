// The notification payload delivered to hooks (stdin) and webhooks (POST body):
//
//   {"alert","state":"firing|resolved","asset","chain","basis","previous_units",
//    "current_units","units","verified_units","drop_percent","window","drop_basis",
//    "book_change":{…}|null,"snapshot_id","taken_at" (ISO 8601 UTC),"taken_at_unix","heights":{…},
//    "block_hashes":{…},
//    "value":{"quote","decimals":8,"total_units","verified_total_units","claimed_total_units",
//             "complete","priced":[…],"unpriced":[{"asset","reason"}],"price_height",
//             "price_block_hash"}|null,"detail",
//    "solvency":{"ratio_percent","verified_ratio_percent","threshold_percent","liabilities_units",
//                "liabilities_decimals","liabilities_height","liabilities_format","liabilities_file",
//                "reserves_height","age_blocks","max_age_blocks"}|null}
//
// Units are base-unit integers as decimal strings (uint256 does not fit a JSON number).
// Absent figures are JSON null. build_payload is pure; payload_to_json (payload_json.cpp)
// is the only function here that uses RapidJSON.
// Thread-safety: values; functions are reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/alert/evaluate.hpp"
#include "porwatch/snapshot/snapshot.hpp"

namespace porwatch::alert {

// Persisted and delivered by name; names are frozen: "firing", "resolved".
enum class NotifyState {
    firing,
    resolved
};
std::string_view to_string(NotifyState state);

// The snapshot's value (with [prices]), in every payload as "value": totals in 10^-8 quote
// units as decimal strings; VALUE rules' previous_units/current_units are in the same units.
struct PayloadValue {
    std::string quote;  // "USD"
    std::string total_units;  // over the priced totals
    std::string verified_total_units;
    std::optional<std::string> claimed_total_units;
    bool complete = false;
    std::vector<std::string> priced;
    std::vector<std::pair<std::string, std::string>> unpriced;  // (asset, reason)
    std::optional<std::uint64_t> price_height;  // the Ethereum block the prices were read at
    std::string price_block_hash;
};

// What a cycle's snapshot contributes to every payload.
struct PayloadContext {
    std::optional<std::int64_t> snapshot_id;
    std::int64_t taken_at = 0;  // UTC unix seconds
    std::vector<std::pair<std::string, std::uint64_t>> heights;  // chain → pinned height
    std::vector<std::pair<std::string, std::string>> block_hashes;  // chain → block hash
    std::optional<PayloadValue> value;
};

// A drop's book split (evaluate.hpp BookSplit) as payload text.
struct PayloadBookChange {
    std::int64_t reference_snapshot_id = 0;
    std::size_t removed_addresses = 0;
    std::string removed_units;  // their balance at the reference
    std::size_t added_addresses = 0;
    std::string added_units;  // their balance now
    std::size_t same_addresses = 0;
    std::string same_previous_units;  // the addresses in both, at the reference
    std::string same_current_units;  // the same addresses now
};

struct Payload {
    std::string alert;  // the alert key
    NotifyState state = NotifyState::firing;
    std::optional<std::string> asset;
    std::optional<std::string> chain;
    std::optional<std::string> basis;  // "all" | "verified" (asset rules)
    std::optional<std::string> previous_units;  // reference: level fallen from / floor / claim
    std::optional<std::string> current_units;  // the figure compared (of `basis`)
    std::optional<std::string> units;  // the asset's total now: every address
    std::optional<std::string> verified_units;  // … and its proven part
    std::optional<std::string> drop_basis;  // "book" | "same_addresses" (drops)
    std::optional<PayloadBookChange> book_change;
    std::optional<std::string> drop_percent;  // "12.5" (% below previous_units, 4 places max)
    std::optional<std::string> window;  // "1d"; null = vs the previous snapshot
    std::optional<std::int64_t> snapshot_id;
    std::int64_t taken_at = 0;
    std::vector<std::pair<std::string, std::uint64_t>> heights;
    std::vector<std::pair<std::string, std::string>> block_hashes;
    std::optional<PayloadValue> value;
    std::string detail;
    // ratio_below, liabilities_stale (and their alerts_broken): the asset's coverage.
    std::optional<SolvencyFigures> solvency;
};

// Heights and hashes of every chain of `snapshot` that was pinned to a block (complete or
// disputed chains).
PayloadContext payload_context(const snapshot::Snapshot& snapshot, std::optional<std::int64_t> snapshot_id,
                               std::int64_t taken_at);

// Build the payload for a notification about `condition`.
Payload build_payload(const Condition& condition, NotifyState state, const PayloadContext& context);

// Serialize as one JSON object (no newline). A non-empty `delivery_id` is added as
// "delivery_id" so that receivers can deduplicate at-least-once deliveries.
std::string payload_to_json(const Payload& payload, std::string_view delivery_id = {});

}  // namespace porwatch::alert
