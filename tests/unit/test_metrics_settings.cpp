#include <doctest/doctest.h>

#include "porwatch/metrics/settings.hpp"

using namespace porwatch;

namespace {

Result<metrics::MetricsSettings> parse(const std::string& section)
{
    const std::string text = "database = /tmp/x.db\n[metrics]\n" + section;
    Result<config::Config> config = config::parse_config(text, "porwatch.conf");
    REQUIRE_MESSAGE(config.ok(), (config.ok() ? "" : config.error().message));
    return metrics::parse_metrics_settings(*config);
}

std::string error_of(const std::string& section)
{
    auto s = parse(section);
    REQUIRE_FALSE(s.ok());
    return s.error().message;
}

}  // namespace

TEST_SUITE("metrics")
{
    TEST_CASE("metrics::parse_listen: IPv4, [IPv6], a bare port, loopback detection, no names")
    {
        auto v4 = metrics::parse_listen("127.0.0.1:9737");
        REQUIRE(v4.ok());
        CHECK(v4->host == "127.0.0.1");
        CHECK(v4->port == 9737);
        CHECK(v4->loopback);
        CHECK(v4->text() == "127.0.0.1:9737");
        CHECK(metrics::parse_listen("127.8.9.10:1")->loopback);  // all of 127.0.0.0/8
        auto bare = metrics::parse_listen("9737");
        REQUIRE(bare.ok());
        CHECK(bare->host == "127.0.0.1");
        CHECK(bare->loopback);
        auto v6 = metrics::parse_listen("[::1]:9737");
        REQUIRE(v6.ok());
        CHECK(v6->ipv6);
        CHECK(v6->loopback);
        CHECK(v6->text() == "[::1]:9737");
        CHECK(metrics::parse_listen("localhost:9737")->host == "127.0.0.1");
        CHECK_FALSE(metrics::parse_listen("0.0.0.0:9737")->loopback);
        CHECK_FALSE(metrics::parse_listen("[::]:9737")->loopback);
        CHECK_FALSE(metrics::parse_listen("10.0.0.5:9737")->loopback);
        CHECK_FALSE(metrics::parse_listen("[::ffff:127.0.0.1]:9737")->loopback);  // not ::1
        for (const char* bad : {"127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:", "127.0.0.1:x", "::1:9737", "[::1]9737",
                                "example.com:9737", "256.0.0.1:9737", ""}) {
            CHECK_MESSAGE(!metrics::parse_listen(bad).ok(), bad);
        }
    }

    TEST_CASE("metrics::parse_metrics_settings: loopback by default, public only when spelled out")
    {
        auto none = metrics::parse_metrics_settings(config::parse_config("database = /x\n", "c").value());
        REQUIRE(none.ok());
        CHECK_FALSE(none->enabled());

        auto local = parse("listen = 127.0.0.1:9737\n");
        REQUIRE(local.ok());
        CHECK(local->listen->port == 9737);

        CHECK(error_of("listen = 0.0.0.0:9737\n") ==
              "porwatch.conf:3: listen 0.0.0.0:9737 is not a loopback address; /metrics has no authentication or "
              "TLS, so serving it beyond this machine needs listen_public = yes as well");
        CHECK(error_of("listen = 0.0.0.0:9737\nlisten_public = no\n").find("not a loopback address") !=
              std::string::npos);
        auto open = parse("listen_public = yes\nlisten = 0.0.0.0:9737\n");
        REQUIRE(open.ok());
        CHECK_FALSE(open->listen->loopback);

        auto file = parse("textfile = /var/lib/node_exporter/porwatch.prom\n");
        REQUIRE(file.ok());
        CHECK(file->enabled());
        CHECK_FALSE(file->listen.has_value());
        CHECK(error_of("textfile = porwatch.prom\n") == "porwatch.conf:3: textfile must be an absolute path");
        CHECK(error_of("listen = 9737\nlisten = 9738\n") ==
              "porwatch.conf:4: key 'listen' given twice in section [metrics]");
        CHECK(error_of("port = 9737\n").find("porwatch.conf:3: unknown key 'port' in section [metrics]") == 0);
        CHECK(error_of("listen_public = true\n") == "porwatch.conf:3: listen_public must be yes or no");
        CHECK(error_of("listen = 127.0.0.1:99999\n").find("porwatch.conf:3: listen: port must be 1 to 65535") == 0);
    }
}
