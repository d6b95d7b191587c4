// Pricing rows of the history store (schema/007_prices.sql), shared by the CLI readers
// (store.hpp) and the report (report_data.hpp). Values are in 10^-8 quote units.
// Values; thread-safety: none needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/prices/prices.hpp"

namespace porwatch::store {

// The total value of one snapshot that read prices (snapshot_value_totals).
struct ValueRow {
    std::int64_t snapshot_id = 0;
    std::int64_t taken_at = 0;
    std::string snapshot_status;
    std::string quote;
    prices::Value value;  // over the priced totals
    prices::Value verified_value;
    std::optional<prices::Value> claimed_value;
    bool complete = false;  // every chain complete, every total with a feed priced
    std::vector<std::string> priced;
    std::vector<std::string> unpriced;
    std::optional<std::uint64_t> price_height;  // the Ethereum block the prices were read at
    std::string price_block_hash;
};

// One feed's verdict in one snapshot (snapshot_prices).
struct PriceRow {
    std::int64_t snapshot_id = 0;
    std::int64_t taken_at = 0;
    std::string asset;
    std::string feed;
    std::string status;  // "priced" / "unpriced"
    std::string reason;
    std::string quote;
    std::string feed_status;  // "read" / "unread" / "disputed"
    std::optional<std::string> description;
    std::optional<unsigned> decimals;
    std::optional<std::string> round_id;
    std::optional<std::string> answer;  // signed decimal text
    std::optional<std::string> started_at;
    std::optional<std::string> updated_at;
    std::optional<std::int64_t> age_s;
    std::optional<std::uint64_t> height;
    std::string block_hash;
    std::optional<std::int64_t> block_timestamp;
};

}  // namespace porwatch::store
