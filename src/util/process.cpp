#include "porwatch/util/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace porwatch {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kPath = "PATH=/usr/local/bin:/usr/bin:/bin";
constexpr milliseconds kPollTick{20};  // only when pidfd_open is unavailable

std::string errno_text(int error)
{
    return std::strerror(error);
}

// Returns: a descriptor that polls readable when `pid` exits, or -1 (then the caller ticks).
// The raw syscall: glibc 2.36's <sys/pidfd.h> lacks extern "C" and does not link from C++.
int open_pidfd(pid_t pid)
{
    return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

// A descriptor closed on scope exit.
class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) { }
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    void reset()
    {
        if (m_fd >= 0) close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
};

struct SpawnAttributes {
    posix_spawnattr_t attr{};
    posix_spawn_file_actions_t actions{};
    SpawnAttributes()
    {
        posix_spawnattr_init(&attr);
        posix_spawn_file_actions_init(&actions);
    }
    ~SpawnAttributes()
    {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    SpawnAttributes(const SpawnAttributes&) = delete;
    SpawnAttributes& operator=(const SpawnAttributes&) = delete;
};

// Write to the program's stdin without risking SIGPIPE when it exits early: SIGPIPE is blocked on
// this thread for the call, and one raised by it is consumed before unblocking.
ssize_t write_no_sigpipe(int fd, const char* data, std::size_t size)
{
    sigset_t pipe_only;
    sigset_t old;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
    const ssize_t written = write(fd, data, size);
    const int saved_errno = errno;
    if (written < 0 && errno == EPIPE) {
        const timespec zero{0, 0};
        sigtimedwait(&pipe_only, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    errno = saved_errno;
    return written;
}

Result<ProcessResult> wait_for_process(const ProcessRequest& request, std::string_view what, pid_t pid, Fd& input,
                                       Fd& output, Clock::time_point started)
{
    ProcessResult result;
    const Clock::time_point deadline = started + request.timeout;
    Fd pidfd(open_pidfd(pid));
    std::size_t written = 0;
    bool exited = false;
    int status = 0;
    bool timed_out = false;
    if (request.payload.empty()) input.reset();

    while (!exited || output.get() >= 0) {
        if (exited) {
            // The program is gone; take what it left in the pipe but do not wait for background
            // children that may still hold it open.
            pollfd p{output.get(), POLLIN, 0};
            if (poll(&p, 1, 0) <= 0) break;
        }
        std::vector<pollfd> fds;
        if (input.get() >= 0) fds.push_back({input.get(), POLLOUT, 0});
        if (output.get() >= 0) fds.push_back({output.get(), POLLIN, 0});
        if (!exited && pidfd.get() >= 0) fds.push_back({pidfd.get(), POLLIN, 0});
        const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
        if (!exited && left <= milliseconds{0}) {
            timed_out = true;
            break;
        }
        milliseconds wait = exited ? milliseconds{0} : left;
        if (pidfd.get() < 0) wait = std::min(wait, kPollTick);
        if (poll(fds.data(), fds.size(), static_cast<int>(wait.count())) < 0 && errno != EINTR) {
            return Error{std::string(what) + " " + request.program + ": poll: " + errno_text(errno)};
        }
        for (const pollfd& p : fds) {
            if (p.revents == 0) continue;
            if (p.fd == input.get()) {
                const ssize_t n =
                    write_no_sigpipe(input.get(), request.payload.data() + written, request.payload.size() - written);
                if (n > 0) written += static_cast<std::size_t>(n);
                // EPIPE: the program does not read its stdin. That is its choice, not an error.
                if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == request.payload.size()) {
                    input.reset();
                }
            } else if (p.fd == output.get()) {
                char buffer[4096];
                const ssize_t n = read(output.get(), buffer, sizeof buffer);
                if (n > 0) {
                    const std::size_t room = request.output_limit - result.output.size();
                    const auto take = std::min(room, static_cast<std::size_t>(n));
                    result.output.append(buffer, take);
                    if (take < static_cast<std::size_t>(n)) result.output_truncated = true;
                } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                    output.reset();
                }
            }
        }
        if (!exited) {
            const pid_t waited = waitpid(pid, &status, WNOHANG);
            if (waited == pid) exited = true;
        }
    }
    if (timed_out) {
        kill(-pid, SIGKILL);  // the whole group: a shell script's children die with it
        waitpid(pid, &status, 0);
        result.outcome = ProcessOutcome::timed_out;
    } else if (WIFEXITED(status)) {
        result.outcome = ProcessOutcome::exited;
        result.exit_code = WEXITSTATUS(status);
    } else {
        result.outcome = ProcessOutcome::signaled;
        result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
    result.duration = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    return result;
}

}  // namespace

std::string ProcessResult::describe() const
{
    switch (outcome) {
    case ProcessOutcome::exited: return "exit " + std::to_string(exit_code);
    case ProcessOutcome::signaled: return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    case ProcessOutcome::timed_out: return "timed out after " + std::to_string(duration.count()) + " ms";
    }
    return "unknown";
}

Result<ProcessResult> run_process(const ProcessRequest& request, std::string_view what)
{
    const std::string& program = request.program;
    if (program.empty() || program.front() != '/') {
        return Error{std::string(what) + " '" + program + "': the program must be an absolute path"};
    }
    std::vector<std::string> environment{kPath};
    for (const auto& [name, value] : request.environment) {
        if (name.empty() || name.find('=') != std::string::npos || name == "PATH") {
            return Error{std::string(what) + " " + program + ": bad environment variable name '" + name + "'"};
        }
        environment.push_back(name + "=" + value);
    }
    std::vector<char*> envp;
    for (std::string& entry : environment) envp.push_back(entry.data());
    envp.push_back(nullptr);
    std::vector<std::string> args{program};
    args.insert(args.end(), request.args.begin(), request.args.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    int in_pipe[2];
    int out_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0)
        return Error{std::string(what) + " " + program + ": pipe: " + errno_text(errno)};
    Fd in_read(in_pipe[0]);
    Fd in_write(in_pipe[1]);
    if (pipe2(out_pipe, O_CLOEXEC) != 0)
        return Error{std::string(what) + " " + program + ": pipe: " + errno_text(errno)};
    Fd out_read(out_pipe[0]);
    Fd out_write(out_pipe[1]);

    SpawnAttributes spawn;
    posix_spawn_file_actions_adddup2(&spawn.actions, in_read.get(), STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&spawn.actions, out_write.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&spawn.actions, out_write.get(), STDERR_FILENO);
    posix_spawn_file_actions_addclosefrom_np(&spawn.actions, 3);
    if (!request.working_directory.empty()) {
        posix_spawn_file_actions_addchdir_np(&spawn.actions, request.working_directory.c_str());
    }
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    // The daemon ignores SIGPIPE and may block signals; the program starts from the defaults.
    posix_spawnattr_setsigmask(&spawn.attr, &none);
    posix_spawnattr_setsigdefault(&spawn.attr, &all);
    posix_spawnattr_setpgroup(&spawn.attr, 0);
    posix_spawnattr_setflags(&spawn.attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

    const auto started = Clock::now();
    pid_t pid = -1;
    // posix_spawn, not posix_spawnp: no PATH search, and execve's failure comes back here.
    const int error = posix_spawn(&pid, program.c_str(), &spawn.actions, &spawn.attr, argv.data(), envp.data());
    if (error != 0) return Error{std::string(what) + " " + program + ": cannot execute: " + errno_text(error)};
    in_read.reset();
    out_write.reset();
    fcntl(in_write.get(), F_SETFL, O_NONBLOCK);
    fcntl(out_read.get(), F_SETFL, O_NONBLOCK);
    return wait_for_process(request, what, pid, in_write, out_read, started);
}

Status check_executable(const std::string& path)
{
    if (path.empty() || path.front() != '/') {
        return Error{"must be an absolute path (programs are run without a shell or PATH lookup)"};
    }
    struct stat info { };
    if (::stat(path.c_str(), &info) != 0) return Error{"no such file"};
    if (!S_ISREG(info.st_mode)) return Error{"not a regular file"};
    if (::access(path.c_str(), X_OK) != 0) return Error{"not executable"};
    return Ok{};
}

}  // namespace porwatch
