// Runs one alert hook: a program executed directly with posix_spawn (execve, never a shell),
// the JSON payload on stdin, a minimal environment, a timeout after which its whole process
// group is killed, and a bounded capture of what it printed (util/process.hpp).
//
// The hook gets: argv = {program, args...}; envp = PATH=/usr/local/bin:/usr/bin:/bin plus the
// request's variables (PORWATCH_ALERT, PORWATCH_STATE, PORWATCH_ASSET), nothing else from the
// daemon's environment; default signal dispositions and an empty signal mask; no descriptors
// but 0 (the payload), 1 and 2 (both captured); its own process group.
//
// Thread-safety: run_hook() is reentrant; it blocks the calling thread until the hook ends or
// is killed. It spawns and reaps only its own child.
#pragma once

#include "porwatch/util/process.hpp"

namespace porwatch::alert {

using HookRequest = ProcessRequest;
using HookOutcome = ProcessOutcome;
using HookResult = ProcessResult;

// Run the hook and wait for it. Fails (an Error, no HookResult) when the program could not be
// started at all: a relative path, not executable, missing, or a bad environment name. The
// message names the program ("hook /path: …").
inline Result<HookResult> run_hook(const HookRequest& request)
{
    return run_process(request, "hook");
}

}  // namespace porwatch::alert
