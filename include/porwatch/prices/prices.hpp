// Prices: the value of reserves in one quote currency, from Chainlink feeds read on chain at
// the Ethereum pinned block (porwatch/chain/prices.hpp), judged here.
//
// Data flow: config → addressbook → proof → chain → prices → snapshot → store → alert. This
// stage is pure (no I/O, no clock): it checks each feed reading and does the value arithmetic.
//
// A feed reading becomes a usable Price only when every check passes; the first failed check
// is the asset's `unpriced` reason, in this order: the endpoints agreed and the feed answered;
// description() equals the configured DESCRIPTION and names the asset and the quote; answer
// > 0; updatedAt ≠ 0 and not after the block's timestamp; block timestamp − updatedAt ≤
// max_age; MIN ≤ answer ≤ MAX (exact decimals). An unpriced asset has no value: never a zero,
// never an older price.
//
// Exactness: value = units × answer / 10^(asset decimals + feed decimals), in integers,
// truncated toward zero to 10^-8 of the quote unit (Value counts those 10^-8 units). Values
// are arbitrary-precision integers (2^256−1 units times a 2^255 answer does not fit 512 bits),
// stored as decimal text. No floating point anywhere.
//
// Thread-safety: values and pure functions.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/chain/prices.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/enum_names.hpp"

namespace porwatch::prices {

// A value in 10^-kValueDecimals quote units (123456789 = 1.23456789 USD). Never negative.
using Value = boost::multiprecision::cpp_int;
inline constexpr unsigned kValueDecimals = 8;

// Returns: units × answer / 10^(asset_decimals + feed_decimals) in 10^-8 quote units, exact,
// truncated toward zero. Any decimals (0 to 255) and any uint256 inputs.
Value value_of(const Units& units, unsigned asset_decimals, const Units& answer, unsigned feed_decimals);

// Returns: the integer text ("123456789").
std::string to_string(const Value& value);
// Returns: the integer text, or nothing for an absent value (unread feed, unpriced total); how
// the store and bundles write a value that may be missing (SQL NULL, JSON null).
std::optional<std::string> to_optional_string(const std::optional<Value>& value);
// Returns: the value in quote units with exactly 8 decimals ("1.23456789").
std::string format_value(const Value& value);
// Parse stored integer text. Fails on anything but digits (at most 400).
Result<Value> parse_value(std::string_view text);
// Returns: the value as Units when it is at most 2^256−1, else nullopt.
std::optional<Units> to_units(const Value& value);

// "BTC / USD" → {"BTC", "USD"}: Chainlink's BASE / QUOTE form (one " / ", both non-empty, no
// spaces inside). nullopt for anything else ("v0.8/tests/MockV3Aggregator.sol").
std::optional<std::pair<std::string, std::string>> parse_pair(std::string_view description);

// Persisted by name; names frozen: "priced", "unpriced".
enum class PriceStatus {
    priced,
    unpriced
};
inline constexpr std::array kAllPriceStatuses{PriceStatus::priced, PriceStatus::unpriced};
std::string_view to_string(PriceStatus status);
std::optional<PriceStatus> price_status_from_string(std::string_view name);

// A price that passed every check.
struct Price {
    std::string quote;  // "USD"
    unsigned decimals = 0;  // the feed's decimals()
    Units answer;  // > 0, in 10^-decimals quote units
    Units round_id;
    std::int64_t updated_at = 0;  // UTC unix seconds
    std::int64_t age_s = 0;  // block timestamp − updated_at
};

// The verdict on one configured feed, with its evidence.
struct AssetPrice {
    std::string asset;
    std::string feed;  // EIP-55
    PriceStatus status = PriceStatus::unpriced;
    std::string reason;  // why unpriced ("" when priced)
    std::optional<Price> price;  // set when priced
    chain::FeedReading reading;  // what the endpoints said
};

// Every configured feed of one cycle, judged, with the block they were read at.
struct PriceBook {
    std::string quote;  // the config's quote currency
    std::int64_t max_age_s = 0;
    bool pinned = false;
    std::uint64_t height = 0;  // the Ethereum block
    std::string block_hash;
    std::int64_t block_timestamp = 0;
    std::vector<chain::EndpointReport> endpoints;
    std::string error;  // why no feed was read ("" otherwise)
    std::vector<AssetPrice> prices;  // one per configured feed, config order

    // Returns: the verdict for `asset`, or nullptr when it has no feed.
    const AssetPrice* find(std::string_view asset) const;
};

// Judge every reading of `scan` against `config` (see the header comment for the checks).
PriceBook judge(const config::PricesConfig& config, const chain::PriceScan& scan);

// Returns: "2000.12345678 USD (ETH / USD, round 18446744073709562301, updated 2024-05-01T02:00:00Z,
// 120 s before the block)" for a priced asset; the reason for an unpriced one.
std::string describe(const AssetPrice& price);

}  // namespace porwatch::prices
