#include "porwatch/daemon/notify.hpp"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace porwatch::daemon {
namespace {

// sd_notify failures are not actionable: a lost STATUS is cosmetic, and a lost WATCHDOG=1
// ends in the restart that the watchdog exists for.
void send(const char* state)
{
    sd_notify(/*unset_environment=*/0, state);
}

}  // namespace

SdNotifier::SdNotifier()
{
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(/*unset_environment=*/0, &usec) > 0 && usec > 0) {
        m_watchdog = std::chrono::microseconds(usec);
    }
}

void SdNotifier::ready()
{
    send("READY=1");
}

void SdNotifier::reloading()
{
    send("RELOADING=1");
}

void SdNotifier::stopping()
{
    send("STOPPING=1");
}

void SdNotifier::watchdog()
{
    send("WATCHDOG=1");
}

void SdNotifier::status(std::string_view text)
{
    // The protocol is newline-separated assignments: a newline in the text would start a new
    // one (e.g. a node's error message forging "READY=1"), so control characters become spaces.
    std::string message = "STATUS=";
    for (const char c : text) {
        message += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
    send(message.c_str());
}

struct StageCover::State {
    Notifier& notifier;
    std::string stage;
    Expired on_expired;
    std::chrono::milliseconds period;
    std::mutex mutex;
    std::condition_variable wake;
    std::chrono::steady_clock::time_point deadline;
    std::chrono::milliseconds timeout;
    bool stop = false;
    bool renewed = false;
    std::thread thread;

    void run()
    {
        std::unique_lock lock(mutex);
        while (!stop) {
            const auto now = std::chrono::steady_clock::now();
            if (now >= deadline) {
                // Past the stage's own timeout: stop feeding the watchdog, say so once, and
                // wait for a renewal (the next attempt) or the end of the stage.
                const auto late = timeout;
                lock.unlock();
                if (on_expired) on_expired(stage, late);
                lock.lock();
                wake.wait(lock, [&] { return stop || renewed; });
                renewed = false;
                continue;
            }
            lock.unlock();
            notifier.watchdog();
            lock.lock();
            wake.wait_until(lock, std::min(now + period, deadline), [&] { return stop || renewed; });
            renewed = false;
        }
    }
};

StageCover::StageCover(Notifier& notifier, std::string stage, std::chrono::milliseconds timeout, Expired on_expired,
                       bool enabled, std::optional<std::chrono::milliseconds> period)
{
    const auto watchdog = notifier.watchdog_interval();
    if (!enabled || (!watchdog && !period)) return;
    const auto every = period ? *period
                              : std::max(std::chrono::milliseconds{10},
                                         std::chrono::duration_cast<std::chrono::milliseconds>(*watchdog / 3));
    m_state.reset(new State{notifier,
                            std::move(stage),
                            std::move(on_expired),
                            every,
                            {},
                            {},
                            std::chrono::steady_clock::now() + timeout,
                            timeout,
                            false,
                            false,
                            {}});
    m_state->thread = std::thread([state = m_state.get()] { state->run(); });
}

StageCover::~StageCover()
{
    if (!m_state) return;
    {
        std::lock_guard lock(m_state->mutex);
        m_state->stop = true;
    }
    m_state->wake.notify_all();
    m_state->thread.join();
}

void StageCover::renew(std::chrono::milliseconds timeout)
{
    if (!m_state) return;
    {
        std::lock_guard lock(m_state->mutex);
        m_state->deadline = std::chrono::steady_clock::now() + timeout;
        m_state->timeout = timeout;
        m_state->renewed = true;
    }
    m_state->wake.notify_all();
}

}  // namespace porwatch::daemon
