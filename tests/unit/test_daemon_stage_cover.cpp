#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "porwatch/daemon/notify.hpp"

using namespace porwatch::daemon;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

// Records when WATCHDOG=1 was sent; safe from the StageCover's thread.
class TimedNotifier final : public Notifier {
public:
    explicit TimedNotifier(std::optional<std::chrono::microseconds> watchdog) : m_watchdog(watchdog) { }
    void ready() override { }
    void reloading() override { }
    void stopping() override { }
    void status(std::string_view) override { }
    void watchdog() override
    {
        std::lock_guard lock(m_mutex);
        m_pings.push_back(SteadyClock::now());
    }
    std::optional<std::chrono::microseconds> watchdog_interval() const override { return m_watchdog; }
    std::vector<SteadyClock::time_point> pings() const
    {
        std::lock_guard lock(m_mutex);
        return m_pings;
    }

private:
    std::optional<std::chrono::microseconds> m_watchdog;
    mutable std::mutex m_mutex;
    std::vector<SteadyClock::time_point> m_pings;
};

}  // namespace

TEST_SUITE("daemon")
{
    TEST_CASE("daemon::StageCover pings every third of WatchdogSec while the stage is within its timeout")
    {
        TimedNotifier notifier(300ms);  // WatchdogSec=0.3 s → a ping every 100 ms
        std::atomic<int> expired{0};
        const auto start = SteadyClock::now();
        {
            StageCover cover(notifier, "scan", 2s, [&](const std::string&, std::chrono::milliseconds) { ++expired; });
            std::this_thread::sleep_for(650ms);  // a stage well inside its timeout
        }
        const auto pings = notifier.pings();
        REQUIRE(pings.size() >= 4);
        CHECK(pings.size() <= 8);
        CHECK(pings.front() - start < 100ms);
        for (std::size_t i = 1; i < pings.size(); ++i) CHECK(pings[i] - pings[i - 1] < 250ms);
        CHECK(expired == 0);
        // Ended with the stage: no ping after the guard is gone.
        std::this_thread::sleep_for(250ms);
        CHECK(notifier.pings().size() == pings.size());
    }

    TEST_CASE("daemon::StageCover stops covering a stage that runs past its own timeout, until renewed")
    {
        TimedNotifier notifier(150ms);  // a ping every 50 ms
        std::atomic<int> expired{0};
        std::string expired_stage;
        const auto start = SteadyClock::now();
        StageCover cover(notifier, "hook /x", 300ms, [&](const std::string& stage, std::chrono::milliseconds timeout) {
            expired_stage = stage + " " + std::to_string(timeout.count());
            ++expired;
        });
        std::this_thread::sleep_for(900ms);  // "hung" three times its timeout
        const auto pings = notifier.pings();
        REQUIRE_FALSE(pings.empty());
        CHECK(pings.back() - start < 400ms);  // nothing after the timeout: systemd may kill us
        CHECK(expired == 1);
        CHECK(expired_stage == "hook /x 300");
        cover.renew(200ms);  // the next attempt is covered again
        std::this_thread::sleep_for(120ms);
        CHECK(notifier.pings().size() > pings.size());
    }

    TEST_CASE("daemon::StageCover does nothing without a watchdog or when disabled")
    {
        TimedNotifier none(std::nullopt);
        {
            StageCover cover(none, "scan", 1s, {});
            std::this_thread::sleep_for(50ms);
        }
        CHECK(none.pings().empty());
        TimedNotifier unhealthy(30ms);
        {
            StageCover cover(unhealthy, "scan", 1s, {}, /*enabled=*/false);
            std::this_thread::sleep_for(50ms);
        }
        CHECK(unhealthy.pings().empty());
    }
}
