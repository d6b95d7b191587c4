// Chainlink feeds at the pinned Ethereum block (porwatch/chain/prices.hpp): per endpoint one
// JSON-RPC batch of decimals(), description() and latestRoundData() for every feed, every call
// naming the block by hash (EIP-1898); then the counted endpoints' answers are compared.
#include <algorithm>
#include <chrono>
#include <future>

#include "evm_pin.hpp"
#include "evm_rpc.hpp"
#include "porwatch/chain/prices.hpp"
#include "porwatch/util/utf8.hpp"
#include "quorum.hpp"

namespace porwatch::chain {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kCallsPerFeed = 3;  // decimals, description, latestRoundData
constexpr std::size_t kMaxDescription = 256;  // Chainlink's are like "BTC / USD"

// One endpoint's view: the block's timestamp and an answer per feed.
struct EndpointView {
    std::int64_t timestamp = 0;
    std::vector<FeedAnswer> answers;
};

// Judge one eth_call reply of a feed. A revert or undecodable data is evidence about the feed
// (kept in `answer.error`); any other RPC error is the node failing (returned as an Error).
template <typename Decode>
Status take_reply(const RpcValue& v, const char* what, const std::string& context, FeedAnswer& answer, Decode decode)
{
    if (v.is_error()) {
        if (!evm::is_revert(v)) {
            return Error{ChainError::rpc, context + ": " + what + ": RPC error " + std::to_string(v.error_code) + ": " +
                                              v.error_message};
        }
        if (answer.error.empty()) answer.error = std::string(what) + " reverted: " + v.error_message;
        return Ok{};
    }
    if (auto s = decode(json_text(*v.value)); !s && answer.error.empty()) {
        answer.error = std::string(what) + ": " + s.error().message;
    }
    return Ok{};
}

Result<EndpointView> read_endpoint(RpcClient& rpc, const config::PricesConfig& prices, const PinnedBlock& pin)
{
    auto block = evm::eth_get_block_by_hash(rpc, pin.hash);
    if (!block) return block.error();
    if (block->number != pin.height) {
        return Error{ChainError::malformed, rpc.endpoint() + ": block " + pin.hash + " has another number"};
    }
    if (!block->timestamp)
        return Error{ChainError::malformed, rpc.endpoint() + ": block " + pin.hash + " without a timestamp"};
    std::vector<RpcCall> calls;
    for (const auto& feed : prices.feeds) {
        for (const char* selector : {evm::kDecimals, evm::kDescription, evm::kLatestRoundData}) {
            calls.push_back(RpcCall{"eth_call", evm::call_params(feed.contract.text, selector, pin.hash)});
        }
    }
    auto replies = rpc.batch(calls);
    if (!replies) return replies.error();
    EndpointView view;
    view.timestamp = *block->timestamp;
    for (std::size_t f = 0; f < prices.feeds.size(); ++f) {
        FeedAnswer answer;
        answer.endpoint = rpc.endpoint();
        const std::string context = "feed " + prices.feeds[f].contract.text + " at " + rpc.endpoint();
        const RpcValue* r = &(*replies)[f * kCallsPerFeed];
        Status s = take_reply(r[0], "decimals()", context, answer, [&](std::string_view hex) -> Status {
            auto word = evm::decode_uint256(hex);
            if (!word) return word.error();
            if (*word > 255) return Error{"decimals() = " + porwatch::to_string(*word) + " is not a uint8"};
            answer.decimals = static_cast<unsigned>(*word);
            return Ok{};
        });
        if (s)
            s = take_reply(r[1], "description()", context, answer, [&](std::string_view hex) -> Status {
                auto text = evm::decode_abi_string(hex, kMaxDescription);
                if (!text) return text.error();
                answer.description = untrusted_text(*text, kMaxDescription);
                return Ok{};
            });
        if (s)
            s = take_reply(r[2], "latestRoundData()", context, answer, [&](std::string_view hex) -> Status {
                auto words = evm::decode_words(hex, 5);
                if (!words) return words.error();
                const std::vector<Units>& w = *words;
                const Units uint80_max = (Units(1) << 80) - 1;
                if (w[0] > uint80_max || w[4] > uint80_max) return Error{"roundId or answeredInRound is not a uint80"};
                answer.round = FeedRound{w[0], evm::signed_word(w[1]), w[2], w[3], w[4]};
                return Ok{};
            });
        if (!s) return s.error();
        view.answers.push_back(std::move(answer));
    }
    return view;
}

// "round 5, answer 200000000000, updatedAt 1700000000" for messages; the error when unread.
std::string describe(const FeedAnswer& a)
{
    if (!a.error.empty()) return a.error;
    std::string text = "round " + porwatch::to_string(a.round->round_id) + ", answer " + to_string(a.round->answer) +
                       ", updatedAt " + porwatch::to_string(a.round->updated_at) + ", decimals " +
                       std::to_string(*a.decimals) + ", description '" + *a.description + "'";
    return text;
}

// Compare what the counted endpoints said about feed `f` and settle its reading.
FeedReading settle(const config::FeedConfig& feed, const std::vector<EndpointView>& views, std::size_t f)
{
    FeedReading reading;
    reading.asset = feed.asset;
    reading.feed = feed.contract.text;
    for (const auto& v : views) reading.answers.push_back(v.answers[f]);
    const auto same = [](const FeedAnswer& a, const FeedAnswer& b) {
        return a.round == b.round && a.decimals == b.decimals && a.description == b.description && a.error == b.error;
    };
    const FeedAnswer& first = reading.answers.front();
    if (!std::all_of(reading.answers.begin(), reading.answers.end(),
                     [&](const FeedAnswer& a) { return same(a, first); })) {
        reading.status = FeedStatus::disputed;
        reading.error = "endpoints disagree on the feed: ";
        for (std::size_t i = 0; i < reading.answers.size(); ++i) {
            reading.error += (i ? "; " : "") + reading.answers[i].endpoint + ": " + describe(reading.answers[i]);
        }
        return reading;
    }
    if (!first.error.empty()) {
        reading.error = first.error;
        return reading;
    }
    reading.status = FeedStatus::read;
    reading.round = first.round;
    reading.decimals = *first.decimals;
    reading.description = *first.description;
    return reading;
}

}  // namespace

