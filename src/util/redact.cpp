#include "porwatch/util/redact.hpp"

#include <algorithm>
#include <cctype>

#include "porwatch/util/hex.hpp"

namespace porwatch {
namespace {

bool is_scheme(std::string_view text)
{
    if (text.empty() || std::isalpha(static_cast<unsigned char>(text[0])) == 0) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
    });
}

bool all_of_chars(std::string_view text, bool (*ok)(char))
{
    return std::all_of(text.begin(), text.end(), ok);
}

// host[:port] with host a reg-name (RFC 3986 unreserved or pct-encoded) or an [IPv6] literal.
bool is_host_port(std::string_view text)
{
    std::string_view host = text;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close == 1) return false;
        host = text.substr(1, close - 1);
        const std::string_view after = text.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return false;
            port = after.substr(1);
            if (port.empty()) return false;
        }
        if (!all_of_chars(host, [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
            })) {
            return false;
        }
    } else {
        if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
            host = text.substr(0, colon);
            port = text.substr(colon + 1);
            if (port.empty()) return false;
        }
        if (host.empty()) return false;
        if (!all_of_chars(host, [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
                       c == '~' || c == '%';
            })) {
            return false;
        }
    }
    return port.size() <= 5 &&
           all_of_chars(port, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::optional<UrlParts> split_url(std::string_view url)
{
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos || !is_scheme(url.substr(0, scheme_end))) return std::nullopt;
    UrlParts parts;
    parts.scheme = url.substr(0, scheme_end);
    std::string_view rest = url.substr(scheme_end + 3);
    // The last '@' that a valid authority follows ends the user info (see the header).
    for (std::size_t from = std::string_view::npos;;) {
        const std::size_t at = rest.rfind('@', from);
        if (at == std::string_view::npos) break;
        const std::string_view after = rest.substr(at + 1);
        const std::string_view authority = after.substr(0, after.find_first_of("/?#"));
        if (authority.find('@') == std::string_view::npos && is_host_port(authority)) {
            parts.userinfo = rest.substr(0, at);
            rest = after;
            break;
        }
        if (at == 0) break;
        from = at - 1;
    }
    const auto authority_end = rest.find_first_of("/?#");
    parts.host_port = rest.substr(0, authority_end);
    parts.rest = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
    if (!is_host_port(parts.host_port)) return std::nullopt;
    return parts;
}

std::string percent_decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int hi = hex_digit_value(text[i + 1]);
            const int lo = hex_digit_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

std::string redact_url(std::string_view url)
{
    const auto parts = split_url(url);
    if (!parts) return "<url>";
    std::string out(parts->scheme);
    out += "://";
    if (parts->userinfo) out += "***@";
    out += parts->host_port;
    if (!parts->rest.empty() && parts->rest != "/") out += "/…";
    return out;
}

}  // namespace porwatch
