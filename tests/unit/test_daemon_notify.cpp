#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "daemon_fakes.hpp"
#include "porwatch/daemon/log.hpp"
#include "porwatch/daemon/notify.hpp"

using namespace porwatch;
using namespace porwatch::daemon;

namespace {

// A real sd_notify receiver: an AF_UNIX datagram socket named by NOTIFY_SOCKET, as systemd
// sets it up for a Type=notify service.
class NotifySocket {
public:
    NotifySocket()
    {
        m_path = "/tmp/porwatch-notify-" + std::to_string(getpid()) + ".sock";
        unlink(m_path.c_str());
        m_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(m_fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, m_path.c_str(), sizeof address.sun_path - 1);
        REQUIRE(bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        timeval timeout{2, 0};
        setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        setenv("NOTIFY_SOCKET", m_path.c_str(), 1);
    }
    ~NotifySocket()
    {
        unsetenv("NOTIFY_SOCKET");
        close(m_fd);
        unlink(m_path.c_str());
    }
    std::string receive()
    {
        char buffer[4096];
        const ssize_t n = recv(m_fd, buffer, sizeof buffer, 0);
        return n < 0 ? std::string("<nothing>") : std::string(buffer, static_cast<std::size_t>(n));
    }

private:
    std::string m_path;
    int m_fd = -1;
};

}  // namespace

TEST_SUITE("daemon")
{
    TEST_CASE("daemon::SdNotifier sends the sd_notify messages to NOTIFY_SOCKET")
    {
        NotifySocket socket;
        SdNotifier notifier;
        notifier.ready();
        CHECK(socket.receive() == "READY=1");
        notifier.status("litecoin 12.5 LTC at 204\nREADY=1");
        CHECK(socket.receive() == "STATUS=litecoin 12.5 LTC at 204 READY=1");
        notifier.watchdog();
        CHECK(socket.receive() == "WATCHDOG=1");
        notifier.reloading();
        CHECK(socket.receive() == "RELOADING=1");
        notifier.stopping();
        CHECK(socket.receive() == "STOPPING=1");
    }

    TEST_CASE("daemon::SdNotifier reads WatchdogSec from WATCHDOG_USEC for this PID only")
    {
        setenv("WATCHDOG_USEC", "30000000", 1);
        setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
        CHECK(SdNotifier().watchdog_interval() == std::chrono::microseconds{30'000'000});
        setenv("WATCHDOG_PID", "1", 1);  // meant for another process
        CHECK_FALSE(SdNotifier().watchdog_interval().has_value());
        unsetenv("WATCHDOG_USEC");
        unsetenv("WATCHDOG_PID");
        CHECK_FALSE(SdNotifier().watchdog_interval().has_value());
    }

    TEST_CASE("daemon::Logger journal lines carry <N> prefixes, plain lines a UTC timestamp")
    {
        test::FakeClock clock(test::wall_seconds(1'700'000'017));
        test::CapturedLog journal;
        Logger to_journal(journal.sink(), LogFormat::journal, LogLevel::info, clock);
        to_journal.error("litecoin: connect failed");
        to_journal.warning("w");
        to_journal.info("i");
        to_journal.debug("dropped");
        CHECK(journal.lines == std::vector<std::string>{"<3>litecoin: connect failed\n", "<4>w\n", "<6>i\n"});

        test::CapturedLog plain;
        Logger to_terminal(plain.sink(), LogFormat::plain, LogLevel::debug, clock);
        to_terminal.notice("reloaded");
        to_terminal.set_threshold(LogLevel::error);
        to_terminal.notice("dropped");
        CHECK(plain.lines == std::vector<std::string>{"2023-11-14T22:13:37Z notice: reloaded\n"});
    }

    TEST_CASE("daemon::Logger escapes control characters so one message is one line")
    {
        test::FakeClock clock(test::wall_seconds(0));
        test::CapturedLog log;
        Logger logger(log.sink(), LogFormat::journal, LogLevel::debug, clock);
        logger.warning("hook said: line1\n<3>forged\r\x1b[31m\ttab");
        CHECK(log.lines == std::vector<std::string>{"<4>hook said: line1\\n<3>forged\\x0d\\x1b[31m\\ttab\n"});
        CHECK(sanitize_log_text(std::string(10, 'a'), 4) == "aaaa…");
    }

    TEST_CASE("daemon::detect_log_format matches JOURNAL_STREAM against the descriptor's dev:inode")
    {
        char path[] = "/tmp/porwatch-log-XXXXXX";
        const int fd = mkstemp(path);
        REQUIRE(fd >= 0);
        struct stat st { };
        REQUIRE(fstat(fd, &st) == 0);
        const std::string same = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
        const std::string other = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1);
        CHECK(detect_log_format(fd, same.c_str()) == LogFormat::journal);
        CHECK(detect_log_format(fd, other.c_str()) == LogFormat::plain);
        CHECK(detect_log_format(fd, "garbage") == LogFormat::plain);
        CHECK(detect_log_format(fd, nullptr) == LogFormat::plain);
        close(fd);
        unlink(path);
        CHECK(parse_log_level("warning") == LogLevel::warning);
        CHECK_FALSE(parse_log_level("verbose").has_value());
    }

    TEST_CASE("daemon::format_utc prints ISO 8601 UTC")
    {
        CHECK(format_utc(test::wall_seconds(0)) == "1970-01-01T00:00:00Z");
        CHECK(format_utc(test::wall_seconds(1'700'000'017) + std::chrono::milliseconds{999}) == "2023-11-14T22:13:37Z");
    }
}
