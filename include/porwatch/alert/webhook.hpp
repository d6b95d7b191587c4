// Sends one alert webhook: an HTTP POST of a JSON body with libcurl, signed the way GitHub
// signs its webhooks, with TLS verification always on.
//
// Headers: Content-Type: application/json, User-Agent: porwatch/<version>,
// X-Porwatch-Delivery: <id> (receivers deduplicate on it: delivery is at-least-once), and
// X-Porwatch-Signature: sha256=<hex HMAC-SHA256(secret, body)>. Redirects are not followed (a
// redirect would carry the signed body elsewhere); only http and https are allowed, and plain
// http only to a loopback address. One attempt per call: retries and backoff belong to the
// durable outbox that calls this.
//
// Thread-safety: send_webhook() uses its own curl handle per call and is reentrant.
// Secrets: WebhookSecret never appears in messages; its memory is wiped on destruction.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::alert {

// The HMAC key read from webhook_secret_file. Move-only.
class WebhookSecret {
public:
    // Read the key: the whole file minus one trailing newline. Fails on a missing, unreadable
    // or empty file (the message names the path, never the content).
    static Result<WebhookSecret> load(const std::string& path);
    static WebhookSecret from_string(std::string key);  // tests and tools
    ~WebhookSecret();
    WebhookSecret(WebhookSecret&& other) noexcept;
    WebhookSecret& operator=(WebhookSecret&& other) noexcept;
    WebhookSecret(const WebhookSecret&) = delete;
    WebhookSecret& operator=(const WebhookSecret&) = delete;

    ByteView bytes() const;

private:
    explicit WebhookSecret(std::string key) : m_key(std::move(key)) { }
    void wipe() noexcept;
    std::string m_key;
};

// Returns: "sha256=" + lower-case hex of HMAC-SHA256(secret, body).
std::string webhook_signature(const WebhookSecret& secret, std::string_view body);

// Accepts https URLs, and http URLs whose host is loopback (127.0.0.0/8, ::1, localhost).
// Fails otherwise, naming the URL redacted.
Status validate_webhook_url(std::string_view url);

struct WebhookRequest {
    std::string url;
    std::string body;  // JSON, sent as is and signed byte for byte
    std::string delivery_id;
    std::chrono::milliseconds timeout{10'000};  // the whole request, connect included
};

enum class WebhookOutcome {
    delivered,  // 2xx
    rejected,  // 4xx other than 408/429: retrying the same body will not help
    retry,  // 408, 429, 5xx, other statuses
    transport_error,  // no HTTP answer: DNS, connect, TLS, timeout (http_status 0)
};

struct WebhookResult {
    WebhookOutcome outcome = WebhookOutcome::transport_error;
    long http_status = 0;
    std::string detail;  // curl's error, or the start of the response body

    bool delivered() const { return outcome == WebhookOutcome::delivered; }
    bool retryable() const { return outcome == WebhookOutcome::retry || outcome == WebhookOutcome::transport_error; }
    // Returns: e.g. "HTTP 503: {"error":...}" or "transport error: Connection refused".
    std::string describe() const;
};

// POST once. Fails (an Error) only for a request that can never succeed: an invalid URL or a
// curl handle that cannot be created. Everything the network does is a WebhookResult.
Result<WebhookResult> send_webhook(const WebhookRequest& request, const WebhookSecret& secret);

}  // namespace porwatch::alert
