// Writing a whole file atomically, for files that other programs read while porwatch rewrites
// them (the metrics textfile for node_exporter, `porwatch report --out`).
//
// Thread-safety: safe from any thread for different paths.
#pragma once

#include <string>
#include <sys/types.h>

#include "porwatch/util/result.hpp"

namespace porwatch {

// Write `text` to `path` atomically: a temporary file in the same directory (".NAME.tmp-PID",
// which node_exporter's *.prom glob never collects), fchmod'ed to `mode` whatever the umask,
// fsync'ed, then rename()d over `path`. A reader sees the old file or the new one, never a
// part. Fails naming the path and errno's reason; the temporary file is removed on failure.
Status write_file_atomically(const std::string& path, const std::string& text, mode_t mode = 0644);

}  // namespace porwatch
