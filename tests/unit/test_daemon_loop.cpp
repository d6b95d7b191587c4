#include <doctest/doctest.h>

#include <stdexcept>

#include "daemon_fakes.hpp"
#include "porwatch/daemon/loop.hpp"

using namespace porwatch;
using namespace porwatch::daemon;
using namespace porwatch::test;

namespace {

// A loop on a fake clock, started at 1'700'000'017 (slot 1'699'999'980 for 60 s), with a
// fixed 5 s jitter.
struct Harness {
    FakeClock clock{wall_seconds(1'700'000'017)};
    std::unique_ptr<Requests> requests = std::move(Requests::create().value());
    RecordingNotifier notifier;
    CapturedLog log;
    Logger logger{log.sink(), LogFormat::journal, LogLevel::debug, clock};
    std::vector<long long> starts;  // wall seconds at which each cycle began
    std::vector<long long> ends;

    explicit Harness(std::optional<std::chrono::microseconds> watchdog = std::nullopt) : notifier(watchdog) { }

    Loop loop(Schedule schedule)
    {
        return Loop(LoopParts{clock, *requests, notifier, logger, [](Millis) { return Millis{5000}; }}, schedule);
    }
    long long now_seconds() const
    {
        return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
    }
    // A cycle that records its start and end, takes `took`, and requests a stop on cycle `last`.
    CycleFn cycle(std::uint64_t last, std::function<std::chrono::seconds(std::uint64_t)> took = {})
    {
        return [this, last, took](CycleContext& ctx) {
            CHECK(starts.size() == ends.size());  // never re-entered
            starts.push_back(now_seconds());
            if (took) clock.advance(took(ctx.cycle_number()));
            ends.push_back(now_seconds());
            if (ctx.cycle_number() == last) requests->request_stop();
            return CycleReport{CycleOutcome::complete, "cycle " + std::to_string(ctx.cycle_number())};
        };
    }
};

Schedule every_minute()
{
    Schedule schedule;
    schedule.interval = std::chrono::seconds{60};
    schedule.max_jitter = std::chrono::seconds{10};
    return schedule;
}

}  // namespace

TEST_SUITE("daemon")
{
    TEST_CASE("daemon::next_slot is the next multiple of the interval")
    {
        CHECK(next_slot(wall_seconds(1'700'000'017), std::chrono::seconds{60}) == wall_seconds(1'700'000'040));
        CHECK(next_slot(wall_seconds(1'700'000'040), std::chrono::seconds{60}) == wall_seconds(1'700'000'100));
        CHECK(next_slot(wall_seconds(0), std::chrono::seconds{600}) == wall_seconds(600));
        CHECK(next_slot(wall_seconds(1'700'000'017) + std::chrono::milliseconds{999}, std::chrono::seconds{3600}) ==
              wall_seconds(1'700'002'800));
    }

    TEST_CASE("daemon::Schedule validate rejects a zero interval and jitter >= interval")
    {
        CHECK(Schedule::every(std::chrono::seconds{600}).max_jitter == std::chrono::seconds{60});
        CHECK(Schedule::every(std::chrono::seconds{30}).max_jitter == std::chrono::seconds{3});
        CHECK(Schedule::every(std::chrono::seconds{30}).validate().ok());
        CHECK_FALSE(Schedule::every(std::chrono::seconds{0}).validate().ok());
        Schedule bad = every_minute();
        bad.max_jitter = std::chrono::seconds{60};
        CHECK_FALSE(bad.validate().ok());
    }

    TEST_CASE("daemon::Loop runs at aligned slots plus jitter, first run immediately")
    {
        Harness h;
        const LoopStats stats = h.loop(every_minute()).run(h.cycle(4), {});
        CHECK(h.starts == std::vector<long long>{1'700'000'017, 1'700'000'045, 1'700'000'105, 1'700'000'165});
        CHECK(stats.cycles == 4);
        CHECK(h.notifier.count("STOPPING=1") == 1);
        CHECK(h.notifier.count("STATUS=cycle 3") == 1);
        CHECK(h.log.contains("<6>cycle 2 complete in 0 ms: cycle 2"));
    }

    TEST_CASE("daemon::Loop first run aligned waits for the next slot")
    {
        Harness h;
        Schedule schedule = every_minute();
        schedule.first_run = FirstRun::aligned;
        (void)h.loop(schedule).run(h.cycle(2), {});
        CHECK(h.starts == std::vector<long long>{1'700'000'045, 1'700'000'105});
    }

    TEST_CASE("daemon::Loop a slow cycle delays the next, never overlaps, and does not build a backlog")
    {
        Harness h;
        const auto took = [](std::uint64_t n) { return std::chrono::seconds{n == 2 ? 150 : 1}; };
        (void)h.loop(every_minute()).run(h.cycle(5, took), {});
        // Cycle 2 runs 045..195 and misses the 105 and 165 slots: one immediate run at 195, then
        // the schedule realigns to 225.
        CHECK(h.starts ==
              std::vector<long long>{1'700'000'017, 1'700'000'045, 1'700'000'195, 1'700'000'225, 1'700'000'285});
        for (std::size_t i = 1; i < h.starts.size(); ++i) CHECK(h.starts[i] >= h.ends[i - 1]);
    }

    TEST_CASE("daemon::Loop a stop during the sleep ends it at once")
    {
        Harness h;
        h.clock.at(wall_seconds(1'700'000'030), [&] { h.requests->request_stop(); });
        const LoopStats stats = h.loop(every_minute()).run(h.cycle(99), {});
        CHECK(stats.cycles == 1);
        CHECK(h.now_seconds() == 1'700'000'030);
        CHECK(h.notifier.messages.back() == "STOPPING=1");
        CHECK(h.log.contains("<5>stop requested; shutting down"));
    }

    TEST_CASE("daemon::Loop a stop during a cycle is visible to the cycle, which may abort")
    {
        Harness h;
        bool saw_stop = false;
        const CycleFn cycle = [&](CycleContext& ctx) {
            h.requests->request_stop();
            saw_stop = ctx.stop_requested();
            return CycleReport{CycleOutcome::aborted, "aborted after 0 of 3 chains"};
        };
        const LoopStats stats = h.loop(every_minute()).run(cycle, {});
        CHECK(saw_stop);
        CHECK(stats.cycles == 1);
        CHECK(h.notifier.count("STOPPING=1") == 1);
        CHECK(h.log.contains("cycle 1 aborted by the stop request"));
    }

    TEST_CASE("daemon::Loop reload applies a new interval and realigns")
    {
        Harness h;
        h.clock.at(wall_seconds(1'700'000'030), [&] { h.requests->request_reload(); });
        Schedule five_minutes = every_minute();
        five_minutes.interval = std::chrono::seconds{300};
        const LoopStats stats =
            h.loop(every_minute()).run(h.cycle(3), [&]() -> Result<Schedule> { return five_minutes; });
        CHECK(stats.reloads == 1);
        // The reload at 030 realigns to the 300 s grid: 1'700'000'100 is a multiple of 300.
        CHECK(h.starts == std::vector<long long>{1'700'000'017, 1'700'000'105, 1'700'000'405});
        const auto reloading = std::find(h.notifier.messages.begin(), h.notifier.messages.end(), "RELOADING=1");
        REQUIRE(reloading != h.notifier.messages.end());
        CHECK(*(reloading + 1) == "READY=1");
    }

    TEST_CASE("daemon::Loop a failed reload is logged and the old schedule keeps running")
    {
        Harness h;
        h.clock.at(wall_seconds(1'700'000'030), [&] { h.requests->request_reload(); });
        const ReloadFn reload = []() -> Result<Schedule> {
            return Error{"/etc/porwatch/porwatch.conf:7: unknown key 'intervall'"};
        };
        const LoopStats stats = h.loop(every_minute()).run(h.cycle(3), reload);
        CHECK(stats.failed_reloads == 1);
        CHECK(stats.reloads == 0);
        CHECK(h.starts == std::vector<long long>{1'700'000'017, 1'700'000'045, 1'700'000'105});
        CHECK(h.log.contains("<3>reload failed, the previous configuration keeps running: "
                             "/etc/porwatch/porwatch.conf:7: unknown key 'intervall'"));
        CHECK(h.notifier.count("READY=1") == 1);
    }

    TEST_CASE("daemon::Loop an invalid reloaded schedule is a failed reload")
    {
        Harness h;
        h.clock.at(wall_seconds(1'700'000'030), [&] { h.requests->request_reload(); });
        const LoopStats stats = h.loop(every_minute()).run(h.cycle(2), [] {
            return Result<Schedule>(Schedule::every(std::chrono::seconds{0}));
        });
        CHECK(stats.failed_reloads == 1);
        CHECK(h.starts == std::vector<long long>{1'700'000'017, 1'700'000'045});
    }

    TEST_CASE("daemon::Loop pings the watchdog from its sleep slices and after each cycle")
    {
        Harness h(std::chrono::microseconds{30'000'000});  // WatchdogSec=30
        (void)h.loop(every_minute()).run(h.cycle(2), {});
        for (const Millis slice : h.clock.sleeps()) CHECK(slice <= Millis{10'000});
        // 017 → 045 is 28 s: 3 slices (10, 10, 8) plus one after cycle 1.
        CHECK(h.notifier.count("WATCHDOG=1") == 5);
    }

    TEST_CASE("daemon::Loop a throwing cycle is caught, three in a row stop the watchdog pings")
    {
        Harness h(std::chrono::microseconds{30'000'000});
        std::vector<long> pings_after;
        const CycleFn cycle = [&](CycleContext& ctx) -> CycleReport {
            pings_after.push_back(h.notifier.count("WATCHDOG=1"));
            if (ctx.cycle_number() == 6) h.requests->request_stop();
            if (ctx.cycle_number() >= 2 && ctx.cycle_number() <= 4) throw std::runtime_error("bug");
            return {CycleOutcome::failed, "litecoin: connect failed"};
        };
        Loop loop = h.loop(every_minute());
        const LoopStats stats = loop.run(cycle, {});
        CHECK(stats.cycles == 6);
        CHECK(stats.internal_errors == 3);
        CHECK(stats.failed == 3);  // a failed cycle (node down) is not unhealthy
        CHECK(h.log.contains("<3>cycle 2: internal error: bug"));
        CHECK(h.log.contains("3 consecutive internal errors; no longer pinging the watchdog"));
        // After cycle 3 (the second error) the sleep still pings; after cycle 4 (the third) no
        // ping at all until cycle 5 completes, and then they resume.
        CHECK(pings_after[3] > pings_after[2]);
        CHECK(pings_after[4] == pings_after[3]);
        CHECK(pings_after[5] > pings_after[4]);
        CHECK(h.notifier.messages.back() == "STOPPING=1");
        CHECK(loop.healthy());
    }

    TEST_CASE("daemon::CycleContext heartbeat is rate-limited to one ping a second")
    {
        Harness h(std::chrono::microseconds{30'000'000});
        long during = -1;
        const CycleFn cycle = [&](CycleContext& ctx) {
            const long before = h.notifier.count("WATCHDOG=1");
            ctx.heartbeat();
            ctx.heartbeat();
            h.clock.advance(std::chrono::seconds{2});
            ctx.heartbeat();
            during = h.notifier.count("WATCHDOG=1") - before;
            h.requests->request_stop();
            return CycleReport{};
        };
        (void)h.loop(every_minute()).run(cycle, {});
        CHECK(during == 1);
    }

    TEST_CASE("daemon::Loop realigns when the wall clock moves back")
    {
        Harness h;
        h.clock.at(wall_seconds(1'700'000'030), [&] { h.clock.set_wall(wall_seconds(1'699'913'630)); });
        (void)h.loop(every_minute()).run(h.cycle(2), {});
        // The jump happens 13 s into a 28 s sleep; the rest of the slice ends at 645 and the loop
        // realigns to the 700 slot plus 5 s jitter instead of sleeping for a day.
        CHECK(h.starts == std::vector<long long>{1'700'000'017, 1'699'913'705});
        CHECK(h.log.contains("the wall clock moved back"));
    }
}
