// One writer per database, as bitcoind locks its datadir (.lock): `porwatch run` and a storing
// `porwatch scan` hold an exclusive open-file-description lock (F_OFD_SETLK) on DATABASE.lock
// (created beside the database, holding the holder's PID as text) for as long as they run. The
// kernel drops the lock when the process dies, so a stale file never blocks a restart. A second
// writer, in another process or the same one, fails at once naming the holder's PID.
//
// Ownership: an InstanceLock owns its file descriptor; moving transfers it. Thread-safety: one
// owner.
#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>

#include "porwatch/util/result.hpp"

namespace porwatch::daemon {

// Frozen: callers branch on these codes.
enum class LockError {
    held,
    io
};
constexpr std::string_view error_domain(LockError)
{
    return "instance-lock";
}

class InstanceLock {
public:
    // Returns: the lock file's path for `database`: DATABASE.lock.
    static std::string path_for(const std::string& database);

    // Take the lock for `database`. Fails with LockError::held ("database D is in use by another
    // porwatch (pid N; lock file D.lock)") or LockError::io (cannot create or lock the file).
    static Result<InstanceLock> acquire(const std::string& database);

    InstanceLock(InstanceLock&& other) noexcept;
    InstanceLock& operator=(InstanceLock&& other) noexcept;
    InstanceLock(const InstanceLock&) = delete;
    InstanceLock& operator=(const InstanceLock&) = delete;
    ~InstanceLock();  // releases the lock (the file stays, as bitcoind's .lock does)

    const std::string& path() const { return m_path; }

private:
    InstanceLock(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) { }
    int m_fd = -1;
    std::string m_path;
};

}  // namespace porwatch::daemon
