#include "porwatch/daemon/loop.hpp"

#include <algorithm>
#include <cassert>
#include <exception>
#include <memory>
#include <random>
#include <utility>

namespace porwatch::daemon {
namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

constexpr Millis kHeartbeatMinGap{1000};
constexpr Millis kMinSleepSlice{10};

Millis ceil_millis(std::chrono::system_clock::duration d)
{
    return std::chrono::ceil<Millis>(d);
}

std::string millis_text(SteadyTime from, SteadyTime to)
{
    return std::to_string(duration_cast<Millis>(to - from).count()) + " ms";
}

}  // namespace

Schedule Schedule::every(seconds interval)
{
    Schedule schedule;
    schedule.interval = interval;
    schedule.max_jitter = std::min<seconds>(interval / 10, seconds{60});
    return schedule;
}

Status Schedule::validate() const
{
    if (interval < seconds{1}) return Error{"interval must be at least 1 second"};
    if (max_jitter < seconds{0} || max_jitter >= interval) {
        return Error{"jitter must be at least 0 and below the interval (" + std::to_string(interval.count()) + " s)"};
    }
    return Ok{};
}

JitterFn random_jitter()
{
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    return [engine](Millis max) {
        if (max <= Millis{0}) return Millis{0};
        std::uniform_int_distribution<Millis::rep> pick(0, max.count());
        return Millis{pick(*engine)};
    };
}

WallTime next_slot(WallTime after, seconds interval)
{
    const auto step = duration_cast<WallTime::duration>(interval);
    const auto since_epoch = after.time_since_epoch();
    auto periods = since_epoch / step;
    if (since_epoch < WallTime::duration::zero() && since_epoch % step != WallTime::duration::zero()) {
        --periods;  // floor, not truncation, before 1970 (only a broken clock gets here)
    }
    return WallTime{(periods + 1) * step};
}

bool CycleContext::stop_requested() const
{
    if (!m_loop.m_parts.requests.stop_requested()) return false;
    m_loop.note_stop();
    return true;
}

void CycleContext::heartbeat()
{
    if (m_loop.m_parts.clock.steady_now() - m_loop.m_last_heartbeat >= kHeartbeatMinGap) {
        m_loop.ping_watchdog();
    }
}

const Clock& CycleContext::clock() const
{
    return m_loop.m_parts.clock;
}

std::unique_ptr<StageCover> CycleContext::cover(std::string stage, Millis timeout)
{
    return cover_stage(m_loop.m_parts.notifier, m_loop.m_parts.logger, std::move(stage), timeout, m_loop.healthy());
}

std::unique_ptr<StageCover> cover_stage(Notifier& notifier, Logger& logger, std::string stage, Millis timeout,
                                        bool enabled)
{
    auto expired = [&logger](const std::string& name, Millis limit) {
        logger.warning(name + " is still running " + std::to_string(limit.count() / 1000) +
                       " s after it began, past its own timeout: the watchdog is no longer fed for it "
                       "(systemd restarts porwatch after WatchdogSec if it hangs)");
    };
    return std::make_unique<StageCover>(notifier, std::move(stage), timeout, expired, enabled);
}

Loop::Loop(LoopParts parts, Schedule schedule) : m_parts(std::move(parts)), m_schedule(schedule)
{
    assert(m_schedule.validate().ok());
    if (!m_parts.jitter) m_parts.jitter = random_jitter();
}

LoopStats Loop::run(const CycleFn& cycle, const ReloadFn& reload)
{
    Clock& clock = m_parts.clock;
    WallTime due = m_schedule.first_run == FirstRun::immediately ? clock.now() : due_after(clock.now());
    m_parts.logger.info("loop: every " + std::to_string(m_schedule.interval.count()) + " s, jitter up to " +
                        std::to_string(m_schedule.max_jitter.count()) + " s, first run at " + format_utc(due));
    while (true) {
        wait_until(due, reload);
        if (m_parts.requests.stop_requested()) break;
        const WallTime started = clock.now();
        run_cycle(cycle);
        ping_watchdog();
        if (m_parts.requests.stop_requested()) break;
        due = due_after(started);
        m_parts.logger.debug("loop: next run at " + format_utc(due));
    }
    note_stop();
    return m_stats;
}

