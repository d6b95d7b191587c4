// The liabilities stage of a cycle: files read and recomputed when their content changes,
// failures kept with FILE:LINE, and the zk verifier run (through a real stand-in program) only
// when what it depends on changed, its failed verdict failing the files.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "porwatch/daemon/liabilities.hpp"
#include "test_liabilities_support.hpp"

using namespace porwatch;
using porwatch::test::liabilities_sample;
using porwatch::test::source_path;

namespace {

struct Dir {
    std::string path;
    Dir()
    {
        char pattern[] = "/tmp/porwatch-liabilities-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~Dir() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const
    {
        std::ofstream(path + "/" + name, std::ios::binary) << text;
        return path + "/" + name;
    }
};

liabilities::Settings settings_for(const std::string& tree)
{
    liabilities::Settings s;
    s.files.push_back({liabilities::Format::bitmex, tree, 3});
    s.bitmex_asset = "BTC";
    return s;
}

}  // namespace

TEST_SUITE("daemon")
{
    TEST_CASE("daemon::LiabilitiesCache reads, hashes and recomputes each file, keeping failures with FILE:LINE")
    {
        Dir dir;
        const std::string sample = liabilities_sample("bitmex/bitmex_pol_example_h100_tree.txt");
        const std::string tree = dir.write("tree.txt", sample);
        liabilities::Settings settings = settings_for(tree);
        settings.files.push_back({liabilities::Format::okx_merkle, dir.path + "/missing.txt", 4});
        daemon::LiabilitiesCache cache;
        auto first = cache.load(settings);
        REQUIRE(first.size() == 2);
        REQUIRE(first[0].verified());
        CHECK(first[0].liabilities->assets[0].net == Units(4000004000ULL));
        CHECK(first[0].sha256.size() == 64);
        CHECK_FALSE(first[1].verified());
        CHECK(first[1].error == "liabilities file " + dir.path + "/missing.txt: no such file");
        dir.write("tree.txt", porwatch::test::replaced(sample, ",1706\n", ",1707\n"));
        auto second = cache.load(settings);
        REQUIRE_FALSE(second[0].verified());
        CHECK(second[0].error.rfind(tree + ":7: value 2039 is not the sum", 0) == 0);
        dir.write("tree.txt", sample);
        CHECK(cache.load(settings)[0].verified());
        CHECK(cache.verifier_runs() == 0);
    }

    TEST_CASE("daemon::LiabilitiesCache runs the zk verifier when something it reads changed, and a failed verdict "
              "fails the files")
    {
        Dir dir;
        const std::string tree = dir.write("tree.txt", liabilities_sample("bitmex/bitmex_pol_example_h100_tree.txt"));
        Dir proofs;
        // The stand-in's proof: its claims and the SHA-256 of their canonical JSON.
        const std::string good =
            R"({"claims":{"BTC":"1","ETH":"2"},"digest":"e477180341d8073d7037841053077c4ebe12a6bde84d5e449d17e76c45d68bec"})";
        proofs.write("global_proof.json", good);
        liabilities::Settings settings = settings_for(tree);
        settings.zk_verifier = liabilities::ZkVerifierSettings{source_path("tests/tools/zk-por-cli-standin.py"),
                                                               {"verify", "--global-proof-path", "global_proof.json"},
                                                               proofs.path,
                                                               30,
                                                               5};
        daemon::LiabilitiesCache cache;
        auto passed = cache.load(settings);
        REQUIRE(passed[0].verified());
        CHECK(passed[0].zk_status == std::optional<liabilities::ZkStatus>(liabilities::ZkStatus::passed));
        CHECK(passed[0].zk_detail.rfind("'result: Ok(())", 0) == 0);
        CHECK(cache.load(settings)[0].verified());
        CHECK(cache.verifier_runs() == 1);  // nothing changed: not run again
        proofs.write("global_proof.json", porwatch::test::replaced(good, R"("ETH":"2")", R"("ETH":"3")") + " ");
        auto failed = cache.load(settings);
        CHECK(cache.verifier_runs() == 2);
        REQUIRE_FALSE(failed[0].verified());
        CHECK(failed[0].zk_status == std::optional<liabilities::ZkStatus>(liabilities::ZkStatus::failed));
        CHECK(failed[0].error.find("zk verifier") != std::string::npos);
        CHECK(failed[0].error.find("'result: Err(InvalidProof)") != std::string::npos);
        CHECK(failed[0].error.find("(exit 0)") != std::string::npos);
    }
}
