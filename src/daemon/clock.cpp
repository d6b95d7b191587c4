#include "porwatch/daemon/clock.hpp"

#include <poll.h>

#include <algorithm>
#include <ctime>

namespace porwatch::daemon {

WallTime SystemClock::now() const
{
    return std::chrono::system_clock::now();
}

SteadyTime SystemClock::steady_now() const
{
    return std::chrono::steady_clock::now();
}

void SystemClock::sleep_for(Millis duration, Requests& requests)
{
    const SteadyTime deadline = steady_now() + duration;
    while (!requests.stop_requested() && !requests.reload_pending()) {
        const auto left = std::chrono::duration_cast<Millis>(deadline - steady_now());
        if (left <= Millis{0}) return;
        pollfd wake{requests.wake_fd(), POLLIN, 0};
        // EINTR (a signal arrived) just loops back to the flag check.
        const auto timeout = std::min<Millis::rep>(left.count(), 3'600'000);
        if (poll(&wake, 1, static_cast<int>(timeout)) > 0) requests.clear_wake();
    }
}

std::string format_utc(WallTime time)
{
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(text, length);
}

}  // namespace porwatch::daemon
