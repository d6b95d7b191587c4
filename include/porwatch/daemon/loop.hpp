// The daemon loop: runs a cycle callback every `interval`, aligned to wall-clock multiples of
// the interval plus a bounded random jitter, on one poll thread. It knows nothing about what a
// cycle does (book, verify, scan, store, alerts: the caller's callback).
//
// - Cycles never overlap: a slow cycle delays the next, and missed slots collapse into one
//   immediate run (no backlog), after which the schedule realigns.
// - SIGTERM/SIGINT (Requests::request_stop): the sleep ends at once; a running cycle sees
//   CycleContext::stop_requested() and finishes or aborts at its next stage boundary; run()
//   then sends STOPPING=1 and returns. The caller closes the DB.
// - SIGHUP (Requests::request_reload): RELOADING=1, the reload callback, READY=1. A failed
//   reload is logged and the running configuration (and schedule) is kept.
// - WATCHDOG=1 is sent from this thread after each cycle, after each sleep slice (slices are at
//   most a third of WatchdogSec) and from CycleContext::heartbeat(); and, while a long stage
//   runs (a scan, alert delivery), from that stage's StageCover (CycleContext::cover), only up
//   to the stage's own timeout. After kMaxInternalErrors consecutive cycles that threw, the
//   loop is unhealthy and stops pinging (systemd restarts the process) until a cycle
//   completes again.
//
// Thread-safety: run() blocks the calling thread; a Loop is used by that thread only.
// Ownership: the Loop holds references to its parts, which must outlive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "porwatch/daemon/clock.hpp"
#include "porwatch/daemon/log.hpp"
#include "porwatch/daemon/notify.hpp"
#include "porwatch/daemon/requests.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::daemon {

enum class FirstRun {
    immediately,
    aligned
};

struct Schedule {
    std::chrono::seconds interval{600};
    // Each run starts a uniformly random [0, max_jitter] after its aligned slot, so a fleet of
    // watchers does not hit public nodes in the same second. Must be below `interval`.
    std::chrono::seconds max_jitter{0};
    FirstRun first_run = FirstRun::immediately;

    // Returns: interval with max_jitter = min(interval / 10, 60 s).
    static Schedule every(std::chrono::seconds interval);
    // Fails when interval < 1 s or max_jitter >= interval.
    Status validate() const;
};

enum class CycleOutcome {
    complete,  // the snapshot was complete
    failed,  // the cycle ran and recorded a failure (a node down): the daemon carries on
    aborted,  // stopped early because stop_requested()
};

struct CycleReport {
    CycleOutcome outcome = CycleOutcome::complete;
    std::string summary;  // one line: logged and sent as STATUS=
};

class Loop;

// What a running cycle may ask of the loop.
class CycleContext {
public:
    // True once SIGTERM/SIGINT arrived: finish or abort at the next stage boundary.
    bool stop_requested() const;
    // Tells the loop (and the watchdog) that the cycle is making progress. Call it between
    // stages and batches; it is rate-limited, so calling often is cheap.
    void heartbeat();
    // Keep the watchdog fed while one long stage runs, for at most `timeout` (renewable); the
    // returned guard ends the cover. No pings once the loop is unhealthy.
    std::unique_ptr<StageCover> cover(std::string stage, Millis timeout);
    std::uint64_t cycle_number() const { return m_number; }
    WallTime slot() const { return m_slot; }  // the aligned time this run belongs to
    const Clock& clock() const;

private:
    friend class Loop;
    CycleContext(Loop& loop, std::uint64_t number, WallTime slot) : m_loop(loop), m_number(number), m_slot(slot) { }
    Loop& m_loop;
    std::uint64_t m_number;
    WallTime m_slot;
};

using CycleFn = std::function<CycleReport(CycleContext&)>;
// Re-reads the configuration; returns the schedule to run with from now on. On failure the
// loop logs the error and keeps the previous schedule (the callback keeps its old config).
using ReloadFn = std::function<Result<Schedule>()>;
// Returns: a jitter in [0, max].
using JitterFn = std::function<Millis(Millis max)>;

// Returns: a JitterFn drawing uniformly from a std::random_device-seeded generator.
JitterFn random_jitter();

// Returns: the first multiple of `interval` since the Unix epoch that is strictly after `after`.
WallTime next_slot(WallTime after, std::chrono::seconds interval);

// Returns: a StageCover of `stage` for `timeout` that logs a warning when the stage runs past
// it (outside a cycle, e.g. deliveries at startup).
std::unique_ptr<StageCover> cover_stage(Notifier& notifier, Logger& logger, std::string stage, Millis timeout,
                                        bool enabled = true);

struct LoopParts {
    Clock& clock;
    Requests& requests;
    Notifier& notifier;
    Logger& logger;
    JitterFn jitter;
};

struct LoopStats {
    std::uint64_t cycles = 0;
    std::uint64_t failed = 0;  // CycleOutcome::failed
    std::uint64_t internal_errors = 0;  // cycles that threw
    std::uint64_t reloads = 0;
    std::uint64_t failed_reloads = 0;
};

class Loop {
public:
    static constexpr int kMaxInternalErrors = 3;
    // Without a watchdog the sleep is still sliced, so a wall-clock jump is noticed quickly.
    static constexpr Millis kMaxSleepSlice{60'000};

    // `schedule` must validate (checked with assert: the caller validated the config).
    Loop(LoopParts parts, Schedule schedule);

    // Run cycles until a stop is requested; returns what happened. `cycle` exceptions are
    // caught here (the one top-level catch), logged and counted as internal errors.
    LoopStats run(const CycleFn& cycle, const ReloadFn& reload);

    bool healthy() const { return m_consecutive_internal_errors < kMaxInternalErrors; }

private:
    friend class CycleContext;
    WallTime due_after(WallTime after);
    void wait_until(WallTime due, const ReloadFn& reload);
    void run_cycle(const CycleFn& cycle);
    void handle_reload(const ReloadFn& reload);
    void note_stop();
    void ping_watchdog();
    Millis sleep_slice() const;

    LoopParts m_parts;
    Schedule m_schedule;
    LoopStats m_stats;
    int m_consecutive_internal_errors = 0;
    bool m_stopping_sent = false;
    bool m_schedule_changed = false;
    SteadyTime m_last_heartbeat{};
};

}  // namespace porwatch::daemon