PriceScan read_price_feeds(const config::EvmChainConfig& ethereum, const config::PricesConfig& prices,
                           const std::optional<PinnedBlock>& given)
{
    const auto started = Clock::now();
    PriceScan scan;
    const auto clients = connect_all(ethereum.rpc_urls, ethereum.auth, ethereum.limits,
                                     started + std::chrono::seconds{ethereum.limits.scan_timeout_s});
    scan.quorum = required_quorum(ethereum.quorum, clients.size());
    scan.endpoints.resize(clients.size());
    for (std::size_t i = 0; i < clients.size(); ++i) scan.endpoints[i].endpoint = clients[i]->endpoint();
    // Without a feed reading, every configured feed is unread with the reason.
    auto finish = [&](const std::string& error, std::optional<ChainError> kind) {
        scan.error = error;
        scan.error_kind = kind;
        if (!error.empty()) {
            scan.feeds.clear();
            for (const auto& feed : prices.feeds) {
                FeedReading r;
                r.asset = feed.asset;
                r.feed = feed.contract.text;
                r.error = "ethereum: " + error;
                scan.feeds.push_back(std::move(r));
            }
        }
        scan.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
        return std::move(scan);
    };
    auto fail = [&](const Error& e) { return finish(e.message, chain_error_of(e)); };
    auto short_of = [&](std::size_t answered) {
        ChainResult result;
        result.endpoints = scan.endpoints;
        result.quorum = scan.quorum;
        return short_of_quorum(result, answered);
    };
    // Identity first, on every endpoint, as the scanner checks it: a node on another chain is
    // never asked for a price.
    std::vector<std::size_t> live;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        if (auto s = evm::check_endpoint(*clients[i], ethereum); !s) {
            exclude(scan.endpoints[i], s.error());
            if (s.error().is(ChainError::wrong_chain)) return fail(s.error());
            continue;
        }
        live.push_back(i);
    }
    if (live.size() < scan.quorum) return fail(short_of(live.size()));
    std::optional<PinnedBlock> pin = given;
    for (const std::size_t i : live) {
        if (pin) break;
        auto picked = evm::pick_block(*clients[i], ethereum);
        if (picked)
            pin = PinnedBlock{picked->number, picked->hash};
        else
            exclude(scan.endpoints[i], picked.error());
    }
    if (!pin) return fail(short_of(0));
    scan.pinned = true;
    scan.height = pin->height;
    scan.block_hash = pin->hash;
    struct Read {
        EndpointView view;
        std::optional<Error> error;
    };
    std::vector<std::size_t> readers;
    for (const std::size_t i : live) {
        if (scan.endpoints[i].error.empty()) readers.push_back(i);
    }
    std::vector<std::future<Read>> futures;
    for (const std::size_t i : readers) {
        RpcClient* rpc = clients[i].get();
        const PinnedBlock block = *pin;
        futures.push_back(std::async(std::launch::async, [rpc, &prices, block] {
            auto read = read_endpoint(*rpc, prices, block);
            return read ? Read{std::move(read.value()), std::nullopt} : Read{{}, read.error()};
        }));
    }
    std::vector<EndpointView> views;
    std::vector<std::size_t> counted;
    for (std::size_t k = 0; k < futures.size(); ++k) {
        Read read = futures[k].get();
        EndpointReport& report = scan.endpoints[readers[k]];
        report.height = pin->height;
        report.block_hash = pin->hash;
        if (read.error) {
            exclude(report, *read.error);
            continue;
        }
        counted.push_back(readers[k]);
        views.push_back(std::move(read.view));
    }
    if (views.size() < scan.quorum || views.empty()) {
        return fail(short_of(views.size()));
    }
    for (std::size_t k = 1; k < views.size(); ++k) {
        if (views[k].timestamp == views.front().timestamp) continue;
        return finish("endpoints disagree on the timestamp of block " + pin->hash + ": " +
                          scan.endpoints[counted.front()].endpoint + " " + std::to_string(views.front().timestamp) +
                          ", " + scan.endpoints[counted[k]].endpoint + " " + std::to_string(views[k].timestamp),
                      std::nullopt);
    }
    scan.block_timestamp = views.front().timestamp;
    for (std::size_t f = 0; f < prices.feeds.size(); ++f) scan.feeds.push_back(settle(prices.feeds[f], views, f));
    return finish("", std::nullopt);
}

}  // namespace porwatch::chain
