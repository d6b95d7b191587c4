// Reading a small file (a config, a cookie, a password or secret file) and telling why it
// could not be read: missing, permission denied (naming the user porwatch runs as, since under
// systemd that is the `porwatch` user, not the operator), not a regular file, or an I/O error.
//
// Thread-safety: safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "porwatch/util/result.hpp"

namespace porwatch {

// Frozen: callers branch on these codes, never on the message.
enum class FileError {
    missing,
    permission_denied,
    not_a_file,
    io
};
constexpr std::string_view error_domain(FileError)
{
    return "file";
}

// Returns: "user porwatch (uid 998, groups porwatch, bitcoin)": who this process is, as the
// kernel checks file permissions (effective uid and every group).
std::string process_identity();

// Read the whole file at `path` ("-" = stdin when `stdin_dash` is true). `what` names the file in
// messages ("rpc_cookie_file"). Fails with a FileError and "WHAT PATH: no such file",
// "WHAT PATH: permission denied for user porwatch (uid 998, groups …)", "… is a directory" or
// the errno text.
Result<std::string> read_whole_file(const std::string& path, std::string_view what, bool stdin_dash = false);

}  // namespace porwatch
