#include "rpc_client.hpp"

#include <curl/curl.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

namespace porwatch::chain {
namespace {

constexpr auto kBackoffBase = std::chrono::milliseconds{250};
constexpr auto kBackoffCap = std::chrono::milliseconds{8000};

void global_init()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Sleep before retry `attempt` (0-based): min(cap, base·2^attempt), times a jitter in [0.5, 1].
void backoff(unsigned attempt)
{
    thread_local std::mt19937 rng{std::random_device{}()};
    const auto ceiling = std::min<long long>(kBackoffCap.count(), kBackoffBase.count() << std::min(attempt, 10u));
    std::uniform_int_distribution<long long> jitter(ceiling / 2, ceiling);
    std::this_thread::sleep_for(std::chrono::milliseconds{jitter(rng)});
}

std::string read_secret_file(const std::string& path, bool& ok)
{
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
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
        return 0;   // makes curl fail with CURLE_WRITE_ERROR
    }
    sink->body.append(data, n);
    return n;
}

std::string rpc_body(std::string_view method, std::string_view params, std::size_t id)
{
    std::string body = R"({"jsonrpc":"2.0","id":)";
    body += std::to_string(id);
    body += R"(,"method":)";
    body += json_quote(method);
    body += R"(,"params":)";
    body += params;
    body += '}';
    return body;
}

// Split a reply object into result / error.
RpcValue to_value(const std::shared_ptr<rapidjson::Document>& doc, const rapidjson::Value& reply)
{
    RpcValue out;
    out.doc = doc;
    static const rapidjson::Value kNull;
    out.value = &kNull;
    if (const auto* result = member(reply, "result")) out.value = result;
    if (const auto* error = member(reply, "error"); error && !error->IsNull()) {
        std::uint64_t magnitude = 0;
        const auto* code = member(*error, "code");
        std::string_view code_text = code ? json_text(*code) : "";
        const bool negative = !code_text.empty() && code_text.front() == '-';
        if (negative) code_text.remove_prefix(1);
        rapidjson::Value code_value(code_text.data(), static_cast<rapidjson::SizeType>(code_text.size()));
        if (!code || !json_uint(code_value, magnitude) || magnitude > 1000000) magnitude = 1000000;
        out.error_code = negative ? -static_cast<int>(magnitude) : static_cast<int>(magnitude);
        const auto* message = member(*error, "message");
        out.error_message = message && message->IsString() ? message->GetString() : "(no message)";
    }
    return out;
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

std::string RpcClient::redact(const std::string& url)
{
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    const auto host_end = url.find('/', scheme + 3);
    const auto at = url.rfind('@', host_end == std::string::npos ? std::string::npos : host_end);
    if (at == std::string::npos || at < scheme) return url;
    return url.substr(0, scheme + 3) + "***@" + url.substr(at + 1);
}

RpcClient::RpcClient(const std::string& url, const config::RpcAuth& auth, const config::RpcLimits& limits)
    : m_curl(std::make_unique<Curl>()), m_url_given(url), m_url(url), m_redacted(redact(url)), m_auth(auth), m_limits(limits)
{
    global_init();
    const auto scheme = url.find("://");
    const auto host_end = url.find('/', scheme + 3);
    const auto at = url.rfind('@', host_end == std::string::npos ? std::string::npos : host_end);
    if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
        m_url_userpwd = url.substr(scheme + 3, at - scheme - 3);
        m_url = url.substr(0, scheme + 3) + url.substr(at + 1);
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
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);   // always: no option turns it off
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(limits.connect_timeout_s));
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_response_bytes));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &write_body);
}

RpcClient::~RpcClient() = default;

Status RpcClient::load_credentials()
{
    bool ok = true;
    if (!m_auth.cookie_file.empty()) {
        // The cookie is rewritten on every node start, so it is read on every call.
        m_userpwd = read_secret_file(m_auth.cookie_file, ok);
        if (!ok) return Error{m_redacted + ": cannot read rpc_cookie_file " + m_auth.cookie_file};
    } else if (!m_auth.user.empty()) {
        m_userpwd = m_auth.user + ":" + read_secret_file(m_auth.password_file, ok);
        if (!ok) return Error{m_redacted + ": cannot read rpc_password_file " + m_auth.password_file};
    } else {
        m_userpwd = m_url_userpwd;
    }
    return Ok{};
}

