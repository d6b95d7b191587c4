#include "porwatch/daemon/log.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace porwatch::daemon {
namespace {

constexpr std::size_t kMaxMessage = 8192;

}  // namespace

LogSink fd_sink(int fd)
{
    return [fd](std::string_view line) {
        while (!line.empty()) {
            const ssize_t written = write(fd, line.data(), line.size());
            if (written < 0 && errno == EINTR) continue;
            if (written <= 0) return;  // stderr gone: nowhere left to report it
            line.remove_prefix(static_cast<std::size_t>(written));
        }
    };
}

LogFormat detect_log_format(int fd, const char* journal_stream)
{
    if (journal_stream == nullptr) return LogFormat::plain;
    unsigned long long device = 0;
    unsigned long long inode = 0;
    if (std::sscanf(journal_stream, "%llu:%llu", &device, &inode) != 2) return LogFormat::plain;
    struct stat st { };
    if (fstat(fd, &st) != 0) return LogFormat::plain;
    const bool same =
        static_cast<unsigned long long>(st.st_dev) == device && static_cast<unsigned long long>(st.st_ino) == inode;
    return same ? LogFormat::journal : LogFormat::plain;
}

std::optional<LogLevel> parse_log_level(std::string_view name)
{
    for (const LogLevel level :
         {LogLevel::error, LogLevel::warning, LogLevel::notice, LogLevel::info, LogLevel::debug}) {
        if (log_level_name(level) == name) return level;
    }
    return std::nullopt;
}

std::string_view log_level_name(LogLevel level)
{
    switch (level) {
    case LogLevel::error: return "error";
    case LogLevel::warning: return "warning";
    case LogLevel::notice: return "notice";
    case LogLevel::info: return "info";
    case LogLevel::debug: return "debug";
    }
    return "info";
}

std::string sanitize_log_text(std::string_view text, std::size_t limit)
{
    std::string out;
    out.reserve(std::min(text.size(), limit) + 8);
    for (const char c : text) {
        if (out.size() >= limit) {
            out += "…";
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7f) {
            std::array<char, 5> escaped{};
            std::snprintf(escaped.data(), escaped.size(), "\\x%02x", byte);
            out += escaped.data();
        } else {
            out += c;
        }
    }
    return out;
}

Logger::Logger(LogSink sink, LogFormat format, LogLevel threshold, const Clock& clock)
    : m_sink(std::move(sink)), m_format(format), m_threshold(threshold), m_clock(clock)
{ }

Logger Logger::to_stderr(LogLevel threshold, const Clock& clock)
{
    const LogFormat format = detect_log_format(STDERR_FILENO, std::getenv("JOURNAL_STREAM"));
    return Logger(fd_sink(STDERR_FILENO), format, threshold, clock);
}

bool Logger::enabled(LogLevel level) const
{
    return static_cast<int>(level) <= static_cast<int>(m_threshold.load());
}

void Logger::log(LogLevel level, std::string_view message)
{
    if (!enabled(level)) return;
    std::string line;
    if (m_format == LogFormat::journal) {
        line = "<" + std::to_string(static_cast<int>(level)) + ">";
    } else {
        line = format_utc(m_clock.now()) + " " + std::string(log_level_name(level)) + ": ";
    }
    line += sanitize_log_text(message, kMaxMessage);
    line += '\n';
    const std::lock_guard lock(m_mutex);
    m_sink(line);
}

}  // namespace porwatch::daemon
