#include "porwatch/daemon/requests.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

namespace porwatch::daemon {
namespace {

constexpr std::array kHandledSignals = {SIGTERM, SIGINT, SIGHUP, SIGPIPE};

// The one Requests the installed handlers write to. A lock-free atomic pointer is safe to
// read in a signal handler.
std::atomic<Requests*> g_requests{nullptr};

extern "C" void on_signal(int signo)
{
    const int saved_errno = errno;  // write() in wake() may clobber it
    if (Requests* requests = g_requests.load()) {
        if (signo == SIGHUP) {
            requests->request_reload();
        } else {
            requests->request_stop();
        }
    }
    errno = saved_errno;
}

}  // namespace

Result<std::unique_ptr<Requests>> Requests::create()
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        return Error{std::string("cannot create the wake-up pipe: ") + std::strerror(errno)};
    }
    return std::unique_ptr<Requests>(new Requests(fds[0], fds[1]));
}

Requests::~Requests()
{
    close(m_read_fd);
    close(m_write_fd);
}

void Requests::request_stop() noexcept
{
    m_stop.store(true);
    wake();
}

void Requests::request_reload() noexcept
{
    m_reload.store(true);
    wake();
}

void Requests::wake() noexcept
{
    const char byte = 1;
    // A full pipe (EAGAIN) already means "wake up"; nothing else can usefully be done here.
    [[maybe_unused]] const auto written = write(m_write_fd, &byte, 1);
}

void Requests::clear_wake() noexcept
{
    char buffer[64];
    while (read(m_read_fd, buffer, sizeof buffer) > 0) { }
}

struct SignalHandlers::Saved {
    std::array<struct sigaction, kHandledSignals.size()> previous{};
};

Result<std::unique_ptr<SignalHandlers>> SignalHandlers::install(Requests& requests)
{
    Requests* expected = nullptr;
    if (!g_requests.compare_exchange_strong(expected, &requests)) {
        return Error{"signal handlers are already installed"};
    }
    std::unique_ptr<SignalHandlers> handlers(new SignalHandlers());
    handlers->m_saved = std::make_unique<Saved>();
    for (std::size_t i = 0; i < kHandledSignals.size(); ++i) {
        const int signo = kHandledSignals[i];
        struct sigaction action { };
        sigemptyset(&action.sa_mask);
        if (signo == SIGPIPE) {
            action.sa_handler = SIG_IGN;
        } else {
            action.sa_handler = &on_signal;
            // SA_RESTART: library calls (SQLite, curl) never see EINTR. SA_RESETHAND on stop
            // signals: the second SIGTERM/SIGINT takes the default action and ends the process.
            action.sa_flags = SA_RESTART | (signo == SIGHUP ? 0 : SA_RESETHAND);
        }
        if (sigaction(signo, &action, &handlers->m_saved->previous[i]) != 0) {
            const std::string reason = std::strerror(errno);
            for (std::size_t j = 0; j < i; ++j) {
                sigaction(kHandledSignals[j], &handlers->m_saved->previous[j], nullptr);
            }
            handlers->m_saved.reset();
            g_requests.store(nullptr);
            return Error{"cannot install the signal handler for " + std::string(strsignal(signo)) + ": " + reason};
        }
    }
    return handlers;
}

SignalHandlers::~SignalHandlers()
{
    if (!m_saved) return;
    for (std::size_t i = 0; i < kHandledSignals.size(); ++i) {
        sigaction(kHandledSignals[i], &m_saved->previous[i], nullptr);
    }
    g_requests.store(nullptr);
}

}  // namespace porwatch::daemon