Result<RpcClient::HttpReply> RpcClient::post(const std::string& body, std::chrono::seconds timeout,
                                             bool& transport_error)
{
    transport_error = false;
    CURL* h = m_curl->handle;
    if (!h) return Error{m_redacted + ": curl_easy_init failed"};
    if (auto s = load_credentials(); !s) return s.error();
    if (!m_userpwd.empty()) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERPWD, m_userpwd.c_str());
    }
    const auto total = timeout.count() > 0 ? timeout : std::chrono::seconds{m_limits.rpc_timeout_s};
    curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(total.count()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    Sink sink;
    sink.cap = m_limits.max_response_bytes;
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    const CURLcode rc = curl_easy_perform(h);
    curl_off_t pretransfer_us = 0;   // > 0: the request was sent, so the node may be working on it
    curl_easy_getinfo(h, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
    m_last_timed_out = rc == CURLE_OPERATION_TIMEDOUT && pretransfer_us > 0;
    curl_easy_setopt(h, CURLOPT_WRITEDATA, nullptr);
    if (sink.overflow || rc == CURLE_FILESIZE_EXCEEDED) {
        return Error{"response larger than " + std::to_string(m_limits.max_response_bytes) + " bytes (max_response_mb)"};
    }
    if (rc != CURLE_OK) {
        transport_error = true;
        return Error{curl_easy_strerror(rc)};
    }
    HttpReply reply;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
    reply.body = std::move(sink.body);
    return reply;
}

Result<std::shared_ptr<rapidjson::Document>> RpcClient::exchange(const std::string& body, std::string_view what,
                                                                 Retry retry, std::chrono::seconds timeout)
{
    const std::string context = std::string(what) + " at " + m_redacted;
    const unsigned attempts = retry == Retry::yes ? m_limits.retries + 1 : 1;
    for (unsigned attempt = 0;; ++attempt) {
        bool transport_error = false;
        auto reply = post(body, timeout, transport_error);
        const bool last = attempt + 1 >= attempts;
        if (!reply) {
            if (transport_error && !last) {
                backoff(attempt);
                continue;
            }
            return wrap_error(context, reply.error());
        }
        if (reply->status == 401 || reply->status == 403) {
            return Error{context + ": authentication failed (HTTP " + std::to_string(reply->status) + ")"};
        }
        auto doc = std::make_shared<rapidjson::Document>();
        doc->Parse<rapidjson::kParseNumbersAsStringsFlag>(reply->body.data(), reply->body.size());
        if (doc->HasParseError() || !(doc->IsObject() || doc->IsArray())) {
            if ((reply->status == 503 || reply->status == 502) && !last) {
                backoff(attempt);
                continue;
            }
            return Error{context + ": HTTP " + std::to_string(reply->status) + ", body is not JSON-RPC: '" +
                         reply->body.substr(0, 120) + "'"};
        }
        // -28: the node is loading (block index, wallet); bitcoin-cli -rpcwait retries too.
        if (doc->IsObject() && retry == Retry::yes && !last) {
            const RpcValue v = to_value(doc, *doc);
            if (v.error_code == kRpcInWarmup) {
                backoff(attempt);
                continue;
            }
        }
        return doc;
    }
}

Result<RpcValue> RpcClient::call(std::string_view method, std::string_view params_json, Retry retry,
                                 std::chrono::seconds timeout)
{
    auto doc = exchange(rpc_body(method, params_json, 0), method, retry, timeout);
    if (!doc) return doc.error();
    if (!doc.value()->IsObject()) return Error{std::string(method) + " at " + m_redacted + ": reply is not an object"};
    return to_value(doc.value(), *doc.value());
}

Result<RpcValue> RpcClient::call_ok(std::string_view method, std::string_view params_json)
{
    auto v = call(method, params_json);
    if (!v) return v.error();
    if (v->is_error()) {
        return Error{std::string(method) + " at " + m_redacted + ": RPC error " + std::to_string(v->error_code) +
                     ": " + v->error_message};
    }
    return v;
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
    auto doc = exchange(body, what, Retry::yes, std::chrono::seconds{0});
    if (!doc) return doc.error();
    const auto& root = *doc.value();
    if (!root.IsArray()) {
        const RpcValue v = to_value(doc.value(), root);
        return Error{what + " at " + m_redacted + ": node answered a batch with a single reply" +
                     (v.is_error() ? " (error " + std::to_string(v.error_code) + ": " + v.error_message + ")" : "")};
    }
    if (root.Size() != calls.size()) {
        return Error{what + " at " + m_redacted + ": " + std::to_string(root.Size()) + " replies for " +
                     std::to_string(calls.size()) + " requests"};
    }
    std::vector<RpcValue> out(calls.size());
    std::vector<bool> seen(calls.size(), false);
    for (const auto& element : root.GetArray()) {
        std::uint64_t id = 0;
        const auto* id_value = element.IsObject() ? member(element, "id") : nullptr;
        if (!id_value || !json_uint(*id_value, id) || id >= calls.size() || seen[id]) {
            return Error{what + " at " + m_redacted + ": reply with a missing, unknown or repeated id"};
        }
        seen[id] = true;
        out[id] = to_value(doc.value(), element);
    }
    return out;
}

std::string json_quote(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static const char* kHex = "0123456789abcdef";
            out += "\\u00";
            out += kHex[(c >> 4) & 0xf];
            out += kHex[c & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

std::string_view json_text(const rapidjson::Value& value)
{
    if (!value.IsString()) return {};
    return {value.GetString(), value.GetStringLength()};
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* key)
{
    if (!object.IsObject()) return nullptr;
    const auto it = object.FindMember(key);
    return it == object.MemberEnd() ? nullptr : &it->value;
}

bool json_uint(const rapidjson::Value& value, std::uint64_t& out)
{
    const std::string_view text = json_text(value);
    if (text.empty() || text.size() > 19) return false;
    std::uint64_t v = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    out = v;
    return true;
}

std::vector<std::unique_ptr<RpcClient>> connect_all(const std::vector<std::string>& urls,
                                                    const config::RpcAuth& auth,
                                                    const config::RpcLimits& limits)
{
    std::vector<std::unique_ptr<RpcClient>> clients;
    clients.reserve(urls.size());
    for (const auto& url : urls) clients.push_back(std::make_unique<RpcClient>(url, auth, limits));
    return clients;
}

}  // namespace porwatch::chain
