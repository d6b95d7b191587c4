// JSON-RPC over HTTP(S) for one node endpoint (private to src/chain).
//
// libcurl with one easy handle reused for keep-alive; replies are parsed by parse_json()
// (iterative, depth-limited, UTF-8 validated, numbers as exact text). Behaves like
// bitcoin-cli: JSON bodies are parsed on HTTP 4xx/5xx too, 401 is an auth error, transport
// errors and -28 (warming up) are retried with capped exponential backoff and jitter in
// exactly one place (exchange). Responses larger than the configured cap abort the transfer.
//
// Every failure is an Error with a ChainError code (porwatch/chain/result.hpp) and a message
// naming the method and the redacted endpoint; node text in it went through untrusted_text().
// Credentials (URL userinfo, cookie, password file) go to CURLOPT_USERPWD only, never into a
// message; the URL is split by split_url(), the same function that redacts it.
//
// A deadline (set_deadline) bounds every call, retry and backoff: the whole scan of a chain
// ends by scan_timeout even against a node that trickles bytes.
//
// Ownership: an RpcClient owns its CURL handle. Thread-safety: one RpcClient per thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/chain/result.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/util/result.hpp"
#include "rpc_json.hpp"
#include "rpc_reply.hpp"

namespace porwatch::chain {

using SteadyTime = std::chrono::steady_clock::time_point;

struct RpcCall {
    std::string method;
    std::string params_json;  // a JSON array, already serialized
};

enum class Retry {
    yes,
    no
};

// Bitcoin Core's and Ethereum's codes porwatch reacts to.
constexpr int kRpcInWarmup = -28;
constexpr int kRpcInvalidParameter = -8;

class RpcClient {
public:
    // `url` may carry userinfo (http://user:pass@host:port/); it is split off (percent-decoded)
    // and never shown.
    RpcClient(const std::string& url, const config::RpcAuth& auth, const config::RpcLimits& limits);
    ~RpcClient();
    RpcClient(const RpcClient&) = delete;
    RpcClient& operator=(const RpcClient&) = delete;

    // A new client for the same endpoint, auth, limits and deadline (its own connection).
    std::unique_ptr<RpcClient> clone() const;

    // The endpoint as it may be shown: redact_url() of the configured URL.
    const std::string& endpoint() const { return m_redacted; }

    // No call, retry or backoff runs past `deadline`; calls after it fail with timeout.
    void set_deadline(SteadyTime deadline) { m_deadline = deadline; }

    // One call. Fails on transport, HTTP or parse problems after retries; an RPC-level error
    // is returned inside RpcValue for the caller to judge. `timeout` 0 = rpc_timeout.
    Result<RpcValue> call(std::string_view method, std::string_view params_json, Retry retry = Retry::yes,
                          std::chrono::seconds timeout = std::chrono::seconds{0});

    // Call `method` and fail (ChainError::rpc) when the node answers with an RPC error.
    Result<RpcValue> call_ok(std::string_view method, std::string_view params_json);

    // A last call after the deadline (e.g. aborting porwatch's own scan): no retry, bounded by
    // connect_timeout + kCleanupSeconds, not by the deadline.
    Result<RpcValue> call_cleanup(std::string_view method, std::string_view params_json);
    static constexpr unsigned kCleanupSeconds = 10;

    // A batch: replies in request order (matched by id). Fails (malformed) when the node does
    // not return exactly one reply per request id: a missing, unknown or repeated id, or a
    // single object (anvil answers an oversize batch that way).
    Result<std::vector<RpcValue>> batch(const std::vector<RpcCall>& calls);

    // True when the last transfer ended on the total timeout (the request reached the node).
    bool last_timed_out() const { return m_last_timed_out; }

    // Bytes of reply bodies received so far by this client and its clones (shared counter).
    std::uint64_t bytes_received() const { return m_bytes->load(); }

private:
    struct HttpReply {
        long status = 0;
        std::string body;
    };
    Result<HttpReply> post(const std::string& body, std::chrono::milliseconds timeout, bool& retryable);
    Result<std::shared_ptr<rapidjson::Document>> exchange(const std::string& body, std::string_view what, Retry retry,
                                                          std::chrono::milliseconds timeout, bool bounded);
    Status load_credentials();
    std::optional<std::chrono::milliseconds> remaining() const;

    struct Curl;
    std::unique_ptr<Curl> m_curl;
    std::string m_url_given;  // as configured (may hold userinfo; never shown)
    std::string m_url;  // without userinfo
    std::string m_redacted;
    std::string m_url_userpwd;  // from URL userinfo, percent-decoded
    config::RpcAuth m_auth;
    config::RpcLimits m_limits;
    std::optional<SteadyTime> m_deadline;
    bool m_last_timed_out = false;
    std::string m_userpwd;  // what CURLOPT_USERPWD gets, refreshed per call (cookies rotate)
    std::shared_ptr<std::atomic<std::uint64_t>> m_bytes = std::make_shared<std::atomic<std::uint64_t>>(0);
};

// Returns: one client per endpoint, in `urls` order (the quorum of a chain section), each
// bounded by `deadline` when given.
std::vector<std::unique_ptr<RpcClient>> connect_all(const std::vector<std::string>& urls, const config::RpcAuth& auth,
                                                    const config::RpcLimits& limits,
                                                    std::optional<SteadyTime> deadline = std::nullopt);

// Close a chain's result, the one way every source does: its status and error (the error's kind
// only when it failed), degraded (complete although an endpoint failed), the time since
// `started` and the bytes received through every client.
void settle_result(ChainResult& result, ChainStatus status, std::string error, std::optional<ChainError> kind,
                   SteadyTime started, const std::vector<std::unique_ptr<RpcClient>>& clients);

// Returns: the ChainError of `error`, or `fallback` when it carries none.
ChainError chain_error_of(const Error& error, ChainError fallback = ChainError::connect);

}  // namespace porwatch::chain
