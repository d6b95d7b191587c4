// `porwatch verify`: every JSON line parses (also for input that is not UTF-8), claim errors
// are row errors (exit 1), each file's distinct messages are listed, message policies apply.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "porwatch/cli/commands.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::cli;
using namespace porwatch::test;

namespace {

struct Run {
    int code = 0;
    std::string out;
    std::string err;
};

Run run(Args args)
{
    std::ostringstream out, err;
    args.insert(args.begin(), "verify");
    const int code = run_main(args, {out, err});
    return {code, out.str(), err.str()};
}

// Every line must be JSON, and valid UTF-8 (RapidJSON's validating parse).
std::vector<rapidjson::Document> json_lines(const std::string& text)
{
    std::vector<rapidjson::Document> docs;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        rapidjson::Document doc;
        doc.Parse<rapidjson::kParseValidateEncodingFlag>(line.c_str(), line.size());
        INFO(line);
        REQUIRE_FALSE(doc.HasParseError());
        docs.push_back(std::move(doc));
    }
    return docs;
}

std::string write_temp(const std::string& name, const std::string& text)
{
    const auto dir = std::filesystem::temp_directory_path() / ("porwatch-verify-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

const std::string kNative = "chain,network,address,asset,message,signatures,script,scheme,label\n";

}  // namespace

TEST_SUITE("cli")
{
    TEST_CASE("cli::verify --format jsonl: invalid UTF-8 in an address is a row error and every line still parses")
    {
        const std::string file =
            write_temp("utf8.csv", kNative + "ethereum,,0x0cdcdb19a857c2ac24818ca4fdfe38cce071483\xff,ETH,"
                                             "m\xc3,0xsig,,,lab\xfe"
                                             "el\n");
        const auto r = run({"--format", "jsonl", file});
        CHECK(r.code == kExitVerifyFailed);
        const auto docs = json_lines(r.out);
        REQUIRE(docs.size() == 2);
        CHECK(std::string(docs[0]["status"].GetString()) == "failed");
        CHECK(std::string(docs[0]["reason"].GetString()) ==
              "column 'address' is not valid UTF-8 (byte 0xff at offset 41)");
        CHECK(std::string(docs[0]["address"].GetString()) == "0x0cdcdb19a857c2ac24818ca4fdfe38cce071483\xEF\xBF\xBD");
        CHECK(docs[1]["failed"].GetInt() == 1);
        // The message list of the summary is JSON too (the message is not UTF-8 either).
        CHECK(std::string(docs[1]["messages"][0]["message"].GetString()) == "m\xEF\xBF\xBD");
        // Text output names FILE:LINE.
        CHECK(run({file}).out.find(file + ":2: ") != std::string::npos);
    }

    TEST_CASE("cli::verify: a claim that does not parse is a row error with FILE:LINE (exit 1)")
    {
        const std::string header = "coin,address,snapshot height,balance,message,signature\n";
        const std::string file =
            write_temp("claims.csv", header + "ETH,0x0cdcdb19a857c2ac24818ca4fdfe38cce071483e,100,1e3,-,-\n"
                                              "ETH,0x0cdcdb19a857c2ac24818ca4fdfe38cce071483e,100,5,-,-\n"
                                              "ETH,0x0cdcdb19a857c2ac24818ca4fdfe38cce071483e,100,\"1,000\",-,-\n");
        const auto text = run({file});
        CHECK(text.code == kExitVerifyFailed);  // no signature failed: the claims alone fail the file
        CHECK(text.out.find("\nclaim errors:\n" + file +
                            ":2: 0x0cdcdb19a857c2ac24818ca4fdfe38cce071483e: claimed amount: "
                            "amount '1e3' is not a plain decimal") != std::string::npos);
        CHECK(text.out.find(file + ":4: ") != std::string::npos);
        CHECK(text.out.find(file + ":3: ") == std::string::npos);
        const auto docs = json_lines(run({"--format", "jsonl", file}).out);
        REQUIRE(docs.size() == 4);
        CHECK(docs[0].HasMember("claim_error"));
        CHECK_FALSE(docs[1].HasMember("claim_error"));
        CHECK(docs[3]["claim_errors"].GetInt() == 2);
        CHECK(docs[3]["unsigned"].GetInt() == 3);
    }

    TEST_CASE("cli::verify lists each file's distinct signed messages with their row counts")
    {
        const std::string htx = shared_path("data/real/htx/huobi_por_20230701.csv");
        const auto text = run({htx});
        CHECK(text.code == kExitOk);
        CHECK(text.out.find("signed messages:\n  " + htx +
                            "\n          43 rows \"King will be back!\"\n"
                            "          23 rows \"huobi\"\n           2 rows \"6DcZbFpug1664269042\"\n") !=
              std::string::npos);
        const auto docs = json_lines(run({"--format", "jsonl", htx}).out);
        const auto& messages = docs.back()["messages"];
        REQUIRE(messages.Size() == 3);
        CHECK(std::string(messages[0]["message"].GetString()) == "King will be back!");
        CHECK(messages[0]["rows"].GetInt() == 43);
        CHECK(std::string(messages[0]["file"].GetString()) == htx);
    }

    TEST_CASE("cli::verify --message and [book] policies: a verified signature over another text fails")
    {
        const std::string htx = shared_path("data/real/htx/huobi_por_20230701.csv");
        const auto policy = run({"--format", "jsonl", "--message", "King will be back!", htx});
        CHECK(policy.code == kExitVerifyFailed);
        const auto docs = json_lines(policy.out);
        CHECK(docs.back()["verified"].GetInt() == 43);
        CHECK(docs.back()["failed"].GetInt() == 23);  // the 2 "6DcZ…" rows are unsupported coins
        for (const auto& row : docs) {
            if (!row.HasMember("status") || std::string(row["status"].GetString()) != "failed") continue;
            CHECK(std::string(row["reason"].GetString()) == "message does not match the policy");
        }
        // The same through a config's [book "PATH"] section; an alternation admits all three.
        const std::string conf =
            write_temp("p.conf", "addresses = " + htx + "\n[book \"" + htx +
                                     "\"]\nmessage = King will be back!|huobi|6DcZbFpug1664269042\n");
        const auto ok = run({"--format", "jsonl", "--config", conf});
        CHECK(ok.code == kExitOk);
        CHECK(json_lines(ok.out).back()["verified"].GetInt() == 66);
        const auto dated = run({"--message-max-age", "400d", htx});
        CHECK(dated.code == kExitVerifyFailed);
        CHECK(dated.out.find("message carries no ISO date (YYYY-MM-DD), required by message_max_age") !=
              std::string::npos);
        CHECK(run({"--message", "([a-z]", htx}).code == kExitUsage);
        CHECK(run({"--message-max-age", "1y", htx}).code == kExitUsage);
        CHECK(run({"--config", conf, "--message", "x"}).code == kExitUsage);
    }
}
