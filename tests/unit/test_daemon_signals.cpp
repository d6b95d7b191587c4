#include <doctest/doctest.h>

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "daemon_fakes.hpp"
#include "porwatch/daemon/clock.hpp"
#include "porwatch/daemon/loop.hpp"
#include "porwatch/daemon/requests.hpp"

using namespace porwatch;
using namespace porwatch::daemon;

namespace {

bool readable(int fd)
{
    pollfd p{fd, POLLIN, 0};
    return poll(&p, 1, 0) == 1;
}

using Handler = void (*)(int);

Handler handler_of(int signo)
{
    struct sigaction action { };
    sigaction(signo, nullptr, &action);
    return action.sa_handler;
}

bool is_default(int signo)
{
    struct sigaction action { };
    sigaction(signo, nullptr, &action);
    return action.sa_handler == SIG_DFL;
}

}  // namespace

TEST_SUITE("daemon")
{
    TEST_CASE("daemon::SignalHandlers SIGHUP requests a reload, SIGTERM a stop, both wake the pipe")
    {
        auto requests = std::move(Requests::create().value());
        // doctest has its own SIGINT/SIGTERM handlers: those must come back afterwards.
        const Handler before_int = handler_of(SIGINT);
        const Handler before_term = handler_of(SIGTERM);
        {
            auto handlers = SignalHandlers::install(*requests);
            REQUIRE(handlers.ok());
            CHECK_FALSE(SignalHandlers::install(*requests).ok());  // one at a time

            REQUIRE(raise(SIGHUP) == 0);
            CHECK(requests->reload_pending());
            CHECK_FALSE(requests->stop_requested());
            CHECK(readable(requests->wake_fd()));
            requests->clear_wake();
            CHECK_FALSE(readable(requests->wake_fd()));
            CHECK(requests->take_reload());
            CHECK_FALSE(requests->take_reload());

            REQUIRE(raise(SIGPIPE) == 0);  // ignored: the test is still alive
            REQUIRE(raise(SIGTERM) == 0);
            CHECK(requests->stop_requested());
            CHECK(readable(requests->wake_fd()));
            // SA_RESETHAND: a second SIGTERM would now kill the process.
            CHECK(is_default(SIGTERM));
            CHECK_FALSE(is_default(SIGINT));
        }
        // The destructor restored the dispositions found at install time.
        CHECK(is_default(SIGHUP));
        CHECK(is_default(SIGPIPE));
        CHECK((handler_of(SIGINT) == before_int));
        CHECK((handler_of(SIGTERM) == before_term));
    }

    TEST_CASE("daemon::SystemClock sleep_for ends early on a signal sent from another thread")
    {
        auto requests = std::move(Requests::create().value());
        auto handlers = SignalHandlers::install(*requests);
        REQUIRE(handlers.ok());
        SystemClock clock;
        std::thread sender([] {
            std::this_thread::sleep_for(std::chrono::milliseconds{100});
            kill(getpid(), SIGHUP);
        });
        const auto started = std::chrono::steady_clock::now();
        clock.sleep_for(std::chrono::seconds{20}, *requests);
        const auto slept = std::chrono::steady_clock::now() - started;
        sender.join();
        CHECK(requests->reload_pending());
        CHECK(slept < std::chrono::seconds{5});
        CHECK(slept >= std::chrono::milliseconds{50});
    }

    TEST_CASE("daemon::Loop on the system clock stops gracefully on SIGTERM between cycles")
    {
        auto requests = std::move(Requests::create().value());
        auto handlers = SignalHandlers::install(*requests);
        REQUIRE(handlers.ok());
        SystemClock clock;
        test::RecordingNotifier notifier;
        test::CapturedLog log;
        Logger logger(log.sink(), LogFormat::plain, LogLevel::info, clock);
        Schedule schedule = Schedule::every(std::chrono::seconds{1});
        schedule.max_jitter = std::chrono::seconds{0};
        Loop loop(LoopParts{clock, *requests, notifier, logger, {}}, schedule);
        std::thread sender;
        const CycleFn cycle = [&](CycleContext& ctx) {
            if (ctx.cycle_number() == 2) {
                sender = std::thread([] {
                    std::this_thread::sleep_for(std::chrono::milliseconds{200});
                    kill(getpid(), SIGTERM);
                });
            }
            return CycleReport{CycleOutcome::complete, "ok"};
        };
        const auto started = std::chrono::steady_clock::now();
        const LoopStats stats = loop.run(cycle, {});
        sender.join();
        CHECK(stats.cycles == 2);
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds{5});
        CHECK(notifier.messages.back() == "STOPPING=1");
        CHECK(log.contains(" notice: stop requested; shutting down"));
    }
}
