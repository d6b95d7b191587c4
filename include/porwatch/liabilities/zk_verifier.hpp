// The exchange's own zk-proof verifier, run when [liabilities] configures one
// (`zk_verifier = PATH`): OKX's plonky2 zk-por-cli / zk-por-verifier, or Binance's and Gate's
// gnark verifier. There is no C or C++ verifier of these proofs, so porwatch runs theirs as a
// program: without a shell (posix_spawn, util/process.hpp), with `zk_verifier_arg`s, in
// `zk_verifier_dir`, with a newline on stdin (the interactive verifier waits for Enter), and
// killed after `zk_verifier_timeout`.
//
// The verdict is read from the result lines it prints, never from the exit code alone
// (zk-por-cli prints "result: Err(…)" and exits 0): it passes only when the program exited 0,
// printed at least one known success line and no failure line anywhere in its output.
//   success: "result: Ok(…)", "All proofs verify passed!!!", "successfully verify the global
//            proof…", "Total sum and non-negative constraint validation passed",
//            "Inclusion constraint validation passed", "verify pass!!!"
//   failure: "result: Err(…)", "… validation failed", "proof verify failed…", "verify failed…",
//            "panic…" / "…panicked…"
// Output past kZkOutputLimit is not judged (the verdict is failed).
//
// judge_verifier_output() is pure; run_zk_verifier() spawns the program and blocks until it
// ends. Thread-safety: reentrant.
#pragma once

#include <string>

#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/util/process.hpp"

namespace porwatch::liabilities {

inline constexpr std::size_t kZkOutputLimit = 16u << 20;

struct ZkVerdict {
    ZkStatus status = ZkStatus::failed;
    std::string detail;  // the decisive line and how the program ended, one clean line
};

ZkVerdict judge_verifier_output(const ProcessResult& result);

// Run the verifier once and judge it. Never fails as a call: a program that cannot be
// started is a failed verdict saying why.
ZkVerdict run_zk_verifier(const ZkVerifierSettings& settings);

}  // namespace porwatch::liabilities
