#include <doctest/doctest.h>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "porwatch/alert/hook_runner.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::alert;
using porwatch::test::read_text_file;
using porwatch::test::source_path;

namespace {

struct TempDir {
    std::string path;
    TempDir()
    {
        char pattern[] = "/tmp/porwatch-hook-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

std::string hook(const std::string& name)
{
    return source_path("tests/tools/hooks/" + name);
}

HookRequest request_for(const std::string& name, const TempDir& dir)
{
    HookRequest request;
    request.program = hook(name);
    request.args = {dir.path};
    request.payload = R"({"alert":"drop_percent","state":"firing","asset":"LTC"})";
    request.environment = {{"PORWATCH_ALERT", "drop_percent"}, {"PORWATCH_STATE", "firing"}, {"PORWATCH_ASSET", "LTC"}};
    request.timeout = std::chrono::milliseconds{5000};
    return request;
}

bool process_gone(pid_t pid)
{
    // Gone, or a zombie waiting for its new parent to reap it: either way not running.
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return true;
    std::string pid_field, comm, state;
    stat >> pid_field >> comm >> state;
    return state == "Z" || state == "X";
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert::run_hook passes the payload on stdin and only the porwatch environment")
    {
        TempDir dir;
        setenv("PORWATCH_TEST_DAEMON_SECRET", "must-not-leak", 1);
        HookRequest request = request_for("record.sh", dir);
        request.args.push_back("; touch /tmp/porwatch-no-shell $(id)");
        const auto result = run_hook(request);
        unsetenv("PORWATCH_TEST_DAEMON_SECRET");
        REQUIRE(result.ok());
        CHECK(result->succeeded());
        CHECK(result->describe() == "exit 0");
        CHECK(result->output == "recorded " + std::to_string(request.payload.size()) + " bytes\n");
        CHECK(read_text_file(dir.path + "/stdin") == request.payload);

        const std::string env = read_text_file(dir.path + "/env");
        CHECK(env.find("PORWATCH_ALERT=drop_percent\n") != std::string::npos);
        CHECK(env.find("PORWATCH_STATE=firing\n") != std::string::npos);
        CHECK(env.find("PORWATCH_ASSET=LTC\n") != std::string::npos);
        CHECK(env.find("PATH=/usr/local/bin:/usr/bin:/bin\n") != std::string::npos);
        CHECK(env.find("must-not-leak") == std::string::npos);
        CHECK(env.find("HOME=") == std::string::npos);
        // No shell: the metacharacters arrive as one literal argument.
        CHECK(read_text_file(dir.path + "/argv") == dir.path + "\n; touch /tmp/porwatch-no-shell $(id)\n");
        CHECK_FALSE(std::filesystem::exists("/tmp/porwatch-no-shell"));
    }

    TEST_CASE("alert::run_hook kills the hook's process group after the timeout")
    {
        TempDir dir;
        HookRequest request = request_for("sleep.sh", dir);
        request.timeout = std::chrono::milliseconds{500};
        const auto started = std::chrono::steady_clock::now();
        const auto result = run_hook(request);
        REQUIRE(result.ok());
        CHECK(result->outcome == HookOutcome::timed_out);
        CHECK_FALSE(result->succeeded());
        CHECK(result->output == "sleeping\n");
        CHECK(result->duration >= std::chrono::milliseconds{500});
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds{5});
        CHECK(result->describe().rfind("timed out after ", 0) == 0);
        const pid_t grandchild = std::stoi(read_text_file(dir.path + "/grandchild"));
        for (int i = 0; i < 100 && !process_gone(grandchild); ++i) usleep(10'000);
        CHECK(process_gone(grandchild));
    }

    TEST_CASE("alert::run_hook records a non-zero exit code and the hook's stderr")
    {
        TempDir dir;
        const auto result = run_hook(request_for("exit3.sh", dir));
        REQUIRE(result.ok());
        CHECK(result->outcome == HookOutcome::exited);
        CHECK(result->exit_code == 3);
        CHECK_FALSE(result->succeeded());
        CHECK(result->describe() == "exit 3");
        CHECK(result->output == "failing on purpose\n");
    }

    TEST_CASE("alert::run_hook bounds the output it keeps and survives a hook that ignores stdin")
    {
        TempDir dir;
        HookRequest request = request_for("noisy.sh", dir);
        request.payload.assign(1 << 20, 'p');  // far more than a pipe holds: the write hits EPIPE
        request.output_limit = 100;
        const auto result = run_hook(request);
        REQUIRE(result.ok());
        CHECK(result->outcome == HookOutcome::signaled);
        CHECK(result->signal == SIGTERM);
        CHECK(result->output == std::string(100, 'x'));
        CHECK(result->output_truncated);
        CHECK(result->describe() == "killed by signal 15 (Terminated)");
    }

    TEST_CASE("alert::run_hook refuses what it cannot execute")
    {
        TempDir dir;
        HookRequest request = request_for("record.sh", dir);
        request.program = "record.sh";
        CHECK(run_hook(request).error().message.find("absolute path") != std::string::npos);
        request.program = dir.path + "/missing";
        CHECK(run_hook(request).error().message.find("cannot execute: No such file") != std::string::npos);
        request.program = source_path("tests/tools/hooks/../../../README.md");  // not executable
        CHECK(run_hook(request).error().message.find("Permission denied") != std::string::npos);
        request = request_for("record.sh", dir);
        request.environment.emplace_back("PATH", "/tmp");
        CHECK_FALSE(run_hook(request).ok());
    }
}
