// The liabilities features of the CLI follow the one grammar (issue 18): `history --ratio` and
// `status` with --format table|csv|json|jsonl and ISO times with _unix twins, `inclusion` with
// --format (the old --json deprecated), unreadable files named like every other reader.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/snapshot/solvency.hpp"
#include "test_cli_support.hpp"
#include "test_liabilities_support.hpp"
#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;

namespace {

// A complete LTC snapshot at 2023-11-14T22:13:20Z: 4.5 LTC against a verified BitMEX tree owing 3.
void write_ratio_snapshot(const std::string& path)
{
    auto db = store::Store::open(path).value();
    snapshot::Snapshot s;
    s.started_at = 1'700'000'000;
    s.finished_at = s.started_at + 1;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains = {test_chain(address::Chain::litecoin, snapshot::ChainStatus::complete, 150)};
    s.totals = {test_total("LTC", address::Chain::litecoin, 8, "450000000", 1)};
    const liabilities::FileResult tree = verified_bitmex_tree("/srv/ltc.txt", 4, Units(300000000));
    s.liabilities = {tree};
    liabilities::Settings settings;
    settings.bitmex_asset = "LTC";
    const std::vector<config::ConfiguredAsset> assets{{"LTC", address::Chain::litecoin, 8}};
    s.solvency = snapshot::assess_solvency(s, s.liabilities, assets, settings);
    REQUIRE(db.write_snapshot(s, std::nullopt).ok());
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("cli")
{
    TEST_CASE("cli::history --ratio and status: --format table|csv|json|jsonl, ISO times with _unix twins")
    {
        TempDir dir("cli-ratio");
        const std::string db = dir.file("porwatch.db");
        write_ratio_snapshot(db);

        const CliRun jsonl = run_cli({"history", "--db", db, "--ratio", "--asset", "ltc", "--format", "jsonl"});
        CHECK(jsonl.code == cli::kExitOk);
        const auto lines = text_lines(jsonl.out);
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].rfind(R"({"snapshot_id":1,"taken_at":"2023-11-14T22:13:20Z","taken_at_unix":1700000000,)"
                             R"("snapshot_status":"complete","asset":"LTC",)",
                             0) == 0);
        CHECK(contains(lines[0], R"("ratio_percent":"150.00")"));

        const CliRun json = run_cli({"history", "--db", db, "--ratio", "--format", "json"});
        CHECK(json.code == cli::kExitOk);
        CHECK(json.out == "[" + lines[0] + "]\n");

        const CliRun csv = run_cli({"history", "--db", db, "--ratio", "--format", "csv"});
        CHECK(csv.code == cli::kExitOk);
        REQUIRE(text_lines(csv.out).size() == 2);
        CHECK(text_lines(csv.out)[1].rfind("1,2023-11-14T22:13:20Z,complete,LTC,litecoin,ok,150.00,150.00,", 0) == 0);

        const CliRun table = run_cli({"history", "--db", db, "--ratio"});
        CHECK(table.code == cli::kExitOk);
        CHECK(contains(table.out, "2023-11-14T22:13:20Z LTC"));
        CHECK(contains(table.out, "150.00 %"));

        const CliRun bad = run_cli({"history", "--db", db, "--ratio", "--format", "xml"});
        CHECK(bad.code == cli::kExitUsage);
        CHECK(contains(bad.err, "--format xml is not available for history (table, csv, json, jsonl)"));

        const CliRun status = run_cli({"status", "--db", db, "--format", "json"});
        CHECK(status.code == cli::kExitOk);  // the latest snapshot is complete
        CHECK(contains(
            status.out,
            R"("latest_solvency":[{"snapshot_id":1,"taken_at":"2023-11-14T22:13:20Z","taken_at_unix":1700000000,)"));
        CHECK(contains(status.out, R"("latest_liabilities":[{"file":"/srv/ltc.txt","format":"bitmex")"));
        const CliRun status_table = run_cli({"status", "--db", db});
        CHECK(status_table.code == cli::kExitOk);
        CHECK(contains(status_table.out, "liabilities        bitmex /srv/ltc.txt: verified (height 140)"));
    }

    TEST_CASE("cli::inclusion: --format table|json|jsonl, --json deprecated, unreadable files named")
    {
        const std::string proof = shared_path("data/real/liabilities/okx/okx_v1_merkle_proof_file.json");

        const CliRun jsonl = run_cli({"inclusion", proof, "--format", "jsonl"});
        CHECK(jsonl.code == cli::kExitOk);
        const auto lines = text_lines(jsonl.out);
        REQUIRE(lines.size() >= 3);
        CHECK(lines[0].rfind(R"({"result":"proven","text":)", 0) == 0);
        CHECK(contains(jsonl.out, R"({"result":"not_proven","text":)"));
        CHECK(lines.back().rfind(R"({"summary":true,"files":[{"file":")" + proof + R"(","kind":)", 0) == 0);
        CHECK(contains(lines.back(), R"("failed":0,"ok":true})"));

        const CliRun json = run_cli({"inclusion", proof, "--format", "json"});
        CHECK(json.code == cli::kExitOk);
        CHECK(json.err.empty());
        CHECK(json.out.rfind(R"({"files":[{"file":")", 0) == 0);
        CHECK(contains(json.out, R"("failed":[],"ok":true})"));
        const CliRun old = run_cli({"inclusion", "--json", proof});
        CHECK(old.code == cli::kExitOk);
        CHECK(old.out == json.out);
        CHECK(old.err ==
              "porwatch inclusion: --json is deprecated, use --format json (accepted until the next release)\n");

        const CliRun table = run_cli({"inclusion", proof});
        CHECK(table.code == cli::kExitOk);
        CHECK(contains(table.out, "PROVEN      "));

        const CliRun csv = run_cli({"inclusion", proof, "--format", "csv"});
        CHECK(csv.code == cli::kExitUsage);
        CHECK(contains(csv.err, "--format csv is not available for inclusion (table, json, jsonl)"));

        const CliRun missing = run_cli({"inclusion", "/nonexistent/proof.json"});
        CHECK(missing.code == cli::kExitUsage);
        CHECK(missing.err == "porwatch inclusion: liabilities file /nonexistent/proof.json: no such file\n");
    }
}
