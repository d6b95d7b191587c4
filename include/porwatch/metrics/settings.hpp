// The `[metrics]` section of porwatch.conf, validated:
//
//   [metrics]
//   listen        = 127.0.0.1:9737   serve /metrics here (HOST:PORT, [IPv6]:PORT, or a bare PORT
//                                    meaning 127.0.0.1); off unless set
//   listen_public = yes|no           required (yes) for an address that is not loopback
//                                    (127.0.0.0/8, ::1); default no
//   textfile      = /abs/path.prom   also write the exposition here after every cycle, atomically
//                                    (node_exporter's textfile collector); off unless set
//
// Loopback by default: a non-loopback listen address is refused unless listen_public = yes is
// also set, because /metrics has no authentication and no TLS. Hosts are IP literals (or
// `localhost`): no name is resolved. Errors name FILE:LINE. Pure. Thread-safety: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "porwatch/config/config.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::metrics {

struct ListenAddress {
    std::string host;  // IP literal, no brackets: "127.0.0.1", "::1", "0.0.0.0"
    std::uint16_t port = 0;
    bool ipv6 = false;
    bool loopback = false;

    // Returns: "127.0.0.1:9737" or "[::1]:9737".
    std::string text() const;
    friend bool operator==(const ListenAddress&, const ListenAddress&) = default;
};

struct MetricsSettings {
    std::optional<ListenAddress> listen;
    std::string textfile;  // "" = off

    bool enabled() const { return listen.has_value() || !textfile.empty(); }
};

// Parse "HOST:PORT", "[V6]:PORT" or "PORT". Fails on anything else, port 0 or > 65535.
Result<ListenAddress> parse_listen(const std::string& text);

// Validate the [metrics] section of `config` (absent: metrics off). Fails with "FILE:LINE: …"
// on an unknown or repeated key, a bad address, a non-loopback address without
// listen_public = yes, or a relative textfile path.
Result<MetricsSettings> parse_metrics_settings(const config::Config& config);

}  // namespace porwatch::metrics
