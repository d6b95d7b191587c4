#include "porwatch/daemon/instance_lock.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace porwatch::daemon {
namespace {

struct flock whole_file(short type)
{
    struct flock lock { };
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0;
    lock.l_len = 0;
    lock.l_pid = 0;  // required 0 for OFD locks
    return lock;
}

// The holder's PID, as it wrote it into the file ("?" when unreadable: an OFD lock's F_OFD_GETLK
// reports no PID).
std::string holder_pid(int fd)
{
    char text[32] = {};
    const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
    std::string pid(text, n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return pid.empty() ? "?" : pid;
}

}  // namespace

std::string InstanceLock::path_for(const std::string& database)
{
    return database + ".lock";
}

Result<InstanceLock> InstanceLock::acquire(const std::string& database)
{
    const std::string path = path_for(database);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        return Error{LockError::io, "cannot create lock file " + path + ": " + std::strerror(errno)};
    }
    struct flock lock = whole_file(F_WRLCK);
    if (::fcntl(fd, F_OFD_SETLK, &lock) != 0) {
        const int e = errno;
        if (e == EACCES || e == EAGAIN) {
            const std::string pid = holder_pid(fd);
            ::close(fd);
            return Error{LockError::held, "database " + database + " is in use by another porwatch (pid " + pid +
                                              "; lock file " + path + ")"};
        }
        ::close(fd);
        return Error{LockError::io, "cannot lock " + path + ": " + std::strerror(e)};
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        const int e = errno;
        ::close(fd);
        return Error{LockError::io, "cannot write lock file " + path + ": " + std::strerror(e)};
    }
    return InstanceLock(fd, path);
}

InstanceLock::InstanceLock(InstanceLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path))
{ }

InstanceLock& InstanceLock::operator=(InstanceLock&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
    }
    return *this;
}

InstanceLock::~InstanceLock()
{
    if (m_fd >= 0) ::close(m_fd);  // closing drops the POSIX lock
}

}  // namespace porwatch::daemon
