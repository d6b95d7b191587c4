// URLs as porwatch shows them, and as it splits them for its transports: the one place that
// decides what in a URL is the user info (a password), the host, and the rest (a path or query
// that may hold an API key: Infura's /v3/KEY, ?apikey=…, Slack's /services/T/B/TOKEN).
//
// Every URL shown anywhere (messages, logs, JSON output, the database) goes through
// redact_url(); the chain and alert transports split with split_url(), so what porwatch
// connects to is exactly what it shows.
//
// Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace porwatch {

// scheme://[userinfo@]host[:port][rest]
//
// The user info runs to the LAST '@' that is followed by a valid host[:port] and then the end,
// '/', '?' or '#'. So a password may contain '/', '#', '?', ':' and '@' written as they are
// (percent-escapes such as %2F are decoded by percent_decode()); an '@' in the path or query
// must be written %40.
struct UrlParts {
    std::string_view scheme;  // "http"
    std::optional<std::string_view> userinfo;  // as written (still percent-encoded)
    std::string_view host_port;  // "127.0.0.1:8545", "[::1]:8545", "node.example"
    std::string_view rest;  // "" or starting with '/', '?' or '#'
};

// Returns: the parts, or nullopt when `url` is not scheme://authority… with a valid host.
std::optional<UrlParts> split_url(std::string_view url);

// Returns: `text` with every %XX (two hex digits) replaced by its byte; other '%' kept.
std::string percent_decode(std::string_view text);

// Returns: `url` reduced to scheme://[***@]host[:port][/…]: "***@" when it had user info,
// "/…" when it had a path (other than a lone "/"), a query or a fragment. Text that is not a
// URL split_url() accepts is replaced by "<url>", so nothing unparsed is ever echoed.
// Example: http://u:p/w#d@127.0.0.1:8545/v3/KEY?x=1 → http://***@127.0.0.1:8545/…
std::string redact_url(std::string_view url);

}  // namespace porwatch
