// Issue 18: one grammar (--format everywhere, the deprecated spellings, --db/--config and the
// default config path), read-only readers, status's exit code, the instance lock.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "porwatch/cli/commands.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/daemon/instance_lock.hpp"
#include "test_cli_support.hpp"
#include "test_store_support.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::cli;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;

namespace {

CliRun run(const Args& args)
{
    return run_cli(args);
}

void write_text(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

bool exists(const std::string& path)
{
    struct stat info { };
    return ::stat(path.c_str(), &info) == 0;
}

// A database with a complete snapshot (BTC and ETH on chain id 31337) and, when `last_failed`,
// a failed one after it.
void make_history(const std::string& path, bool last_failed)
{
    auto db = store::Store::open(path).value();
    snapshot::Snapshot s;
    s.started_at = 1'767'225'600;  // 2026-01-01T00:00:00Z
    s.finished_at = s.started_at + 3;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains = {test_chain(Chain::bitcoin, ChainStatus::complete, 800000),
                test_chain(Chain::ethereum, ChainStatus::complete, 19000000)};
    s.totals = {test_total("BTC", Chain::bitcoin, 8, "150000000", 1), test_total("ETH", Chain::ethereum, 18, "5", 1)};
    REQUIRE(db.write_snapshot(s, std::nullopt).ok());
    if (!last_failed) return;
    snapshot::Snapshot f;
    f.started_at = s.started_at + 600;
    f.finished_at = f.started_at + 1;
    f.status = snapshot::SnapshotStatus::failed;
    REQUIRE(db.write_snapshot(f, std::nullopt, "litecoind down").ok());
}

}  // namespace

TEST_SUITE("cli")
{
    TEST_CASE("store::Store::open_readonly refuses what is not a porwatch database and writes nothing")
    {
        TempDir dir("readonly");
        using store::StoreError;
        const auto missing = store::Store::open_readonly(dir.file("nope.db"));
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().is(StoreError::missing));
        CHECK(missing.error().message == "no database at " + dir.file("nope.db"));
        CHECK_FALSE(exists(dir.file("nope.db")));

        write_text(dir.file("empty.db"), "");
        const auto empty = store::Store::open_readonly(dir.file("empty.db"));
        REQUIRE_FALSE(empty.ok());
        CHECK(empty.error().is(StoreError::not_porwatch));
        CHECK(empty.error().message == dir.file("empty.db") + " is not a porwatch database (an empty file)");
        CHECK(std::filesystem::file_size(dir.file("empty.db")) == 0);
        CHECK_FALSE(exists(dir.file("empty.db-wal")));
        CHECK_FALSE(exists(dir.file("empty.db-shm")));

        write_text(dir.file("notes.txt"), "hello, this is not SQLite\n");
        CHECK(store::Store::open_readonly(dir.file("notes.txt")).error().message.find("(not an SQLite database)") !=
              std::string::npos);
        std::filesystem::create_directory(dir.file("subdir"));
        CHECK(store::Store::open_readonly(dir.file("subdir")).error().is(StoreError::not_porwatch));

        {  // an SQLite file of another program
            store::OpenOptions none;
            none.migrate_to = 0;
            (void)store::Store::open(dir.file("other.db"), none).value();
        }
        const auto other = store::Store::open_readonly(dir.file("other.db"));
        REQUIRE_FALSE(other.ok());
        CHECK(other.error().message.find("without porwatch's tables") != std::string::npos);

        store::OpenOptions old;
        old.migrate_to = 4;
        (void)store::Store::open(dir.file("v4.db"), old).value();
        const auto v4 = store::Store::open_readonly(dir.file("v4.db"));
        REQUIRE_FALSE(v4.ok());
        CHECK(v4.error().is(StoreError::too_old));
        CHECK(sql_one(dir.file("v4.db"), "PRAGMA user_version") == "4");  // not migrated

        make_history(dir.file("p.db"), false);
        sql_rows(dir.file("p.db"), "PRAGMA user_version = 999");
        CHECK(store::Store::open_readonly(dir.file("p.db")).error().is(StoreError::too_new));
    }

