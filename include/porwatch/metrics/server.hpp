// The /metrics HTTP endpoint (libmicrohttpd, its own internal polling thread) and the
// node_exporter textfile writer.
//
// MetricsServer answers `GET /metrics` (and HEAD) with the last published exposition, `/` with a
// one-line pointer, anything else 404, and methods other than GET/HEAD 405. publish() swaps an
// immutable text under a mutex that the request handler holds only long enough to copy the
// pointer: a slow or stuck scraper never blocks the cycle, and a cycle never blocks a scrape.
//
// Ownership: a MetricsServer owns its MHD daemon and stops it (joining MHD's thread) on
// destruction. Thread-safety: publish() may be called from any thread; requests are served on
// MHD's thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "porwatch/metrics/settings.hpp"
#include "porwatch/util/result.hpp"

struct MHD_Daemon;

namespace porwatch::metrics {

class MetricsServer {
public:
    // Listen on `address` and serve `initial` until the first publish(). Port 0 picks a free
    // port (tests; see bound_port()). Fails (naming the address and the system's reason) when
    // the socket cannot be bound.
    static Result<std::unique_ptr<MetricsServer>> start(const ListenAddress& address, std::string initial);

    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;
    ~MetricsServer();

    // Serve `text` from now on.
    void publish(std::string text);
    const ListenAddress& address() const { return m_address; }
    // Returns: the port the socket is bound to.
    std::uint16_t bound_port() const;

    // The request handler's view (called on MHD's thread).
    std::shared_ptr<const std::string> current() const;

private:
    MetricsServer(ListenAddress address, std::string initial);

    ListenAddress m_address;
    mutable std::mutex m_mutex;
    std::shared_ptr<const std::string> m_text;  // guarded by m_mutex
    MHD_Daemon* m_daemon = nullptr;
};

// Write the exposition `text` to `path` atomically (write_file_atomically, mode 0644 so that a
// node_exporter running as another user can read it). Fails naming the path and the reason.
Status write_textfile(const std::string& path, const std::string& text);

}  // namespace porwatch::metrics