WallTime Loop::due_after(WallTime after)
{
    const Millis max = duration_cast<Millis>(m_schedule.max_jitter);
    const Millis jitter = std::clamp(m_parts.jitter(max), Millis{0}, max);
    return next_slot(after, m_schedule.interval) + jitter;
}

void Loop::wait_until(WallTime due, const ReloadFn& reload)
{
    Clock& clock = m_parts.clock;
    while (!m_parts.requests.stop_requested()) {
        if (m_parts.requests.take_reload()) {
            handle_reload(reload);
            if (std::exchange(m_schedule_changed, false)) due = due_after(clock.now());
            continue;
        }
        const WallTime now = clock.now();
        if (now >= due) return;
        // The wall clock jumped back (or was fixed by NTP): realign rather than oversleep.
        if (due - now > m_schedule.interval + m_schedule.max_jitter) {
            m_parts.logger.warning("loop: the wall clock moved back; realigning the schedule");
            due = due_after(now);
            continue;
        }
        clock.sleep_for(std::min(ceil_millis(due - now), sleep_slice()), m_parts.requests);
        ping_watchdog();
    }
}

void Loop::run_cycle(const CycleFn& cycle)
{
    Clock& clock = m_parts.clock;
    const std::uint64_t number = ++m_stats.cycles;
    const WallTime now = clock.now();
    CycleContext context(*this, number, next_slot(now, m_schedule.interval) - m_schedule.interval);
    const SteadyTime started = clock.steady_now();
    m_last_heartbeat = started;
    const std::string name = "cycle " + std::to_string(number);
    try {
        const CycleReport report = cycle(context);
        m_consecutive_internal_errors = 0;
        const std::string took = " in " + millis_text(started, clock.steady_now());
        switch (report.outcome) {
        case CycleOutcome::complete: m_parts.logger.info(name + " complete" + took + ": " + report.summary); break;
        case CycleOutcome::failed:
            ++m_stats.failed;
            m_parts.logger.warning(name + " failed" + took + ": " + report.summary);
            break;
        case CycleOutcome::aborted:
            m_parts.logger.notice(name + " aborted by the stop request" + took + ": " + report.summary);
            break;
        }
        m_parts.notifier.status(report.summary);
        return;
    } catch (const std::exception& e) {
        m_parts.logger.error(name + ": internal error: " + e.what());
    } catch (...) {
        m_parts.logger.error(name + ": internal error (unknown exception)");
    }
    ++m_stats.internal_errors;
    ++m_consecutive_internal_errors;
    m_parts.notifier.status(name + ": internal error (see the log)");
    if (!healthy()) {
        m_parts.logger.error("loop: " + std::to_string(m_consecutive_internal_errors) +
                             " consecutive internal errors; no longer pinging the watchdog");
    }
}

void Loop::handle_reload(const ReloadFn& reload)
{
    m_parts.notifier.reloading();
    m_parts.logger.notice("reload requested (SIGHUP)");
    Result<Schedule> result = Error{"no reload callback"};
    try {
        if (reload) result = reload();
    } catch (const std::exception& e) {
        result = Error{std::string("internal error: ") + e.what()};
    }
    if (result.ok()) {
        if (const Status valid = result->validate(); !valid.ok()) result = valid.error();
    }
    if (result.ok()) {
        ++m_stats.reloads;
        m_schedule_changed = result->interval != m_schedule.interval || result->max_jitter != m_schedule.max_jitter;
        m_schedule = *result;
        m_parts.logger.notice("configuration reloaded");
    } else {
        ++m_stats.failed_reloads;
        m_parts.logger.error("reload failed, the previous configuration keeps running: " + result.error().message);
    }
    m_parts.notifier.ready();
}

void Loop::note_stop()
{
    if (std::exchange(m_stopping_sent, true)) return;
    m_parts.notifier.stopping();
    m_parts.logger.notice("stop requested; shutting down");
}

void Loop::ping_watchdog()
{
    m_last_heartbeat = m_parts.clock.steady_now();
    if (healthy()) m_parts.notifier.watchdog();
}

Millis Loop::sleep_slice() const
{
    const auto watchdog = m_parts.notifier.watchdog_interval();
    if (!watchdog) return kMaxSleepSlice;
    return std::clamp(duration_cast<Millis>(*watchdog / 3), kMinSleepSlice, kMaxSleepSlice);
}

}  // namespace porwatch::daemon
