// Chainlink price feeds read on chain: for every `[prices] feed`, decimals(), description() and
// latestRoundData() of the AggregatorV3Interface at the address, called (eth_call) at one
// Ethereum block pinned by hash (EIP-1898), on every [ethereum] endpoint of the quorum.
//
// This is raw evidence, not a judgement: the prices stage (porwatch/prices/prices.hpp) checks
// answer > 0, updatedAt, age, bounds and description, and turns a reading into a usable price
// or `unpriced` with a reason. Here a feed is only `read` or not, and endpoints that answered
// differently make the feed `disputed` with what each said.
//
// Fail closed: a node that does not answer is excluded (its error kept); fewer than `quorum`
// answering endpoints leave every feed unread with the reason. A revert (not an aggregator at
// that address and block) is evidence about the feed, the same on every endpoint.
//
// I/O: JSON-RPC over HTTP (libcurl), blocking. Values; thread-safety: none needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/chain/result.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/enum_names.hpp"

namespace porwatch::chain {

// An int256 as sign and magnitude (a feed's answer may be negative).
struct SignedUnits {
    bool negative = false;
    Units magnitude;
    bool operator==(const SignedUnits&) const = default;
};
// Returns: "-123" / "123".
std::string to_string(const SignedUnits& value);

// latestRoundData() as one endpoint returned it.
struct FeedRound {
    Units round_id;  // uint80
    SignedUnits answer;  // int256
    Units started_at;  // uint256, unix seconds as the feed says
    Units updated_at;  // uint256
    Units answered_in_round;  // uint80
    bool operator==(const FeedRound&) const = default;
};

// What one endpoint said about one feed.
struct FeedAnswer {
    std::string endpoint;  // redacted
    std::optional<FeedRound> round;
    std::optional<unsigned> decimals;
    std::optional<std::string> description;  // through untrusted_text()
    std::string error;  // "" when all three calls answered; "reverted: …" etc.
    bool operator==(const FeedAnswer&) const = default;
};

// Persisted by name; names frozen: "read", "unread", "disputed".
enum class FeedStatus {
    read,
    unread,
    disputed
};
inline constexpr std::array kAllFeedStatuses{FeedStatus::read, FeedStatus::unread, FeedStatus::disputed};
std::string_view to_string(FeedStatus status);
std::optional<FeedStatus> feed_status_from_string(std::string_view name);

// One configured feed, read at the pinned block.
struct FeedReading {
    std::string asset;  // as configured
    std::string feed;  // the contract, EIP-55
    FeedStatus status = FeedStatus::unread;
    std::string error;  // why it is unread or disputed ("" when read)
    // The agreed answer (status read).
    std::optional<FeedRound> round;
    unsigned decimals = 0;
    std::string description;
    std::vector<FeedAnswer> answers;  // every counted endpoint's answer, for evidence
};

// The feeds of one cycle, with the block they were read at.
struct PriceScan {
    bool pinned = false;  // a block was pinned (height, hash, timestamp are set)
    std::uint64_t height = 0;
    std::string block_hash;
    std::int64_t block_timestamp = 0;  // the pinned block's timestamp (UTC unix seconds)
    std::vector<EndpointReport> endpoints;
    unsigned quorum = 0;
    std::string error;  // why no feed could be read ("" otherwise)
    std::optional<ChainError> error_kind;
    std::vector<FeedReading> feeds;  // one per configured feed, config order
    std::int64_t duration_ms = 0;
};

// The block the Ethereum scan pinned, when it completed: prices are read at the same block.
struct PinnedBlock {
    std::uint64_t height = 0;
    std::string hash;
};

// Read every feed of `prices` through `ethereum`'s endpoints at `pin`, or, without one (the
// book has no Ethereum rows, or the Ethereum scan did not complete), at a block pinned here
// the way the scanner pins it (identity checks, latest − confirmations or finalized). Bounded
// by ethereum.limits.scan_timeout. Never throws; every outcome is in the PriceScan.
PriceScan read_price_feeds(const config::EvmChainConfig& ethereum, const config::PricesConfig& prices,
                           const std::optional<PinnedBlock>& pin);

}  // namespace porwatch::chain
