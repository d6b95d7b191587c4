#include "porwatch/metrics/server.hpp"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "porwatch/metrics/exposition.hpp"
#include "porwatch/util/atomic_file.hpp"

namespace porwatch::metrics {
namespace {

constexpr std::string_view kIndex = "porwatch: Prometheus metrics at /metrics\n";

MHD_Result respond(MHD_Connection* connection, unsigned status, std::string_view body, const char* type)
{
    // MUST_COPY: MHD owns its copy, so the published text may be swapped during the send.
    MHD_Response* response =
        MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
    if (response == nullptr) return MHD_NO;
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED) MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    const MHD_Result queued = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return queued;
}

MHD_Result handle(void* cls, MHD_Connection* connection, const char* url, const char* method, const char* /*version*/,
                  const char* /*upload_data*/, std::size_t* upload_size, void** /*request_state*/)
{
    const auto& server = *static_cast<const MetricsServer*>(cls);
    const std::string_view m(method);
    if (m != MHD_HTTP_METHOD_GET && m != MHD_HTTP_METHOD_HEAD) {
        *upload_size = 0;  // a body is never read
        return respond(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n", "text/plain; charset=utf-8");
    }
    const std::string_view path(url);
    if (path == "/metrics") {
        const std::shared_ptr<const std::string> text = server.current();
        return respond(connection, MHD_HTTP_OK, *text, kContentType);
    }
    if (path == "/") return respond(connection, MHD_HTTP_OK, kIndex, "text/plain; charset=utf-8");
    return respond(connection, MHD_HTTP_NOT_FOUND, "not found: try /metrics\n", "text/plain; charset=utf-8");
}

}  // namespace

MetricsServer::MetricsServer(ListenAddress address, std::string initial)
    : m_address(std::move(address)), m_text(std::make_shared<const std::string>(std::move(initial)))
{ }

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const ListenAddress& address, std::string initial)
{
    std::unique_ptr<MetricsServer> server(new MetricsServer(address, std::move(initial)));
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    const sockaddr* where = nullptr;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD;
    if (address.ipv6) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(address.port);
        if (::inet_pton(AF_INET6, address.host.c_str(), &v6.sin6_addr) != 1) {
            return Error{"metrics: bad IPv6 address " + address.host};
        }
        where = reinterpret_cast<const sockaddr*>(&v6);
        flags |= MHD_USE_IPv6;
    } else {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(address.port);
        if (::inet_pton(AF_INET, address.host.c_str(), &v4.sin_addr) != 1) {
            return Error{"metrics: bad IPv4 address " + address.host};
        }
        where = reinterpret_cast<const sockaddr*>(&v4);
    }
    errno = 0;
    server->m_daemon =
        MHD_start_daemon(flags, address.port, nullptr, nullptr, &handle, server.get(), MHD_OPTION_SOCK_ADDR, where,
                         MHD_OPTION_CONNECTION_LIMIT, 32u, MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
    if (server->m_daemon == nullptr) {
        const int err = errno;
        return Error{"metrics: cannot listen on " + address.text() + ": " +
                     (err != 0 ? std::string(std::strerror(err)) : std::string("libmicrohttpd refused to start"))};
    }
    return server;
}

std::uint16_t MetricsServer::bound_port() const
{
    const MHD_DaemonInfo* info = MHD_get_daemon_info(m_daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info != nullptr ? info->port : m_address.port;
}

MetricsServer::~MetricsServer()
{
    if (m_daemon != nullptr) MHD_stop_daemon(m_daemon);
}

void MetricsServer::publish(std::string text)
{
    auto next = std::make_shared<const std::string>(std::move(text));
    std::lock_guard<std::mutex> lock(m_mutex);
    m_text.swap(next);
}  // the old text is freed here, or by the last request still sending a copy of the pointer

std::shared_ptr<const std::string> MetricsServer::current() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_text;
}

Status write_textfile(const std::string& path, const std::string& text)
{
    Status written = write_file_atomically(path, text, 0644);  // public figures: others may read
    if (!written) return Error{"metrics textfile " + written.error().message};
    return Ok{};
}

}  // namespace porwatch::metrics
