// Stop and reload requests for the daemon's poll thread, and the signal handlers that raise
// them.
//
// Requests is two flags plus a self-pipe. Signal handlers (and tests, or other threads) set a
// flag and write one byte to the pipe, both async-signal-safe; the poll thread's sleep polls
// the pipe, so a signal cuts the sleep short. All real work happens on the poll thread.
//
// Thread-safety: request_*() are async-signal-safe and callable from any thread; the readers
// (stop_requested, take_reload, clear_wake) belong to the poll thread.
// Ownership: Requests owns its two pipe descriptors (O_CLOEXEC, so hooks never inherit them).
#pragma once

#include <atomic>
#include <memory>

#include "porwatch/util/result.hpp"

namespace porwatch::daemon {

class Requests {
public:
    // Create the flags and the self-pipe. Fails only when pipe2() fails (the message says why).
    static Result<std::unique_ptr<Requests>> create();
    ~Requests();
    Requests(const Requests&) = delete;
    Requests& operator=(const Requests&) = delete;

    void request_stop() noexcept;  // SIGTERM, SIGINT
    void request_reload() noexcept;  // SIGHUP

    bool stop_requested() const noexcept { return m_stop.load(); }
    bool reload_pending() const noexcept { return m_reload.load(); }
    // Returns: whether a reload was pending, and clears it.
    bool take_reload() noexcept { return m_reload.exchange(false); }

    // Readable (POLLIN) when a request arrived since the last clear_wake().
    int wake_fd() const noexcept { return m_read_fd; }
    void clear_wake() noexcept;

private:
    Requests(int read_fd, int write_fd) : m_read_fd(read_fd), m_write_fd(write_fd) { }
    void wake() noexcept;

    static_assert(std::atomic<bool>::is_always_lock_free, "flags are set from signal handlers");
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_reload{false};
    int m_read_fd;
    int m_write_fd;
};

// Process-wide signal dispositions while porwatch runs as a daemon:
//   SIGTERM, SIGINT → requests.request_stop() (one-shot: a second one kills the process, so a
//                     hung cycle can still be interrupted from a terminal)
//   SIGHUP          → requests.request_reload()
//   SIGPIPE         → ignored (a hook that exits early must not kill the daemon; hooks get
//                     default dispositions back when they are spawned)
// The destructor restores the previous dispositions. At most one instance at a time; `requests`
// must outlive it.
class SignalHandlers {
public:
    // Fails if another instance is installed or sigaction() fails.
    static Result<std::unique_ptr<SignalHandlers>> install(Requests& requests);
    ~SignalHandlers();
    SignalHandlers(const SignalHandlers&) = delete;
    SignalHandlers& operator=(const SignalHandlers&) = delete;

private:
    SignalHandlers() = default;
    struct Saved;
    std::unique_ptr<Saved> m_saved;
};

}  // namespace porwatch::daemon
