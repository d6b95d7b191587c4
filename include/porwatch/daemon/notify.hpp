// Service-manager notifications (sd_notify protocol): READY, RELOADING, STOPPING, STATUS and
// the watchdog keep-alive. The loop talks to a Notifier; SdNotifier sends to systemd through
// libsystemd, and is a silent no-op when NOTIFY_SOCKET is unset (a terminal run).
//
// Thread-safety: SdNotifier is safe to call from any thread (sd_notify is stateless).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace porwatch::daemon {

class Notifier {
public:
    virtual ~Notifier() = default;
    virtual void ready() = 0;        // READY=1: the DB is open and the config validated
    virtual void reloading() = 0;    // RELOADING=1: SIGHUP received; ready() follows
    virtual void stopping() = 0;     // STOPPING=1
    virtual void status(std::string_view text) = 0;   // STATUS=<one line>
    virtual void watchdog() = 0;     // WATCHDOG=1
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

}  // namespace porwatch::daemon
