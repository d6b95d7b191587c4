// Issue 11 in the one CLI grammar (issue 18): `history --value` in every --format, `status`'s
// prices, with times as ISO 8601 UTC and their `_unix` twins.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "porwatch/cli/exit_codes.hpp"
#include "test_cli_support.hpp"
#include "test_prices_support.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using porwatch::cli::kExitOk;

namespace {

// 10^22 LTC at 70.12345678 USD, in 10^-8 USD: the value of the first snapshot's total.
const std::string kBigUnits = "1000000000000000000000000000000";
const std::string kBigValue = "70123456780000000000000000000000";

// p.db: snapshot 1 (LTC priced) at 1700000100, snapshot 2 (LTC unpriced) at 1700000200.
std::string make_valued_history(const TempDir& dir)
{
    const std::string path = dir.file("p.db");
    auto store = store::Store::open(path);
    REQUIRE(store.ok());
    REQUIRE(store->write_snapshot(valued(1'700'000'100, kBigUnits, true), std::nullopt).ok());
    REQUIRE(store->write_snapshot(valued(1'700'000'200, "250000000", false), std::nullopt).ok());
    return path;
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_SUITE("cli")
{
    TEST_CASE("cli::history --value: table, csv, json and jsonl with ISO times and _unix twins")
    {
        TempDir dir("cli-value");
        const std::string db = make_valued_history(dir);

        const auto jsonl = run_cli({"history", "--db", db, "--value", "--format", "jsonl"});
        REQUIRE(jsonl.code == kExitOk);
        const auto lines = lines_of(jsonl.out);
        REQUIRE(lines.size() == 4);  // two totals, then the total value of each snapshot
        const auto first = parse_json(lines[0]);
        CHECK(std::string(first["kind"].GetString()) == "total");
        CHECK(std::string(first["asset"].GetString()) == "LTC");
        CHECK(std::string(first["taken_at"].GetString()) == "2023-11-14T22:15:00Z");
        CHECK(first["taken_at_unix"].GetInt64() == 1'700'000'100);
        CHECK(std::string(first["value_units"].GetString()) == kBigValue);
        const auto unpriced = parse_json(lines[1]);
        CHECK(unpriced["value_units"].IsNull());  // never a zero
        CHECK(std::string(unpriced["unpriced_reason"].GetString()) == "answer -7012345678 is negative (round 9)");
        const auto total = parse_json(lines[2]);
        CHECK(std::string(total["kind"].GetString()) == "value");
        CHECK(std::string(total["taken_at"].GetString()) == "2023-11-14T22:15:00Z");
        CHECK(total["taken_at_unix"].GetInt64() == 1'700'000'100);
        CHECK(std::string(total["value_units"].GetString()) == kBigValue);
        CHECK(total["complete"].GetBool());
        const auto second = parse_json(lines[3]);
        CHECK(second["taken_at_unix"].GetInt64() == 1'700'000'200);
        CHECK_FALSE(second["complete"].GetBool());
        CHECK(std::string(second["unpriced"].GetString()) == "LTC");

        // Without --value, jsonl stays one plain total per line.
        const auto plain = lines_of(run_cli({"history", "--db", db, "--format", "jsonl"}).out);
        REQUIRE(plain.size() == 2);
        CHECK_FALSE(parse_json(plain[0]).HasMember("kind"));
        CHECK_FALSE(parse_json(plain[0]).HasMember("value_units"));

        const auto json = run_cli({"history", "--db", db, "--value", "--format", "json"});
        REQUIRE(json.code == kExitOk);
        const auto doc = parse_json(json.out);
        REQUIRE(doc["totals"].Size() == 2);
        REQUIRE(doc["values"].Size() == 2);
        CHECK(doc["values"][1]["taken_at_unix"].GetInt64() == 1'700'000'200);
        CHECK(std::string(doc["values"][1]["taken_at"].GetString()) == "2023-11-14T22:16:40Z");
        CHECK(doc["values"][0]["price_height"].GetInt64() == 77);

        const auto csv = lines_of(run_cli({"history", "--db", db, "--value", "--format", "csv"}).out);
        REQUIRE(csv.size() == 5);  // header, two totals, two VALUE rows
        CHECK(csv[0].ends_with(",claim_errors,value_quote,value_units,value,verified_value_units,verified_value,"
                               "unpriced_reason"));
        CHECK(csv[1].find(",USD," + kBigValue + ",") != std::string::npos);
        CHECK(csv[3].rfind("1,2023-11-14T22:15:00Z,complete,VALUE,", 0) == 0);

        const auto table = run_cli({"history", "--db", db, "--value"});
        CHECK(table.out.find("PROVEN VALUE") != std::string::npos);
        CHECK(table.out.find("UNPRICED") != std::string::npos);
        CHECK(table.out.find("TOTAL VALUE") != std::string::npos);
    }

    TEST_CASE("cli::status: the latest value and prices, updatedAt as ISO 8601 with its exact _unix twin")
    {
        TempDir dir("cli-status-value");
        const std::string db = make_valued_history(dir);
        const auto json = run_cli({"status", "--db", db, "--format", "json"});
        CHECK(json.code == kExitOk);  // an unpriced asset does not make the snapshot incomplete
        const auto doc = parse_json(json.out);
        CHECK(doc["latest_value"]["taken_at_unix"].GetInt64() == 1'700'000'200);
        REQUIRE(doc["latest_prices"].Size() == 1);
        const auto& price = doc["latest_prices"][0];
        CHECK(std::string(price["taken_at"].GetString()) == "2023-11-14T22:16:40Z");
        CHECK(price["taken_at_unix"].GetInt64() == 1'700'000'200);
        CHECK(std::string(price["updated_at"].GetString()) == "2023-11-14T21:56:40Z");
        CHECK(price["updated_at_unix"].GetInt64() == 1'699'999'000);

        // An updatedAt no calendar reaches (a feed's garbage, rejected as after the block) is kept
        // exactly: no ISO text, the seconds as an exact JSON number.
        snapshot::Snapshot s = valued(1'700'000'300, "250000000", false);
        s.valuation->prices.prices[0].reading.round->updated_at = Units(1) << 200;
        {
            auto store = store::Store::open(db);
            REQUIRE(store.ok());
            REQUIRE(store->write_snapshot(s, std::nullopt).ok());
        }
        const auto far = run_cli({"status", "--db", db, "--format", "json"});
        CHECK(far.out.find("\"updated_at\":null,\"updated_at_unix\":"
                           "1606938044258990275541962092341162602522202993782792835301376") != std::string::npos);
    }
}
