// The daemon's only source of time. The loop, the logger and the cycle code read time and
// sleep through a Clock so that tests drive them with a fake one (no real waiting).
//
// Wall time (UTC, system_clock) is for schedule alignment and timestamps; steady time is for
// durations and rate limits. Thread-safety: SystemClock is stateless and thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "porwatch/daemon/requests.hpp"

namespace porwatch::daemon {

using WallTime = std::chrono::system_clock::time_point;
using SteadyTime = std::chrono::steady_clock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual WallTime now() const = 0;
    virtual SteadyTime steady_now() const = 0;
    // Sleep for up to `duration`; return early as soon as `requests` has a stop or reload.
    virtual void sleep_for(Millis duration, Requests& requests) = 0;
};

// The real clocks; sleep_for polls the Requests self-pipe, so a signal ends it at once.
class SystemClock final : public Clock {
public:
    WallTime now() const override;
    SteadyTime steady_now() const override;
    void sleep_for(Millis duration, Requests& requests) override;
};

// Returns: `time` as ISO 8601 UTC with second precision, e.g. "2026-11-01T12:00:00Z".
std::string format_utc(WallTime time);

}  // namespace porwatch::daemon
