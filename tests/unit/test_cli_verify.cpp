// `porwatch verify` on the real exchange files in ../shared/data/real, with the expected
// outcomes of por-formats.md §9.1.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "porwatch/cli/commands.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::cli;
using namespace porwatch::test;

namespace {

struct Outcome {
    int code = 0;
    std::vector<rapidjson::Document> rows;
    rapidjson::Document summary;
    std::string text;
};

Outcome run_json(Args args)
{
    std::ostringstream out;
    std::ostringstream err;
    args.insert(args.begin(), {"verify", "--format", "jsonl"});
    Outcome outcome;
    outcome.code = run_main(args, {out, err});
    std::istringstream lines(out.str());
    for (std::string line; std::getline(lines, line);) {
        auto doc = parse_json(line);
        if (doc.HasMember("summary"))
            outcome.summary = std::move(doc);
        else
            outcome.rows.push_back(std::move(doc));
    }
    return outcome;
}

std::map<std::string, int> count_by(const Outcome& outcome, const char* key)
{
    std::map<std::string, int> counts;
    for (const auto& row : outcome.rows) ++counts[row[key].GetString()];
    return counts;
}

int summary(const Outcome& outcome, const char* key)
{
    return outcome.summary[key].GetInt();
}

}  // namespace

TEST_SUITE("cli")
{
    TEST_CASE("cli::verify OKX 2022 file: all 33 rows verify (9 multisig, 17 EVM, 7 TRC20)")
    {
        const auto outcome = run_json({shared_path("data/real/okx/okx_por_example_2022-11_7col.csv")});
        CHECK(outcome.code == kExitOk);
        CHECK(outcome.rows.size() == 33);
        CHECK(summary(outcome, "verified") == 33);
        const auto schemes = count_by(outcome, "scheme");
        CHECK(schemes.at("multisig") == 9);
        CHECK(schemes.at("eip191-hash") == 17);
        CHECK(schemes.at("tron-v1") == 7);
        for (const auto& row : outcome.rows) {
            if (std::string(row["scheme"].GetString()) != "multisig") continue;
            CHECK(row["proven"].GetInt() == 2);
            CHECK(row["required"].GetInt() == 2);
        }
    }

    TEST_CASE("cli::verify OKX 2026 BTC sample: 16 P2PKH and 9 P2SH 2-of-3 verify")
    {
        const auto outcome = run_json({shared_path("data/real/okx/okx_por_2026_h961893_address_sample.csv")});
        CHECK(outcome.code == kExitOk);
        CHECK(summary(outcome, "verified") == 25);
        const auto schemes = count_by(outcome, "scheme");
        CHECK(schemes.at("bip137") == 16);
        CHECK(schemes.at("multisig") == 9);
    }

    TEST_CASE("cli::verify OKX 2026 example: contract row is owners-signed, not verified")
    {
        const auto outcome = run_json({shared_path("data/real/okx/okx_por_example_2026_11col.csv")});
        CHECK(outcome.code == kExitOk);
        CHECK(summary(outcome, "verified") == 2);
        CHECK(summary(outcome, "owners_signed") == 1);
        CHECK(summary(outcome, "unsupported") == 2);
    }

    TEST_CASE("cli::verify HTX snapshots: every signed row verifies with the scheme of its message")
    {
        struct Expect {
            const char* file;
            int verified;
            int unsigned_rows;
            int raw;
            int tron_raw32;
        };
        for (const Expect& e :
             {Expect{"huobi_por_20260201.csv", 51, 15, 5, 2}, Expect{"huobi_por_20230701.csv", 66, 3, 36, 3},
              Expect{"huobi_por_20221201_part.csv", 39, 28, 34, 2}}) {
            const auto outcome = run_json({shared_path(std::string("data/real/htx/") + e.file)});
            INFO(e.file);
            CHECK(outcome.code == kExitOk);
            CHECK(summary(outcome, "failed") == 0);
            CHECK(summary(outcome, "verified") == e.verified);
            CHECK(summary(outcome, "unsigned") == e.unsigned_rows);
            const auto schemes = count_by(outcome, "scheme");
            CHECK(schemes.at("keccak-raw") == e.raw);
            CHECK(schemes.at("tron-raw32") == e.tron_raw32);
        }
    }

    TEST_CASE("cli::verify text output, several files, exit codes")
    {
        std::ostringstream out;
        std::ostringstream err;
        const int code =
            run_main({"verify", "--threads", "3", shared_path("data/real/okx/okx_por_example_2022-11_7col.csv"),
                      shared_path("data/real/okx/okx_por_staking_example_12col.csv")},
                     {out, err});
        CHECK(code == kExitVerifyFailed);
        CHECK(out.str().find("total                   36        34       2") != std::string::npos);
        CHECK(out.str().find("okx_por_staking_example_12col.csv:6: 0xabab") != std::string::npos);
        std::ostringstream out2;
        CHECK(run_main({"verify", "/nonexistent/file.csv"}, {out2, err}) == kExitUsage);
        CHECK(run_main({"verify", "--format", "nope", "x.csv"}, {out2, err}) == kExitUsage);
        CHECK(run_main({"verify"}, {out2, err}) == kExitUsage);
    }
}
