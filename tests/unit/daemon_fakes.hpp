// Test doubles for the daemon loop: a fake Clock whose sleeps advance time instantly (with
// actions that fire at given wall times), a Notifier that records messages, and a log sink
// that keeps lines. Pure in-memory, single-threaded.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "porwatch/daemon/clock.hpp"
#include "porwatch/daemon/log.hpp"
#include "porwatch/daemon/notify.hpp"

namespace porwatch::test {

using namespace std::chrono_literals;

class FakeClock final : public daemon::Clock {
public:
    explicit FakeClock(daemon::WallTime start) : m_wall(start) { }

    daemon::WallTime now() const override { return m_wall; }
    daemon::SteadyTime steady_now() const override { return m_steady; }

    void sleep_for(daemon::Millis duration, daemon::Requests& requests) override
    {
        m_sleeps.push_back(duration);
        // Fire actions due during this sleep, in order; one that raises a request ends it. An
        // action may move the wall clock (a jump), so the remaining time is tracked, not the end.
        std::chrono::system_clock::duration remaining = duration;
        while (!requests.stop_requested() && !requests.reload_pending()) {
            auto next = std::min_element(m_actions.begin(), m_actions.end(),
                                         [](const auto& a, const auto& b) { return a.first < b.first; });
            if (next == m_actions.end() || next->first > m_wall + remaining) break;
            const auto step = std::max(next->first - m_wall, std::chrono::system_clock::duration::zero());
            advance(step);
            remaining -= step;
            auto action = std::move(next->second);
            m_actions.erase(next);
            action();
        }
        if (requests.stop_requested() || requests.reload_pending()) return;
        advance(remaining);
    }

    void advance(std::chrono::system_clock::duration d)
    {
        if (d <= d.zero()) return;
        m_wall += d;
        m_steady += d;
    }
    void set_wall(daemon::WallTime t) { m_wall = t; }  // a wall-clock jump; steady is unaffected
    void at(daemon::WallTime when, std::function<void()> action) { m_actions.emplace_back(when, std::move(action)); }
    const std::vector<daemon::Millis>& sleeps() const { return m_sleeps; }

private:
    daemon::WallTime m_wall;
    daemon::SteadyTime m_steady{};
    std::vector<std::pair<daemon::WallTime, std::function<void()>>> m_actions;
    std::vector<daemon::Millis> m_sleeps;
};

class RecordingNotifier final : public daemon::Notifier {
public:
    explicit RecordingNotifier(std::optional<std::chrono::microseconds> watchdog = std::nullopt) : m_watchdog(watchdog)
    { }
    void ready() override { messages.emplace_back("READY=1"); }
    void reloading() override { messages.emplace_back("RELOADING=1"); }
    void stopping() override { messages.emplace_back("STOPPING=1"); }
    void status(std::string_view text) override { messages.push_back("STATUS=" + std::string(text)); }
    void watchdog() override { messages.emplace_back("WATCHDOG=1"); }
    std::optional<std::chrono::microseconds> watchdog_interval() const override { return m_watchdog; }

    long count(std::string_view message) const { return std::count(messages.begin(), messages.end(), message); }
    std::vector<std::string> messages;

private:
    std::optional<std::chrono::microseconds> m_watchdog;
};

struct CapturedLog {
    std::vector<std::string> lines;
    daemon::LogSink sink()
    {
        return [this](std::string_view line) { lines.emplace_back(line); };
    }
    bool contains(std::string_view text) const
    {
        return std::any_of(lines.begin(), lines.end(),
                           [&](const std::string& line) { return line.find(text) != std::string::npos; });
    }
};

inline daemon::WallTime wall_seconds(long long seconds)
{
    return daemon::WallTime{std::chrono::seconds{seconds}};
}

}  // namespace porwatch::test
