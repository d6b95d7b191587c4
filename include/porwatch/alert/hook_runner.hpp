// Runs one alert hook: a program executed directly with posix_spawn (execve, never a shell),
// the JSON payload on stdin, a minimal environment, a timeout after which its whole process
// group is killed, and a bounded capture of what it printed.
//
// The hook gets: argv = {program, args...}; envp = PATH=/usr/local/bin:/usr/bin:/bin plus the
// request's variables (PORWATCH_ALERT, PORWATCH_STATE, PORWATCH_ASSET), nothing else from the
// daemon's environment; default signal dispositions and an empty signal mask; no descriptors
// but 0 (the payload), 1 and 2 (both captured); its own process group.
//
// Thread-safety: run_hook() is reentrant; it blocks the calling thread until the hook ends or
// is killed. It spawns and reaps only its own child.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "porwatch/util/result.hpp"

namespace porwatch::alert {

struct HookRequest {
    std::string program;                 // absolute path; not looked up in PATH
    std::vector<std::string> args;       // argv[1..]
    std::string payload;                 // written to stdin, which is then closed
    std::vector<std::pair<std::string, std::string>> environment;   // added to PATH=
    std::chrono::milliseconds timeout{10'000};
    std::size_t output_limit = 4096;     // bytes of stdout+stderr kept (the rest is drained)
};

enum class HookOutcome {
    exited,      // exit_code is valid
    signaled,    // killed by a signal it did not get from us; signal is valid
    timed_out,   // ran past the timeout; its process group got SIGKILL
};

struct HookResult {
    HookOutcome outcome = HookOutcome::exited;
    int exit_code = 0;
    int signal = 0;
    std::string output;        // the first output_limit bytes of stdout+stderr
    bool output_truncated = false;
    std::chrono::milliseconds duration{0};

    bool succeeded() const { return outcome == HookOutcome::exited && exit_code == 0; }
    // Returns: "exit 0", "exit 3", "killed by signal 9 (Killed)" or "timed out after 2000 ms".
    std::string describe() const;
};

// Run the hook and wait for it. Fails (an Error, no HookResult) when the program could not be
// started at all: a relative path, not executable, missing, or a bad environment name. The
// message names the program.
Result<HookResult> run_hook(const HookRequest& request);

}  // namespace porwatch::alert
