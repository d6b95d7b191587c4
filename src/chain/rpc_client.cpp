// RpcClient: the libcurl transport (the only curl calls of src/chain), retries and backoff, and
// the calls on top of it. The JSON-RPC envelope is rpc_message.cpp; reading the credentials,
// rpc_credentials.cpp.
#include "rpc_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "porwatch/util/redact.hpp"
#include "porwatch/util/utf8.hpp"
#include "rpc_message.hpp"

namespace porwatch::chain {
namespace {

using std::chrono::milliseconds;
constexpr auto kBackoffBase = milliseconds{250};
constexpr auto kBackoffCap = milliseconds{8000};
constexpr std::size_t kExcerpt = 120;

void global_init()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Sleep before retry `attempt` (0-based): min(cap, base·2^attempt), times a jitter in [0.5, 1],
// never past `limit`.
void backoff(unsigned attempt, std::optional<milliseconds> limit)
{
    thread_local std::mt19937 rng{std::random_device{}()};
    const auto ceiling = std::min<long long>(kBackoffCap.count(), kBackoffBase.count() << std::min(attempt, 10u));
    std::uniform_int_distribution<long long> jitter(ceiling / 2, ceiling);
    milliseconds pause{jitter(rng)};
    if (limit) pause = std::min(pause, *limit);
    std::this_thread::sleep_for(pause);
}

// Collects the body and aborts the transfer once it passes the cap.
struct Sink {
    std::string body;
    std::size_t cap = 0;
    bool overflow = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (sink->body.size() + n > sink->cap) {
        sink->overflow = true;
        return 0;  // makes curl fail with CURLE_WRITE_ERROR
    }
    sink->body.append(data, n);
    return n;
}

ChainError transport_kind(CURLcode rc)
{
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT: return ChainError::timeout;
    case CURLE_PARTIAL_FILE: return ChainError::malformed;  // the body ended early
    default: return ChainError::connect;
    }
}

}  // namespace

struct RpcClient::Curl {
    CURL* handle = nullptr;
    curl_slist* headers = nullptr;
    ~Curl()
    {
        if (headers) curl_slist_free_all(headers);
        if (handle) curl_easy_cleanup(handle);
    }
};

RpcClient::RpcClient(const std::string& url, const config::RpcAuth& auth, const config::RpcLimits& limits)
    : m_curl(std::make_unique<Curl>()),
      m_url_given(url),
      m_url(url),
      m_redacted(redact_url(url)),
      m_auth(auth),
      m_limits(limits)
{
    global_init();
    if (const auto parts = split_url(url)) {
        if (parts->userinfo) m_url_userpwd = percent_decode(*parts->userinfo);
        m_url = std::string(parts->scheme) + "://" + std::string(parts->host_port) + std::string(parts->rest);
    }
    m_curl->handle = curl_easy_init();
    m_curl->headers = curl_slist_append(nullptr, "Content-Type: application/json");
    // No "Expect: 100-continue" on large bodies (a 2 MB scantxoutset chunk): curl would wait
    // for a 100 response first, which JSON-RPC servers need not send.
    if (m_curl->headers) m_curl->headers = curl_slist_append(m_curl->headers, "Expect:");
    CURL* h = m_curl->handle;
    if (!h) return;
    curl_easy_setopt(h, CURLOPT_URL, m_url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, m_curl->headers);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);  // always: no option turns it off
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(limits.connect_timeout_s));
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_response_bytes));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &write_body);
}

RpcClient::~RpcClient() = default;

std::unique_ptr<RpcClient> RpcClient::clone() const
{
    auto copy = std::make_unique<RpcClient>(m_url_given, m_auth, m_limits);
    copy->m_deadline = m_deadline;
    copy->m_bytes = m_bytes;
    return copy;
}

std::optional<milliseconds> RpcClient::remaining() const
{
    if (!m_deadline) return std::nullopt;
    return std::max(milliseconds{0},
                    std::chrono::duration_cast<milliseconds>(*m_deadline - std::chrono::steady_clock::now()));
}

