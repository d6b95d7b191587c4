// The zk verifier's verdict: read from its result lines, never from the exit code alone; run
// without a shell through tests/tools/zk-por-cli-standin.py, which behaves like zk-por-cli
// (prints "result: Ok(())" or "result: Err(…)" and exits 0 either way).
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "porwatch/liabilities/zk_verifier.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::liabilities;
using porwatch::test::source_path;

namespace {

ProcessResult exited(int code, std::string output)
{
    ProcessResult r;
    r.outcome = ProcessOutcome::exited;
    r.exit_code = code;
    r.output = std::move(output);
    return r;
}

struct ProofDir {
    std::string path;
    ProofDir()
    {
        char pattern[] = "/tmp/porwatch-zk-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~ProofDir() { std::filesystem::remove_all(path); }
    // The stand-in's proof: the claims and the SHA-256 of their canonical JSON.
    void write(const std::string& claims, const std::string& digest) const
    {
        std::ofstream(path + "/global_proof.json") << R"({"claims":)" << claims << R"(,"digest":")" << digest << "\"}";
    }
};

ZkVerifierSettings standin(const ProofDir& dir, std::vector<std::string> extra = {})
{
    ZkVerifierSettings s;
    s.program = source_path("tests/tools/zk-por-cli-standin.py");
    s.args = {"verify", "--global-proof-path", "global_proof.json"};
    s.args.insert(s.args.end(), extra.begin(), extra.end());
    s.working_directory = dir.path;
    s.timeout_s = 20;
    return s;
}

// sha256 of {"BTC":"1","ETH":"2"} (json.dumps with sort_keys and no spaces).
const std::string kClaims = R"({"BTC":"1","ETH":"2"})";
const std::string kDigest = "e477180341d8073d7037841053077c4ebe12a6bde84d5e449d17e76c45d68bec";

}  // namespace

TEST_SUITE("liabilities")
{
    TEST_CASE("liabilities::judge_verifier_output passes only on a success line, no failure line and exit 0")
    {
        CHECK(judge_verifier_output(exited(0, "start\nresult: Ok(()), elapsed: 1.2s\n")).status == ZkStatus::passed);
        CHECK(
            judge_verifier_output(exited(0, "account merkle tree root is ab\nAll proofs verify passed!!!\n")).status ==
            ZkStatus::passed);
        CHECK(judge_verifier_output(
                  exited(0, "successfully verify the global proof for round 0, total exchange users' equity is 1\n"))
                  .status == ZkStatus::passed);
        const ZkVerdict err = judge_verifier_output(exited(0, "result: Err(InvalidProof), elapsed: 3ms\n"));
        CHECK(err.status == ZkStatus::failed);
        CHECK(err.detail == "'result: Err(InvalidProof), elapsed: 3ms' (exit 0)");
        const ZkVerdict silent = judge_verifier_output(exited(0, "working…\n"));
        CHECK(silent.status == ZkStatus::failed);
        CHECK(silent.detail.find("no result line") != std::string::npos);
        // Binance's verifier can print its success line after a failed batch: any failure wins.
        CHECK(judge_verifier_output(exited(0, "proof verify failed: 7 bad\nAll proofs verify passed!!!\n")).status ==
              ZkStatus::failed);
        CHECK(judge_verifier_output(exited(0, "Total sum and non-negative constraint validation passed\n"
                                              "Inclusion constraint validation failed\n"))
                  .status == ZkStatus::failed);
        CHECK(judge_verifier_output(exited(2, "All proofs verify passed!!!\npanic: late\n")).status ==
              ZkStatus::failed);
        CHECK(judge_verifier_output(exited(1, "result: Ok(())\n")).detail == "'result: Ok(())' but exit 1");
        ProcessResult truncated = exited(0, "result: Ok(())\n");
        truncated.output_truncated = true;
        CHECK(judge_verifier_output(truncated).status == ZkStatus::failed);
        ProcessResult killed = exited(0, "result: Ok(())\n");
        killed.outcome = ProcessOutcome::timed_out;
        CHECK(judge_verifier_output(killed).status == ZkStatus::failed);
    }

    TEST_CASE("liabilities::run_zk_verifier runs a real program without a shell and reads its result line")
    {
        ProofDir dir;
        dir.write(kClaims, kDigest);
        const ZkVerdict good = run_zk_verifier(standin(dir));
        CHECK(good.status == ZkStatus::passed);
        CHECK(good.detail.rfind("'result: Ok(())", 0) == 0);

        dir.write(R"({"BTC":"1","ETH":"3"})", kDigest);
        const ZkVerdict bad = run_zk_verifier(standin(dir));
        CHECK(bad.status == ZkStatus::failed);
        CHECK(bad.detail.rfind("'result: Err(InvalidProof)", 0) == 0);
        CHECK(bad.detail.find("(exit 0)") != std::string::npos);  // exits 0 on failure, as zk-por-cli does

        CHECK(run_zk_verifier(standin(dir, {"--silent"})).detail.find("no result line") != std::string::npos);
        ZkVerifierSettings slow = standin(dir, {"--sleep", "30"});
        slow.timeout_s = 1;
        CHECK(run_zk_verifier(slow).detail.find("timed out") != std::string::npos);
        ZkVerifierSettings elsewhere = standin(dir);
        elsewhere.working_directory = dir.path + "/missing";
        CHECK(run_zk_verifier(elsewhere).status == ZkStatus::failed);
        ZkVerifierSettings relative = standin(dir);
        relative.program = "zk-por-cli";
        CHECK(run_zk_verifier(relative).detail.find("absolute path") != std::string::npos);
    }
}