    TEST_CASE("cli readers: status exits 3 unless the latest snapshot is complete, history --asset any case")
    {
        TempDir dir("readers");
        const std::string good = dir.file("good.db");
        const std::string bad = dir.file("bad.db");
        make_history(good, false);
        make_history(bad, true);
        // The writer keeps -wal and -shm (persistent WAL) for readers who may not create them.
        CHECK(exists(good + "-wal"));
        CHECK(exists(good + "-shm"));
        const auto listing = [&] {
            std::vector<std::string> names;
            for (const auto& e : std::filesystem::directory_iterator(dir.file(".")))
                names.push_back(e.path().filename());
            std::sort(names.begin(), names.end());
            return names;
        };
        const auto before = listing();
        const auto ok = run({"status", "--db", good});
        CHECK(ok.code == kExitOk);
        const auto failed = run({"status", "--db", bad});
        CHECK(failed.code == kExitIncomplete);
        CHECK(failed.out.find("latest snapshot is not complete (exit 3)") != std::string::npos);
        const auto json = run({"status", "--db", bad, "--format", "json"});
        CHECK(json.code == kExitIncomplete);
        const auto doc = parse_json(json.out);
        CHECK_FALSE(doc["latest_complete"].GetBool());
        CHECK(std::string(doc["last_failed"]["started_at"].GetString()) == "2026-01-01T00:10:00Z");
        CHECK(doc["last_failed"]["started_at_unix"].GetInt64() == 1'767'226'200);
        CHECK(run({"status", "--db", bad, "--format", "csv"}).err ==
              "porwatch status: --format csv is not available for status (table, json, jsonl)\n");
        CHECK(run({"status", "--db", dir.file("missing.db")}).code == kExitUsage);
        CHECK(run({"status", "--db", good, "--config", "x.conf"}).err ==
              "porwatch status: give --config or --db, not both\n");

        const auto eth = run({"history", "--db", good, "--asset", "eth", "--format", "jsonl"});
        CHECK(eth.code == kExitOk);
        const auto row = parse_json(eth.out);
        CHECK(std::string(row["asset"].GetString()) == "ETH");
        CHECK(std::string(row["network"].GetString()) == "31337");  // an EVM chain's network is its chain id
        CHECK(std::string(row["taken_at"].GetString()) == "2026-01-01T00:00:00Z");
        CHECK(row["taken_at_unix"].GetInt64() == 1'767'225'600);
        CHECK(sql_one(good, "SELECT network FROM snapshot_chains WHERE chain = 'ethereum'") == "31337");
        const auto lines = run({"history", "--db", good, "--format", "jsonl"}).out;
        CHECK(std::count(lines.begin(), lines.end(), '\n') == 2);
        CHECK(run({"history", "--db", good, "--since", "3600"}).err.find("bad time '3600'") != std::string::npos);
        // Readers created nothing (a missing.db, a journal, …).
        CHECK(listing() == before);
    }

    TEST_CASE("cli readers: alerts takes --db and --format jsonl, PORWATCH_CONFIG is the default config")
    {
        TempDir dir("alerts-db");
        const std::string db = dir.file("p.db");
        make_history(db, false);
        const auto table = run({"alerts", "--db", db});
        CHECK(table.code == kExitOk);
        CHECK(table.out.find("alert states (0)") != std::string::npos);
        CHECK(run({"alerts", "--db", db, "--format", "jsonl"}).out.empty());
        CHECK(run({"alerts", "--db", db, "--format", "json"}).out == "{\"states\":[],\"deliveries\":[]}\n");

        write_text(dir.file("p.conf"), "database = p.db\n");  // relative: next to the config
        ::setenv("PORWATCH_CONFIG", dir.file("p.conf").c_str(), 1);
        const auto status = run({"status"});
        ::unsetenv("PORWATCH_CONFIG");
        CHECK(status.code == kExitOk);
        CHECK(status.out.find("snapshots          1") != std::string::npos);
        const auto fallback = run({"status"});  // /etc/porwatch/porwatch.conf, absent here
        CHECK(fallback.code == kExitUsage);
        CHECK(fallback.err == "porwatch status: config file /etc/porwatch/porwatch.conf: no such file\n");
    }

    TEST_CASE("cli::verify: --layout and --format, the old --json and --format okx with a deprecation notice")
    {
        const std::string htx = shared_path("data/real/htx/huobi_por_20221201_part.csv");
        const auto jsonl = run({"verify", "--format", "jsonl", htx});
        const auto old_json = run({"verify", "--json", htx});
        CHECK(old_json.out == jsonl.out);
        CHECK(old_json.code == jsonl.code);
        CHECK(old_json.err ==
              "porwatch verify: --json is deprecated, use --format jsonl (accepted until the next release)\n");
        const auto old_layout = run({"verify", "--format", "htx", htx});
        CHECK(old_layout.err ==
              "porwatch verify: --format htx is deprecated, use --layout htx (accepted until the next release)\n");
        CHECK(old_layout.out == run({"verify", "--layout", "htx", htx}).out);
        CHECK(run({"verify", "--layout", "okx", htx}).code == kExitUsage);  // an HTX file is not OKX's layout
        CHECK(run({"verify", "--layout", "nope", htx}).code == kExitUsage);
        CHECK(run({"verify", "--format", "xml", htx}).err ==
              "porwatch verify: --format xml is not available for verify (table, csv, json, jsonl)\n");
        const auto json = run({"verify", "--format", "json", htx});
        const auto doc = parse_json(json.out);
        REQUIRE(doc["rows"].IsArray());
        CHECK(doc["rows"].Size() + 1 == static_cast<unsigned>(std::count(jsonl.out.begin(), jsonl.out.end(), '\n')));
        CHECK(doc["summary"]["rows"].GetInt() == static_cast<int>(doc["rows"].Size()));
        const auto csv = run({"verify", "--format", "csv", htx}).out;
        CHECK(csv.rfind("file,line,chain,coin,asset,address,scheme,status,reason,claim_error\n", 0) == 0);
        CHECK(static_cast<unsigned>(std::count(csv.begin(), csv.end(), '\n')) == doc["rows"].Size() + 1);
        CHECK(run({"verify", "--json", "--format", "jsonl", htx}).code == kExitUsage);
    }

    TEST_CASE("daemon::InstanceLock: one holder per database, named by PID, released on destruction")
    {
        TempDir dir("lock");
        const std::string db = dir.file("p.db");
        {
            auto first = daemon::InstanceLock::acquire(db);
            REQUIRE(first.ok());
            CHECK(first->path() == db + ".lock");
            CHECK(read_text_file(db + ".lock") == std::to_string(::getpid()) + "\n");
            const auto second = daemon::InstanceLock::acquire(db);
            REQUIRE_FALSE(second.ok());
            CHECK(second.error().is(daemon::LockError::held));
            CHECK(second.error().message == "database " + db + " is in use by another porwatch (pid " +
                                                std::to_string(::getpid()) + "; lock file " + db + ".lock)");
        }
        CHECK(daemon::InstanceLock::acquire(db).ok());  // the stale file does not block
        const auto nowhere = daemon::InstanceLock::acquire("/nonexistent-dir/p.db");
        REQUIRE_FALSE(nowhere.ok());
        CHECK(nowhere.error().is(daemon::LockError::io));
    }
}
