// The daemon's logger: one line per message on stderr (or any sink).
//
// Under systemd (stderr is the journal stream named by JOURNAL_STREAM=dev:inode) each line
// starts with an sd-daemon "<N>" priority prefix and no timestamp (the journal adds one). On
// a terminal or a file it is "2026-11-01T12:00:00Z warning: message". Control characters in
// messages (a node's error text, a hook's stderr) are escaped, so one message is one line and
// cannot forge another. Callers pass URLs through redact_url() and never pass secrets.
//
// Thread-safety: log() is safe from any thread (one sink call per line under a mutex).
// Ownership: the Logger keeps a reference to the Clock, which must outlive it.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "porwatch/daemon/clock.hpp"

namespace porwatch::daemon {

// Values are the syslog/sd-daemon priorities used in the "<N>" prefix.
enum class LogLevel {
    error = 3,
    warning = 4,
    notice = 5,
    info = 6,
    debug = 7
};
enum class LogFormat {
    journal,
    plain
};

// Receives one complete line, newline included.
using LogSink = std::function<void(std::string_view line)>;

// Returns: a sink that write()s each line to `fd` in one call (lines stay whole in the journal).
LogSink fd_sink(int fd);

// Returns: journal when `journal_stream` ("dev:inode", the JOURNAL_STREAM value, may be null)
// names the file `fd` is open on, else plain.
LogFormat detect_log_format(int fd, const char* journal_stream);

// Parses "error", "warning", "notice", "info" or "debug".
std::optional<LogLevel> parse_log_level(std::string_view name);
std::string_view log_level_name(LogLevel level);

class Logger {
public:
    Logger(LogSink sink, LogFormat format, LogLevel threshold, const Clock& clock);
    // A logger on stderr whose format follows detect_log_format(2, getenv("JOURNAL_STREAM")).
    static Logger to_stderr(LogLevel threshold, const Clock& clock);

    // Messages above the threshold (less severe) are dropped. Reload may change it.
    void set_threshold(LogLevel threshold) { m_threshold.store(threshold); }
    bool enabled(LogLevel level) const;
    void log(LogLevel level, std::string_view message);

    void error(std::string_view message) { log(LogLevel::error, message); }
    void warning(std::string_view message) { log(LogLevel::warning, message); }
    void notice(std::string_view message) { log(LogLevel::notice, message); }
    void info(std::string_view message) { log(LogLevel::info, message); }
    void debug(std::string_view message) { log(LogLevel::debug, message); }

private:
    LogSink m_sink;
    LogFormat m_format;
    std::atomic<LogLevel> m_threshold;
    const Clock& m_clock;
    std::mutex m_mutex;
};

// Returns: `text` with control characters escaped (\n, \t, \xNN) and cut to `limit` bytes
// (marked with "…"), for logging text that porwatch did not write.
std::string sanitize_log_text(std::string_view text, std::size_t limit = 4096);

}  // namespace porwatch::daemon
