#include "porwatch/metrics/settings.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <set>

namespace porwatch::metrics {
namespace {

Result<std::uint16_t> parse_port(std::string_view text)
{
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || port == 0 || port > 65535) {
        return Error{"port must be 1 to 65535, not '" + std::string(text) + "'"};
    }
    return static_cast<std::uint16_t>(port);
}

}  // namespace

std::string ListenAddress::text() const
{
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<ListenAddress> parse_listen(const std::string& text)
{
    ListenAddress out;
    std::string_view port_text;
    if (text.find(':') == std::string::npos) {
        out.host = "127.0.0.1";  // a bare port is loopback
        port_text = text;
    } else if (!text.empty() && text.front() == '[') {
        const auto close = text.find("]:");
        if (close == std::string::npos) return Error{"expected [IPv6]:PORT, not '" + text + "'"};
        out.host = text.substr(1, close - 1);
        out.ipv6 = true;
        port_text = std::string_view(text).substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (text.find(':') != colon) return Error{"write an IPv6 address in brackets: [::1]:9737"};
        out.host = text.substr(0, colon);
        port_text = std::string_view(text).substr(colon + 1);
    }
    if (out.host == "localhost") out.host = "127.0.0.1";
    Result<std::uint16_t> port = parse_port(port_text);
    if (!port) return port.error();
    out.port = *port;
    if (out.ipv6) {
        in6_addr a6{};
        if (::inet_pton(AF_INET6, out.host.c_str(), &a6) != 1) {
            return Error{"'" + out.host + "' is not an IPv6 address (no name is resolved)"};
        }
        out.loopback = IN6_IS_ADDR_LOOPBACK(&a6);
    } else {
        in_addr a4{};
        if (::inet_pton(AF_INET, out.host.c_str(), &a4) != 1) {
            return Error{"'" + out.host + "' is not an IPv4 address (no name is resolved; use an IP literal)"};
        }
        out.loopback = (ntohl(a4.s_addr) >> 24) == 127;  // 127.0.0.0/8
    }
    return out;
}

Result<MetricsSettings> parse_metrics_settings(const config::Config& config)
{
    MetricsSettings out;
    const auto section = config.extra.find("metrics");
    if (section == config.extra.end()) return out;
    auto at = [&](const config::RawValue& v, config::ConfigError kind, const std::string& what) {
        return Error{kind, config.file + ":" + std::to_string(v.line) + ": " + what};
    };
    std::set<std::string> seen;
    bool listen_public = false;
    const config::RawValue* listen_line = nullptr;
    for (const config::RawValue& v : section->second) {
        if (!seen.insert(v.key).second)
            return at(v, config::ConfigError::repeated, "key '" + v.key + "' given twice in section [metrics]");
        if (v.key == "listen") {
            Result<ListenAddress> listen = parse_listen(v.value);
            if (!listen) return at(v, config::ConfigError::value, "listen: " + listen.error().message);
            out.listen = *listen;
            listen_line = &v;
        } else if (v.key == "listen_public") {
            if (v.value != "yes" && v.value != "no")
                return at(v, config::ConfigError::value, "listen_public must be yes or no");
            listen_public = v.value == "yes";
        } else if (v.key == "textfile") {
            if (v.value.empty() || v.value.front() != '/')
                return at(v, config::ConfigError::value, "textfile must be an absolute path");
            out.textfile = v.value;
        } else {
            return at(v, config::ConfigError::unknown,
                      "unknown key '" + v.key + "' in section [metrics] (known: listen, listen_public, textfile)");
        }
    }
    if (out.listen && !out.listen->loopback && !listen_public) {
        return at(*listen_line, config::ConfigError::conflict,
                  "listen " + out.listen->text() +
                      " is not a loopback address; /metrics has no authentication or TLS, so "
                      "serving it beyond this machine needs listen_public = yes as well");
    }
    return out;
}

}  // namespace porwatch::metrics
