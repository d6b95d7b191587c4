#include <doctest/doctest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "porwatch/alert/webhook.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::alert;
using porwatch::test::parse_json;
using porwatch::test::read_text_file;
using porwatch::test::source_path;

namespace {

constexpr const char* kSecret = "It's a Secret to Everybody";

// tests/tools/webhook-receiver.py as a real process on a kernel-chosen loopback port, stopped
// by PID when the test ends.
class Receiver {
public:
    explicit Receiver(std::vector<std::string> extra = {}, const std::string& secret = kSecret)
    {
        char pattern[] = "/tmp/porwatch-webhook-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        m_dir = pattern;
        std::ofstream(m_dir + "/secret") << secret << "\n";
        std::vector<std::string> args{"/usr/bin/python3",
                                      source_path("tests/tools/webhook-receiver.py"),
                                      "--secret-file",
                                      m_dir + "/secret",
                                      "--port-file",
                                      m_dir + "/port",
                                      "--log",
                                      m_dir + "/log"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (std::string& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        REQUIRE(posix_spawn(&m_pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
        for (int i = 0; i < 1000 && !std::filesystem::exists(m_dir + "/port"); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds{10});
        }
        REQUIRE_MESSAGE(std::filesystem::exists(m_dir + "/port"), "the receiver did not start");
        m_port = read_text_file(m_dir + "/port");
    }
    ~Receiver()
    {
        stop();
        std::filesystem::remove_all(m_dir);
    }
    void stop()
    {
        if (m_pid <= 0) return;
        kill(m_pid, SIGTERM);
        waitpid(m_pid, nullptr, 0);
        m_pid = -1;
    }
    std::string url(const std::string& scheme = "http") const
    {
        return scheme + "://127.0.0.1:" + m_port + "/hooks/porwatch";
    }
    std::vector<rapidjson::Document> requests() const
    {
        std::vector<rapidjson::Document> out;
        if (!std::filesystem::exists(m_dir + "/log")) return out;
        std::istringstream lines(read_text_file(m_dir + "/log"));
        for (std::string line; std::getline(lines, line);) out.push_back(parse_json(line));
        return out;
    }

private:
    std::string m_dir;
    std::string m_port;
    pid_t m_pid = -1;
};

WebhookRequest request_to(const std::string& url)
{
    WebhookRequest request;
    request.url = url;
    request.body = R"({"alert":"drop_percent","state":"firing","asset":"LTC","current_units":"1250000000"})";
    request.delivery_id = "42-1";
    request.timeout = std::chrono::milliseconds{5000};
    return request;
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert::webhook_signature matches GitHub's documented example")
    {
        const auto secret = WebhookSecret::from_string(kSecret);
        CHECK(webhook_signature(secret, "Hello, World!") ==
              "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    TEST_CASE("alert::WebhookSecret load strips one newline and never shows the secret")
    {
        char pattern[] = "/tmp/porwatch-secret-XXXXXX";
        const int fd = mkstemp(pattern);
        REQUIRE(fd >= 0);
        close(fd);
        std::ofstream(pattern) << kSecret << "\n";
        const auto secret = WebhookSecret::load(pattern);
        REQUIRE(secret.ok());
        CHECK(secret->bytes().size() == std::strlen(kSecret));
        std::ofstream(pattern, std::ios::trunc) << "\n";
        const auto empty = WebhookSecret::load(pattern);
        REQUIRE_FALSE(empty.ok());
        CHECK(empty.error().message == "webhook_secret_file " + std::string(pattern) + ": the secret is empty");
        std::filesystem::remove(pattern);
        const auto missing = WebhookSecret::load(pattern);
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message == "webhook_secret_file " + std::string(pattern) + ": no such file");
    }

    TEST_CASE("alert::validate_webhook_url wants https, or http to loopback only")
    {
        CHECK(validate_webhook_url("https://hooks.example.com/porwatch").ok());
        CHECK(validate_webhook_url("http://127.0.0.1:8080/x").ok());
        CHECK(validate_webhook_url("http://localhost/x").ok());
        CHECK(validate_webhook_url("http://[::1]:9000/").ok());
        const Status plain = validate_webhook_url("http://hooks.example.com/services/T0/B0/SECRETTOKEN");
        REQUIRE_FALSE(plain.ok());
        CHECK(plain.error().message.find("SECRETTOKEN") == std::string::npos);
        CHECK(plain.error().message.find("use https") != std::string::npos);
        CHECK_FALSE(validate_webhook_url("ftp://127.0.0.1/x").ok());
        CHECK_FALSE(validate_webhook_url("not a url").ok());
    }

    TEST_CASE("alert::send_webhook posts the signed body, a real receiver verifies the HMAC")
    {
        Receiver receiver;
        const WebhookRequest request = request_to(receiver.url());
        const auto result = send_webhook(request, WebhookSecret::from_string(kSecret));
        REQUIRE(result.ok());
        CHECK(result->delivered());
        CHECK(result->http_status == 200);
        CHECK(result->describe() == "HTTP 200");
        const auto seen = receiver.requests();
        REQUIRE(seen.size() == 1);
        CHECK(seen[0]["signature_ok"].GetBool());
        CHECK(std::string(seen[0]["body"].GetString()) == request.body);
        CHECK(std::string(seen[0]["delivery"].GetString()) == "42-1");
        CHECK(std::string(seen[0]["content_type"].GetString()) == "application/json");
        CHECK(std::string(seen[0]["path"].GetString()) == "/hooks/porwatch");
        CHECK(std::string(seen[0]["user_agent"].GetString()).rfind("porwatch/", 0) == 0);
    }

    TEST_CASE("alert::send_webhook a wrong secret is rejected by the receiver and not retryable")
    {
        Receiver receiver;
        const auto result = send_webhook(request_to(receiver.url()), WebhookSecret::from_string("wrong"));
        REQUIRE(result.ok());
        CHECK(result->outcome == WebhookOutcome::rejected);
        CHECK(result->http_status == 401);
        CHECK_FALSE(result->retryable());
        CHECK(result->describe() == R"(HTTP 401: {"error":"nope"})");
        CHECK_FALSE(receiver.requests().at(0)["signature_ok"].GetBool());
    }

    TEST_CASE("alert::send_webhook a 503 is retryable, and the retry is delivered")
    {
        Receiver receiver({"--statuses", "503,200"});
        const auto secret = WebhookSecret::from_string(kSecret);
        const auto first = send_webhook(request_to(receiver.url()), secret);
        REQUIRE(first.ok());
        CHECK(first->outcome == WebhookOutcome::retry);
        CHECK(first->retryable());
        const auto second = send_webhook(request_to(receiver.url()), secret);
        REQUIRE(second.ok());
        CHECK(second->delivered());
        const auto seen = receiver.requests();
        REQUIRE(seen.size() == 2);
        CHECK(std::string(seen[0]["delivery"].GetString()) == std::string(seen[1]["delivery"].GetString()));
    }

    TEST_CASE("alert::send_webhook a receiver that is down or too slow is a transport error")
    {
        const auto secret = WebhookSecret::from_string(kSecret);
        std::string url;
        {
            Receiver receiver;
            url = receiver.url();
        }
        const auto down = send_webhook(request_to(url), secret);
        REQUIRE(down.ok());
        CHECK(down->outcome == WebhookOutcome::transport_error);
        CHECK(down->http_status == 0);
        CHECK(down->retryable());
        CHECK(down->describe().find("(curl 7)") != std::string::npos);

        Receiver slow({"--delay", "3"});
        WebhookRequest request = request_to(slow.url());
        request.timeout = std::chrono::milliseconds{500};
        const auto started = std::chrono::steady_clock::now();
        const auto late = send_webhook(request, secret);
        REQUIRE(late.ok());
        CHECK(late->outcome == WebhookOutcome::transport_error);
        CHECK(late->describe().find("(curl 28)") != std::string::npos);
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds{3});
    }

    TEST_CASE("alert::send_webhook verifies TLS: a self-signed receiver is refused")
    {
        Receiver receiver({"--tls"});
        const auto result = send_webhook(request_to(receiver.url("https")), WebhookSecret::from_string(kSecret));
        REQUIRE(result.ok());
        CHECK(result->outcome == WebhookOutcome::transport_error);
        CHECK(result->describe().find("(curl 60)") != std::string::npos);  // CURLE_PEER_FAILED_VERIFICATION
        CHECK(receiver.requests().empty());
    }

    TEST_CASE("alert::send_webhook refuses plain http to a remote host before connecting")
    {
        const auto result = send_webhook(request_to("http://192.0.2.1/x"), WebhookSecret::from_string(kSecret));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message.find("use https") != std::string::npos);
    }
}
