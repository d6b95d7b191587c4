// Issue 18: durations in every config key, relative paths against the config's directory.
#include <doctest/doctest.h>

#include "porwatch/alert/settings.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/daemon/settings.hpp"

using namespace porwatch;

TEST_SUITE("config")
{
    TEST_CASE("config::parse_config takes one duration syntax for interval and the chain timeouts")
    {
        const auto c = config::parse_config("interval = 10m\n[bitcoin]\nnetwork = regtest\nrpc_url = http://h\n"
                                            "connect_timeout = 30s\nrpc_timeout = 1h\nscan_timeout = 7200\n",
                                            "f");
        REQUIRE(c.ok());
        CHECK(c->interval_s == 600);
        CHECK(c->bitcoin->limits.connect_timeout_s == 30);
        CHECK(c->bitcoin->limits.rpc_timeout_s == 3600);
        CHECK(c->bitcoin->limits.scan_timeout_s == 7200);
        CHECK(config::parse_config("interval = 90\n", "f")->interval_s == 90);  // a bare integer is seconds
        CHECK(config::parse_config("interval = 32d\n", "f")
                  .error()
                  .message.rfind("f:1: key 'interval' must be a duration", 0) == 0);
    }

    TEST_CASE("config::parse_max_age_days: whole days in the duration syntax")
    {
        CHECK(config::parse_max_age_days("400d").value() == 400);
        CHECK(config::parse_max_age_days("2w").value() == 14);
        CHECK(config::parse_max_age_days("86400").value() == 1);
        CHECK_FALSE(config::parse_max_age_days("36h").ok());  // not whole days
        CHECK_FALSE(config::parse_max_age_days("0d").ok());
        CHECK(config::parse_max_age_days("1y").error().message.find("whole days") != std::string::npos);
    }

    TEST_CASE("daemon and alert settings: jitter and stale_after take bare seconds too")
    {
        auto c = config::parse_config(
            "interval = 1h\naddresses = a.csv\n[daemon]\njitter = 90s\n[alerts]\nstale_after = 3600\n"
            "hook_timeout = 30\n[bitcoin]\nnetwork = regtest\nrpc_url = http://h\n",
            "f");
        REQUIRE(c.ok());
        const auto daemon = daemon::parse_daemon_settings(*c);
        REQUIRE(daemon.ok());
        CHECK(daemon->schedule.max_jitter == std::chrono::seconds{90});
        const auto alerts = alert::load_alert_settings(*c);
        REQUIRE(alerts.ok());
        CHECK(alerts->rules.stale_after == 3600);
        CHECK(alerts->hook_timeout == std::chrono::seconds{30});
    }

    TEST_CASE("alert settings: asset symbols are case-insensitive and keep the config's spelling")
    {
        auto c = config::parse_config("[alerts]\ndrop_percent = eth:5\nfloor = ltc:1.5\n[litecoin]\nnetwork = regtest\n"
                                      "rpc_url = http://h\n[ethereum]\nrpc_url = http://h\nchain_id = 1\n",
                                      "f");
        REQUIRE(c.ok());
        const auto alerts = alert::load_alert_settings(*c);
        REQUIRE(alerts.ok());
        CHECK(alerts->rules.drops.at(0).target.asset == "ETH");
        CHECK(alerts->rules.floors.at(0).target.asset == "LTC");
        auto twice = config::parse_config("[alerts]\ndrop_percent = eth:5\ndrop_percent = ETH:7\n[ethereum]\n"
                                          "rpc_url = http://h\nchain_id = 1\n",
                                          "f");
        REQUIRE(twice.ok());
        CHECK_FALSE(alert::load_alert_settings(*twice).ok());  // one asset, two rules of one kind
    }

    TEST_CASE("config::parse_config resolves relative paths against the config file's directory")
    {
        const auto c = config::parse_config(
            "database = porwatch.db\naddresses = books/okx.csv\naddresses = /abs/htx.csv\n"
            "[book \"books/okx.csv\"]\nmessage = I am an OKX address\n"
            "[bitcoin]\nnetwork = regtest\nrpc_url = http://h\nrpc_cookie_file = ../bitcoind/.cookie\n"
            "[litecoin]\nnetwork = regtest\nrpc_url = http://h\nrpc_user = u\nrpc_password_file = secret\n",
            "/etc/porwatch/porwatch.conf");
        REQUIRE(c.ok());
        CHECK(c->database == "/etc/porwatch/porwatch.db");
        CHECK(c->addresses == std::vector<std::string>{"/etc/porwatch/books/okx.csv", "/abs/htx.csv"});
        REQUIRE(c->books.count("/etc/porwatch/books/okx.csv") == 1);
        CHECK(c->books.at("/etc/porwatch/books/okx.csv").message == "I am an OKX address");
        CHECK(c->bitcoin->auth.cookie_file == "/etc/bitcoind/.cookie");
        CHECK(c->litecoin->auth.password_file == "/etc/porwatch/secret");
        CHECK(c->resolve("hook.sh") == "/etc/porwatch/hook.sh");
        // A config in the working directory (or from stdin) keeps them relative to it.
        CHECK(config::parse_config("database = p.db\n", "porwatch.conf")->database == "p.db");
        CHECK(config::parse_config("database = p.db\n", "-")->database == "p.db");
        CHECK(config::resolve_config_path("conf/p.conf", "../x.db") == "x.db");
    }
}