Result<RpcClient::HttpReply> RpcClient::post(const std::string& body, milliseconds timeout, bool& retryable)
{
    retryable = false;
    m_last_timed_out = false;
    CURL* h = m_curl->handle;
    if (!h) return Error{ChainError::connect, "curl_easy_init failed"};
    if (auto s = load_credentials(); !s) return s.error();
    const auto left = remaining();
    const std::string scan_timeout = "scan_timeout (" + std::to_string(m_limits.scan_timeout_s) + " s) reached";
    if (left && left->count() == 0) return Error{ChainError::timeout, scan_timeout};
    const bool capped = left && *left < timeout;
    const milliseconds total = capped ? *left : timeout;
    if (!m_userpwd.empty()) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERPWD, m_userpwd.c_str());
    }
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<long long>(total.count(), 1)));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    Sink sink;
    sink.cap = m_limits.max_response_bytes;
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    const CURLcode rc = curl_easy_perform(h);
    curl_off_t pretransfer_us = 0;  // > 0: the request was sent, so the node may be working on it
    curl_easy_getinfo(h, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
    m_last_timed_out = rc == CURLE_OPERATION_TIMEDOUT && pretransfer_us > 0;
    curl_easy_setopt(h, CURLOPT_WRITEDATA, nullptr);
    *m_bytes += sink.body.size();
    if (sink.overflow || rc == CURLE_FILESIZE_EXCEEDED) {
        return Error{ChainError::too_large, "response larger than " + std::to_string(m_limits.max_response_bytes) +
                                                " bytes (max_response_mb)"};
    }
    if (rc != CURLE_OK) {
        if (rc == CURLE_OPERATION_TIMEDOUT && capped) return Error{ChainError::timeout, scan_timeout};
        retryable = true;
        return Error{transport_kind(rc), curl_easy_strerror(rc)};
    }
    HttpReply reply;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
    reply.body = std::move(sink.body);
    return reply;
}

Result<std::shared_ptr<rapidjson::Document>> RpcClient::exchange(const std::string& body, std::string_view what,
                                                                 Retry retry, milliseconds timeout, bool bounded)
{
    const std::string context = std::string(what) + " at " + m_redacted;
    const unsigned attempts = retry == Retry::yes ? m_limits.retries + 1 : 1;
    const auto saved_deadline = m_deadline;
    if (!bounded) m_deadline.reset();
    struct Restore {
        RpcClient& self;
        std::optional<SteadyTime> deadline;
        ~Restore() { self.m_deadline = deadline; }
    } restore{*this, saved_deadline};
    for (unsigned attempt = 0;; ++attempt) {
        bool retryable = false;
        auto reply = post(body, timeout, retryable);
        const bool last = attempt + 1 >= attempts;
        if (!reply) {
            if (retryable && !last) {
                backoff(attempt, remaining());
                continue;
            }
            return wrap_error(context, reply.error());
        }
        const std::string http = "HTTP " + std::to_string(reply->status);
        if (reply->status == 401 || reply->status == 403) {
            return Error{ChainError::auth, context + ": authentication failed (" + http + ")"};
        }
        const bool http_ok = reply->status >= 200 && reply->status < 300;
        auto doc = parse_json(reply->body);
        if (!doc || !is_jsonrpc_reply(*doc.value())) {
            if ((reply->status == 503 || reply->status == 502) && !last) {
                backoff(attempt, remaining());
                continue;
            }
            const std::string why = doc ? "not a JSON-RPC reply" : doc.error().message;
            return Error{http_ok ? ChainError::malformed : ChainError::http,
                         context + ": " + http + ", " + why + ": '" +
                             untrusted_text(reply->body.substr(0, kExcerpt), kExcerpt) + "'"};
        }
        // -28: the node is loading (block index, wallet); bitcoin-cli -rpcwait retries too.
        if (doc.value()->IsObject() && retry == Retry::yes && !last) {
            const RpcValue v = reply_value(doc.value(), *doc.value());
            if (v.error_code == kRpcInWarmup) {
                backoff(attempt, remaining());
                continue;
            }
        }
        return std::move(doc.value());
    }
}

