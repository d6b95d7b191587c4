// JSON-RPC over HTTP(S) for one node endpoint (private to src/chain).
//
// libcurl with one easy handle reused for keep-alive; RapidJSON parses replies with
// kParseNumbersAsStringsFlag so that every number (amounts, heights) stays its exact text.
// Behaves like bitcoin-cli: JSON bodies are parsed on HTTP 4xx/5xx too, 401 is an auth
// error, transport errors and -28 (warming up) are retried with capped exponential backoff and
// jitter in exactly one place (call_with_retry). Responses larger than the configured cap abort
// the transfer. Credentials (URL userinfo, cookie, password file) go to CURLOPT_USERPWD only and
// never into a message: every error names the redacted endpoint and the method.
//
// Ownership: an RpcClient owns its CURL handle. Thread-safety: one RpcClient per thread.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/config/config.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::chain {

// One reply (or one element of a batch reply). `value` points into `doc`.
struct RpcValue {
    std::shared_ptr<rapidjson::Document> doc;
    const rapidjson::Value* value = nullptr;   // the "result" (null JSON when absent)
    int error_code = 0;                        // the JSON-RPC error code; 0 = none
    std::string error_message;

    bool is_error() const { return error_code != 0 || !error_message.empty(); }
};

struct RpcCall {
    std::string method;
    std::string params_json;   // a JSON array, already serialized
};

enum class Retry { yes, no };

// Bitcoin Core's and Ethereum's codes porwatch reacts to.
constexpr int kRpcInWarmup = -28;
constexpr int kRpcInvalidParameter = -8;

class RpcClient {
public:
    // `url` may carry userinfo (http://user:pass@host:port/); it is stripped and redacted.
    RpcClient(const std::string& url, const config::RpcAuth& auth, const config::RpcLimits& limits);
    ~RpcClient();
    RpcClient(const RpcClient&) = delete;
    RpcClient& operator=(const RpcClient&) = delete;

    // A new client for the same endpoint, auth and limits (its own connection).
    std::unique_ptr<RpcClient> clone() const { return std::make_unique<RpcClient>(m_url_given, m_auth, m_limits); }

    // The endpoint as it may be shown: scheme://host:port/path, credentials removed.
    const std::string& endpoint() const { return m_redacted; }

    // One call. Fails (Error naming endpoint and method) on transport, HTTP or parse problems
    // after retries; an RPC-level error is returned inside RpcValue for the caller to judge.
    Result<RpcValue> call(std::string_view method, std::string_view params_json, Retry retry = Retry::yes,
                          std::chrono::seconds timeout = std::chrono::seconds{0});

    // Call `method` and fail when the node answers with an RPC error.
    Result<RpcValue> call_ok(std::string_view method, std::string_view params_json);

    // A batch: replies in request order (matched by id). Fails as a whole when the node does
    // not return one reply per request (anvil answers an oversize batch with a single object).
    Result<std::vector<RpcValue>> batch(const std::vector<RpcCall>& calls);

    // True when the last transfer ended on the total timeout (the request reached the node).
    bool last_timed_out() const { return m_last_timed_out; }

    // Redact userinfo from a URL ("http://u:p@h/" → "http://***@h/").
    static std::string redact(const std::string& url);

private:
    struct HttpReply {
        long status = 0;
        std::string body;
    };
    Result<HttpReply> post(const std::string& body, std::chrono::seconds timeout, bool& transport_error);
    Result<std::shared_ptr<rapidjson::Document>> exchange(const std::string& body, std::string_view what,
                                                          Retry retry, std::chrono::seconds timeout);
    Status load_credentials();

    struct Curl;
    std::unique_ptr<Curl> m_curl;
    std::string m_url_given;    // as configured (may hold userinfo; never shown)
    std::string m_url;          // without userinfo
    std::string m_redacted;
    std::string m_url_userpwd;  // from URL userinfo
    config::RpcAuth m_auth;
    config::RpcLimits m_limits;
    bool m_last_timed_out = false;
    std::string m_userpwd;      // what CURLOPT_USERPWD gets, refreshed per call (cookies rotate)
};

// Returns: the JSON text of a string, quoted and escaped.
std::string json_quote(std::string_view text);

// Returns: the exact text of a JSON number or string value (numbers are strings under
// kParseNumbersAsStringsFlag), or "" for anything else.
std::string_view json_text(const rapidjson::Value& value);

// Returns: member `key` of an object, or nullptr.
const rapidjson::Value* member(const rapidjson::Value& object, const char* key);

// Parse an unsigned JSON number (as text) into `out`. Returns: false when it is not one.
bool json_uint(const rapidjson::Value& value, std::uint64_t& out);

// Returns: one client per endpoint, in `urls` order (the quorum of a chain section).
std::vector<std::unique_ptr<RpcClient>> connect_all(const std::vector<std::string>& urls,
                                                    const config::RpcAuth& auth,
                                                    const config::RpcLimits& limits);

}  // namespace porwatch::chain
