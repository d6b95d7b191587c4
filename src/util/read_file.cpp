#include "porwatch/util/read_file.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace porwatch {
namespace {

std::string group_name(gid_t gid)
{
    const struct group* g = ::getgrgid(gid);
    return g ? std::string(g->gr_name) : std::to_string(gid);
}

// Read every byte of `fd`. Returns: false on a read error (errno set).
bool read_all(int fd, std::string& out)
{
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) return true;
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

}  // namespace

std::string process_identity()
{
    const uid_t uid = ::geteuid();
    const struct passwd* pw = ::getpwuid(uid);
    std::string text = "user " + (pw ? std::string(pw->pw_name) : std::to_string(uid)) + " (uid " +
                       std::to_string(uid) + ", groups " + group_name(::getegid());
    const int count = ::getgroups(0, nullptr);
    std::vector<gid_t> groups(count > 0 ? static_cast<std::size_t>(count) : 0);
    if (count > 0 && ::getgroups(count, groups.data()) == count) {
        for (const gid_t g : groups) {
            if (g != ::getegid()) text += ", " + group_name(g);
        }
    }
    return text + ")";
}

Result<std::string> read_whole_file(const std::string& path, std::string_view what, bool stdin_dash)
{
    const std::string name = std::string(what) + (what.empty() ? "" : " ") + path;
    if (stdin_dash && path == "-") {
        std::string text;
        if (!read_all(STDIN_FILENO, text)) return Error{FileError::io, name + ": " + std::strerror(errno)};
        return text;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int e = errno;
        if (e == ENOENT || e == ENOTDIR) return Error{FileError::missing, name + ": no such file"};
        if (e == EACCES || e == EPERM) {
            return Error{FileError::permission_denied, name + ": permission denied for " + process_identity()};
        }
        return Error{FileError::io, name + ": " + std::strerror(e)};
    }
    struct stat info { };
    if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) {
        ::close(fd);
        return Error{FileError::not_a_file, name + ": is a directory, not a file"};
    }
    std::string text;
    const bool ok = read_all(fd, text);
    const int e = errno;
    ::close(fd);
    if (!ok) return Error{FileError::io, name + ": " + std::strerror(e)};
    return text;
}

}  // namespace porwatch
