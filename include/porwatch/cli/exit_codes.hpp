// Process exit codes. They are part of porwatch's interface (scripts and systemd depend on
// them), documented in README.md, and frozen.
#pragma once

namespace porwatch::cli {

enum ExitCode : int {
    kExitOk = 0,  // success: the address parsed, every signed row verified, a complete snapshot
    kExitVerifyFailed = 1,  // `verify`: at least one row failed verification
    kExitUsage = 2,  // usage error, bad config, unreadable input, invalid address, database held
    kExitIncomplete = 3,  // `scan`: the snapshot is partial, failed or disputed; `status`: the latest is not complete
    kExitInternal = 70,  // an unexpected internal error (EX_SOFTWARE)
};

}  // namespace porwatch::cli