Result<RpcValue> RpcClient::call(std::string_view method, std::string_view params_json, Retry retry,
                                 std::chrono::seconds timeout)
{
    const auto total = timeout.count() > 0 ? timeout : std::chrono::seconds{m_limits.rpc_timeout_s};
    auto doc = exchange(rpc_body(method, params_json, 0), method, retry, total, /*bounded=*/true);
    if (!doc) return doc.error();
    if (!doc.value()->IsObject()) {
        return Error{ChainError::malformed, std::string(method) + " at " + m_redacted + ": reply is not an object"};
    }
    return reply_value(doc.value(), *doc.value());
}

Result<RpcValue> RpcClient::call_ok(std::string_view method, std::string_view params_json)
{
    auto v = call(method, params_json);
    if (!v) return v.error();
    if (v->is_error()) {
        return Error{ChainError::rpc, std::string(method) + " at " + m_redacted + ": RPC error " +
                                          std::to_string(v->error_code) + ": " + v->error_message};
    }
    return v;
}

Result<RpcValue> RpcClient::call_cleanup(std::string_view method, std::string_view params_json)
{
    const std::chrono::seconds limit{m_limits.connect_timeout_s + kCleanupSeconds};
    auto doc = exchange(rpc_body(method, params_json, 0), method, Retry::no, limit, /*bounded=*/false);
    if (!doc) return doc.error();
    if (!doc.value()->IsObject()) {
        return Error{ChainError::malformed, std::string(method) + " at " + m_redacted + ": reply is not an object"};
    }
    return reply_value(doc.value(), *doc.value());
}

Result<std::vector<RpcValue>> RpcClient::batch(const std::vector<RpcCall>& calls)
{
    if (calls.empty()) return std::vector<RpcValue>{};
    std::string body = "[";
    for (std::size_t i = 0; i < calls.size(); ++i) {
        if (i) body += ',';
        body += rpc_body(calls[i].method, calls[i].params_json, i);
    }
    body += ']';
    const std::string what = "batch of " + std::to_string(calls.size()) + " " + calls.front().method;
    const std::string context = what + " at " + m_redacted;
    auto doc = exchange(body, what, Retry::yes, std::chrono::seconds{m_limits.rpc_timeout_s}, /*bounded=*/true);
    if (!doc) return doc.error();
    return match_batch(doc.value(), calls.size(), context);
}

std::vector<std::unique_ptr<RpcClient>> connect_all(const std::vector<std::string>& urls, const config::RpcAuth& auth,
                                                    const config::RpcLimits& limits, std::optional<SteadyTime> deadline)
{
    std::vector<std::unique_ptr<RpcClient>> clients;
    clients.reserve(urls.size());
    for (const auto& url : urls) {
        clients.push_back(std::make_unique<RpcClient>(url, auth, limits));
        if (deadline) clients.back()->set_deadline(*deadline);
    }
    return clients;
}

void settle_result(ChainResult& r, ChainStatus status, std::string error, std::optional<ChainError> kind,
                   SteadyTime started, const std::vector<std::unique_ptr<RpcClient>>& clients)
{
    r.status = status;
    r.error = std::move(error);
    r.error_kind = status == ChainStatus::failed ? kind : std::nullopt;
    r.degraded = status == ChainStatus::complete &&
                 std::any_of(r.endpoints.begin(), r.endpoints.end(), [](const auto& e) { return !e.error.empty(); });
    r.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    r.response_bytes = 0;
    for (const auto& c : clients) r.response_bytes += c->bytes_received();
}

ChainError chain_error_of(const Error& error, ChainError fallback)
{
    return error.code_as<ChainError>().value_or(fallback);
}

}  // namespace porwatch::chain
