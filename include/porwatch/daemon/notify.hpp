// Service-manager notifications (sd_notify protocol): READY, RELOADING, STOPPING, STATUS and
// the watchdog keep-alive. The loop talks to a Notifier; SdNotifier sends to systemd through
// libsystemd, and is a silent no-op when NOTIFY_SOCKET is unset (a terminal run).
//
// StageCover is the heartbeat for one long stage (a scan, a hook, a webhook): a helper thread
// that sends WATCHDOG=1 while the stage runs, but only until the stage's own timeout has
// passed. A stage that hangs past its timeout is no longer covered, so systemd's watchdog
// (WatchdogSec) kills and restarts porwatch: worst case, a hung stage is killed timeout +
// WatchdogSec after it began.
//
// Thread-safety: SdNotifier is safe to call from any thread (sd_notify is stateless); a
// Notifier given to a StageCover must be too. A StageCover is owned by the stage's thread;
// renew() may be called from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace porwatch::daemon {

class Notifier {
public:
    virtual ~Notifier() = default;
    virtual void ready() = 0;  // READY=1: the DB is open and the config validated
    virtual void reloading() = 0;  // RELOADING=1: SIGHUP received; ready() follows
    virtual void stopping() = 0;  // STOPPING=1
    virtual void status(std::string_view text) = 0;  // STATUS=<one line>
    virtual void watchdog() = 0;  // WATCHDOG=1
    // Returns: the service's WatchdogSec (from WATCHDOG_USEC), or nullopt when not enabled.
    virtual std::optional<std::chrono::microseconds> watchdog_interval() const = 0;
};

class SdNotifier final : public Notifier {
public:
    // Reads the watchdog interval once with sd_watchdog_enabled(); WATCHDOG_PID is honoured.
    SdNotifier();
    void ready() override;
    void reloading() override;
    void stopping() override;
    void status(std::string_view text) override;
    void watchdog() override;
    std::optional<std::chrono::microseconds> watchdog_interval() const override { return m_watchdog; }

private:
    std::optional<std::chrono::microseconds> m_watchdog;
};

class StageCover {
public:
    // Called once (from the helper thread) when the stage runs past its timeout.
    using Expired = std::function<void(const std::string& stage, std::chrono::milliseconds timeout)>;

    // Cover `stage` for `timeout` from now: WATCHDOG=1 every third of WatchdogSec (or `period`
    // when given). Does nothing (no thread) when `notifier` has no watchdog or !enabled.
    StageCover(Notifier& notifier, std::string stage, std::chrono::milliseconds timeout, Expired on_expired,
               bool enabled = true, std::optional<std::chrono::milliseconds> period = std::nullopt);
    ~StageCover();  // ends the cover and joins the thread
    StageCover(const StageCover&) = delete;
    StageCover& operator=(const StageCover&) = delete;

    // Cover `timeout` more from now (the next attempt of a repeated stage); also after expiry.
    void renew(std::chrono::milliseconds timeout);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace porwatch::daemon
