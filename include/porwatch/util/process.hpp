// Runs one program directly with posix_spawn (execve, never a shell): input on stdin, a
// minimal environment, a timeout after which its whole process group is killed, and a bounded
// capture of what it printed. Used for alert hooks (alert/hook_runner.hpp) and for an
// exchange's zk-proof verifier (liabilities/zk_verifier.hpp).
//
// The program gets: argv = {program, args...}; envp = PATH=/usr/local/bin:/usr/bin:/bin plus
// the request's variables, nothing else from porwatch's environment; default signal
// dispositions and an empty signal mask; no descriptors but 0 (the input), 1 and 2 (both
// captured); its own process group; the request's working directory when one is given.
//
// Thread-safety: run_process() is reentrant; it blocks the calling thread until the program
// ends or is killed. It spawns and reaps only its own child.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/util/result.hpp"

namespace porwatch {

struct ProcessRequest {
    std::string program;  // absolute path; not looked up in PATH
    std::vector<std::string> args;  // argv[1..]
    std::string payload;  // written to stdin, which is then closed
    std::vector<std::pair<std::string, std::string>> environment;  // added to PATH=
    std::chrono::milliseconds timeout{10'000};
    std::size_t output_limit = 4096;  // bytes of stdout+stderr kept (the rest is drained)
    std::string working_directory;  // "" = porwatch's own
};

enum class ProcessOutcome {
    exited,  // exit_code is valid
    signaled,  // killed by a signal it did not get from us; signal is valid
    timed_out,  // ran past the timeout; its process group got SIGKILL
};

struct ProcessResult {
    ProcessOutcome outcome = ProcessOutcome::exited;
    int exit_code = 0;
    int signal = 0;
    std::string output;  // the first output_limit bytes of stdout+stderr
    bool output_truncated = false;
    std::chrono::milliseconds duration{0};

    bool succeeded() const { return outcome == ProcessOutcome::exited && exit_code == 0; }
    // Returns: "exit 0", "exit 3", "killed by signal 9 (Killed)" or "timed out after 2000 ms".
    std::string describe() const;
};

// Run the program and wait for it. `what` names it in messages ("hook", "zk verifier"). Fails
// (an Error, no ProcessResult) when the program could not be started at all: a relative path,
// not executable, missing, a working directory that cannot be entered, or a bad environment
// name. The message names the program.
Result<ProcessResult> run_process(const ProcessRequest& request, std::string_view what);

// Check, before it is needed, that `path` can be run: an absolute path (no shell, no PATH
// lookup) to an executable regular file. Fails with the reason ("no such file", …).
Status check_executable(const std::string& path);

}  // namespace porwatch
