#include "porwatch/alert/webhook.hpp"
#include "porwatch/util/read_file.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include "porwatch/crypto/hmac.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/redact.hpp"

namespace porwatch::alert {
namespace {

constexpr std::size_t kMaxResponseKept = 256;

struct CurlDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
    void operator()(char* text) const { curl_free(text); }
};
template <typename T> using CurlPtr = std::unique_ptr<T, CurlDeleter>;

bool is_loopback_host(std::string host)
{
    if (host == "localhost") return true;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
        in6_addr v6{};
        return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
    }
    in_addr v4{};
    return inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

std::size_t keep_start(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* kept = static_cast<std::string*>(user);
    const std::size_t bytes = size * count;
    if (kept->size() < kMaxResponseKept) {
        kept->append(data, std::min(bytes, kMaxResponseKept - kept->size()));
    }
    return bytes;
}

WebhookOutcome outcome_for_status(long status)
{
    if (status >= 200 && status < 300) return WebhookOutcome::delivered;
    if (status == 408 || status == 429) return WebhookOutcome::retry;
    if (status >= 400 && status < 500) return WebhookOutcome::rejected;
    return WebhookOutcome::retry;
}

}  // namespace

Result<WebhookSecret> WebhookSecret::load(const std::string& path)
{
    // Missing, or permission denied naming the user (under the unit: LoadCredential=).
    Result<std::string> read = read_whole_file(path, "webhook_secret_file");
    if (!read) return read.error();
    std::string key = std::move(*read);
    if (!key.empty() && key.back() == '\n') key.pop_back();
    if (!key.empty() && key.back() == '\r') key.pop_back();
    if (key.empty()) return Error{"webhook_secret_file " + path + ": the secret is empty"};
    return WebhookSecret(std::move(key));
}

WebhookSecret WebhookSecret::from_string(std::string key)
{
    return WebhookSecret(std::move(key));
}

WebhookSecret::~WebhookSecret()
{
    wipe();
}

WebhookSecret::WebhookSecret(WebhookSecret&& other) noexcept : m_key(std::move(other.m_key))
{
    other.wipe();
}

WebhookSecret& WebhookSecret::operator=(WebhookSecret&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_key = std::move(other.m_key);
        other.wipe();
    }
    return *this;
}

void WebhookSecret::wipe() noexcept
{
    // explicit_bzero is not optimised away, unlike a memset before the string dies.
    explicit_bzero(m_key.data(), m_key.size());
    m_key.clear();
}

ByteView WebhookSecret::bytes() const
{
    return crypto::as_bytes(m_key);
}

std::string webhook_signature(const WebhookSecret& secret, std::string_view body)
{
    return "sha256=" + to_hex(crypto::hmac_sha256(secret.bytes(), crypto::as_bytes(body)));
}

Status validate_webhook_url(std::string_view url)
{
    const std::string shown = redact_url(url);
    CurlPtr<CURLU> parsed(curl_url());
    if (!parsed) return Error{"webhook " + shown + ": out of memory"};
    const std::string text(url);
    if (curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
        return Error{"webhook " + shown + ": not a valid URL"};
    }
    char* raw = nullptr;
    curl_url_get(parsed.get(), CURLUPART_SCHEME, &raw, 0);
    const CurlPtr<char> scheme(raw);
    raw = nullptr;
    curl_url_get(parsed.get(), CURLUPART_HOST, &raw, 0);
    const CurlPtr<char> host(raw);
    if (!scheme || !host) return Error{"webhook " + shown + ": not a valid URL"};
    const std::string_view scheme_text(scheme.get());
    if (scheme_text == "https") return Ok{};
    if (scheme_text == "http") {
        if (is_loopback_host(host.get())) return Ok{};
        return Error{"webhook " + shown + ": plain http is only allowed to a loopback address; use https"};
    }
    return Error{"webhook " + shown + ": only https (or http to loopback) is supported"};
}

std::string WebhookResult::describe() const
{
    if (outcome == WebhookOutcome::transport_error) return "transport error: " + detail;
    std::string text = "HTTP " + std::to_string(http_status);
    if (!delivered() && !detail.empty()) text += ": " + detail;
    return text;
}

Result<WebhookResult> send_webhook(const WebhookRequest& request, const WebhookSecret& secret)
{
    if (const Status valid = validate_webhook_url(request.url); !valid.ok()) return valid.error();
    CurlPtr<CURL> curl(curl_easy_init());
    if (!curl) return Error{"webhook " + redact_url(request.url) + ": cannot create a curl handle"};

    curl_slist* raw_headers = nullptr;
    for (const std::string& header : {std::string("Content-Type: application/json"), std::string("Expect:"),
                                      "X-Porwatch-Delivery: " + request.delivery_id,
                                      "X-Porwatch-Signature: " + webhook_signature(secret, request.body)}) {
        curl_slist* next = curl_slist_append(raw_headers, header.c_str());
        if (next == nullptr) {
            curl_slist_free_all(raw_headers);
            return Error{"webhook " + redact_url(request.url) + ": out of memory"};
        }
        raw_headers = next;
    }
    const CurlPtr<curl_slist> headers(raw_headers);

    std::string response;
    char error_text[CURL_ERROR_SIZE] = {};
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_USERAGENT, "porwatch/" PORWATCH_VERSION);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &keep_start);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);

    WebhookResult result;
    const CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK) {
        result.outcome = WebhookOutcome::transport_error;
        result.detail = (error_text[0] != '\0' ? std::string(error_text) : curl_easy_strerror(code)) + " (curl " +
                        std::to_string(static_cast<int>(code)) + ")";
        return result;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.http_status);
    result.outcome = outcome_for_status(result.http_status);
    result.detail = std::move(response);
    return result;
}

}  // namespace porwatch::alert
