// The /metrics server on a real loopback socket (libmicrohttpd), fetched with libcurl.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "porwatch/metrics/exposition.hpp"
#include "porwatch/metrics/server.hpp"
#include "test_store_support.hpp"
#include "test_support.hpp"

using namespace porwatch;

namespace {

struct Reply {
    long status = 0;
    std::string body;
    std::string content_type;
};

std::size_t collect(char* data, std::size_t size, std::size_t n, void* out)
{
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

Reply fetch(std::uint16_t port, const std::string& path, const char* method = "GET")
{
    Reply r;
    CURL* curl = curl_easy_init();
    REQUIRE(curl != nullptr);
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    if (std::string(method) == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    REQUIRE(curl_easy_perform(curl) == CURLE_OK);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    char* type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    if (type) r.content_type = type;
    curl_easy_cleanup(curl);
    return r;
}

std::unique_ptr<metrics::MetricsServer> serve(const std::string& initial)
{
    metrics::ListenAddress at = metrics::parse_listen("127.0.0.1:1").value();
    at.port = 0;  // a free port
    auto server = metrics::MetricsServer::start(at, initial);
    REQUIRE_MESSAGE(server.ok(), (server.ok() ? "" : server.error().message));
    return std::move(*server);
}

// A client that connected and sent half a request, then went quiet (a stuck scraper).
int stalled_client(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    const char partial[] = "GET /metrics HTTP/1.1\r\nHost: x\r\n";
    REQUIRE(::write(fd, partial, sizeof partial - 1) > 0);
    return fd;
}

}  // namespace

TEST_SUITE("metrics")
{
    TEST_CASE("metrics::MetricsServer serves the published text at /metrics, 404 elsewhere, 405 for POST")
    {
        auto server = serve("first 1\n");
        const std::uint16_t port = server->bound_port();
        REQUIRE(port != 0);
        Reply r = fetch(port, "/metrics");
        CHECK(r.status == 200);
        CHECK(r.body == "first 1\n");
        CHECK(r.content_type == metrics::kContentType);
        server->publish("second 2\n");
        CHECK(fetch(port, "/metrics").body == "second 2\n");
        Reply head = fetch(port, "/metrics", "HEAD");
        CHECK(head.status == 200);
        CHECK(head.body.empty());
        CHECK(fetch(port, "/").status == 200);
        CHECK(fetch(port, "/metrics/x").status == 404);
        CHECK(fetch(port, "/metrics", "POST").status == 405);
    }

    TEST_CASE("metrics::MetricsServer: stuck scrapers never block publish(), scrapes see whole texts only")
    {
        auto server = serve("a\n");
        const std::uint16_t port = server->bound_port();
        std::vector<int> stuck;
        for (int i = 0; i < 5; ++i) stuck.push_back(stalled_client(port));
        const std::string a(100000, 'a'), b(100000, 'b');
        std::atomic<bool> done{false};
        std::atomic<int> torn{0}, scrapes{0};
        std::thread scraper([&] {
            while (!done) {
                const Reply r = fetch(port, "/metrics");
                if (r.body != a && r.body != b && r.body != "a\n") ++torn;
                ++scrapes;
            }
        });
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 2000; ++i) server->publish(i % 2 ? a : b);
        const auto took = std::chrono::steady_clock::now() - start;
        while (scrapes < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        done = true;
        scraper.join();
        CHECK(torn == 0);
        CHECK(took < std::chrono::seconds(2));  // 2000 swaps; a blocked publish would hang here
        for (const int fd : stuck) ::close(fd);
    }

    TEST_CASE("metrics::MetricsServer::start fails naming the address when the port is taken")
    {
        auto first = serve("x\n");
        metrics::ListenAddress same = metrics::parse_listen("127.0.0.1:1").value();
        same.port = first->bound_port();
        auto second = metrics::MetricsServer::start(same, "y\n");
        REQUIRE_FALSE(second.ok());
        CHECK(second.error().message ==
              "metrics: cannot listen on 127.0.0.1:" + std::to_string(same.port) + ": Address already in use");
    }

    TEST_CASE("metrics::write_textfile replaces the file atomically, mode 0644 whatever the umask")
    {
        test::TempDir dir("textfile");
        const std::string path = dir.file("porwatch.prom");
        const mode_t old_mask = ::umask(077);
        REQUIRE(metrics::write_textfile(path, "one 1\n").ok());
        REQUIRE(metrics::write_textfile(path, "two 2\n").ok());
        ::umask(old_mask);
        CHECK(test::read_text_file(path) == "two 2\n");
        struct stat info { };
        REQUIRE(::stat(path.c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0644);
        std::size_t files = 0;
        for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
            (void)e;
            ++files;
        }
        CHECK(files == 1);  // no temporary file left behind

        auto missing = metrics::write_textfile(dir.file("no/such/dir/porwatch.prom"), "x\n");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message.find("metrics textfile " + dir.file("no/such/dir/porwatch.prom") +
                                           ": cannot create") == 0);
        CHECK(missing.error().message.find("No such file or directory") != std::string::npos);
    }
}
