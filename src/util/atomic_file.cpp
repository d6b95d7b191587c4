#include "porwatch/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace porwatch {

Status write_file_atomically(const std::string& path, const std::string& text, mode_t mode)
{
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    const std::string tmp = dir + "." + base + ".tmp-" + std::to_string(::getpid());
    auto fail = [&](const std::string& what) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return Status(Error{path + ": " + what + ": " + std::strerror(err)});
    };
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return fail("cannot create " + tmp);
    bool ok = ::fchmod(fd, mode) == 0;
    std::size_t written = 0;
    while (ok && written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) written += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    if (!ok) {
        const int err = errno;
        ::close(fd);
        errno = err;
        return fail("cannot write " + tmp);
    }
    if (::close(fd) != 0) return fail("cannot close " + tmp);
    if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("cannot rename " + tmp + " over it");
    return Ok{};
}

}  // namespace porwatch
