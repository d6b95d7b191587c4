#include <doctest/doctest.h>

#include "porwatch/daemon/cycle.hpp"
#include "porwatch/daemon/settings.hpp"

using namespace porwatch;

namespace {

Result<daemon::DaemonSettings> settings_of(const std::string& text)
{
    auto config = config::parse_config(text, "p.conf");
    REQUIRE(config.ok());
    return daemon::parse_daemon_settings(*config);
}

}  // namespace

TEST_SUITE("daemon")
{
    TEST_CASE("daemon::parse_daemon_settings reads [daemon] and [store]")
    {
        auto s = settings_of("interval = 120\n[daemon]\nlog_level = debug\njitter = 5\n"
                             "[store]\nkeep_all_days = 2\nhourly_days = 30\nbusy_timeout_ms = 100\n");
        REQUIRE(s.ok());
        CHECK(s->log_level == daemon::LogLevel::debug);
        CHECK(s->schedule.interval == std::chrono::seconds{120});
        CHECK(s->schedule.max_jitter == std::chrono::seconds{5});
        CHECK(s->retention.keep_all_days == 2);
        CHECK(s->retention.hourly_days == 30);
        CHECK(s->busy_timeout_ms == 100);
    }

    TEST_CASE("daemon::parse_daemon_settings defaults")
    {
        auto s = settings_of("interval = 600\n");
        REQUIRE(s.ok());
        CHECK(s->log_level == daemon::LogLevel::info);
        CHECK(s->schedule.max_jitter == std::chrono::seconds{60});
        CHECK(s->retention.keep_all_days == 7);
        CHECK(s->retention.hourly_days == 90);
    }

    TEST_CASE("daemon::parse_daemon_settings rejects bad keys with FILE:LINE")
    {
        const auto error = [](const std::string& text) {
            auto s = settings_of(text);
            REQUIRE_FALSE(s.ok());
            return s.error().message;
        };
        CHECK(error("[daemon]\nloglevel = info\n") ==
              "p.conf:2: unknown key 'loglevel' in section [daemon] (known: jitter, log_level)");
        CHECK(error("[daemon]\nlog_level = loud\n").rfind("p.conf:2: log_level must be", 0) == 0);
        CHECK(error("interval = 10\n[daemon]\njitter = 10\n") == "p.conf:3: jitter must be below interval (10 s)");
        CHECK(error("[store]\nkeep_all_days = -1\n").rfind("p.conf:2: key 'keep_all_days' must be", 0) == 0);
        CHECK(error("[store]\nkeep_all_days = 9\nhourly_days = 3\n") ==
              "p.conf:3: hourly_days (3) must not be below keep_all_days (9)");
        CHECK(error("[store]\nhourly_days = 3\nhourly_days = 4\n") ==
              "p.conf:3: key 'hourly_days' given twice in section [store]");
        CHECK(error("[store]\nvacuum = yes\n").rfind("p.conf:2: unknown key 'vacuum'", 0) == 0);
    }

    TEST_CASE("daemon::book_diff_line lists at most a few addresses")
    {
        store::WriteReport report;
        CHECK(daemon::book_diff_line(report).empty());
        for (int i = 0; i < 5; ++i) {
            report.book_events.push_back({"added", address::Chain::litecoin, "a" + std::to_string(i), "f"});
        }
        report.book_events.push_back({"removed", address::Chain::litecoin, "r0", "f"});
        CHECK(daemon::book_diff_line(report, 2) == "book: 5 added (a0, a1, …) 1 removed (r0)");
    }
}
