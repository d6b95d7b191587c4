#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "porwatch/daemon/cycle.hpp"

using namespace porwatch;

namespace {

const char* kHeader = "chain,network,address,asset,message,signatures,script,scheme,label\n";
const char* kRow = "litecoin,regtest,rltc1qzg0yyv2z96qxpj9gwyqfew9j568tukt3783hdt,LTC,,,,,r\n";

struct Scratch {
    Scratch() : path(std::filesystem::temp_directory_path() / ("porwatch-cycle-" + std::to_string(::getpid())))
    {
        std::filesystem::create_directories(path);
    }
    ~Scratch() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const
    {
        const auto file = (path / name).string();
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }
    std::filesystem::path path;
};

}  // namespace

TEST_SUITE("daemon")
{
    TEST_CASE("daemon::BookCache re-verifies a file only when its content hash changes")
    {
        Scratch dir;
        const std::string file = dir.write("book.csv", std::string(kHeader) + kRow);
        daemon::BookCache cache;
        auto first = cache.load({file}, {});
        REQUIRE(first.ok());
        CHECK(first->reverified_files == std::vector<std::string>{file});
        CHECK(first->entries.size() == 1);
        CHECK(first->verdicts.size() == 1);
        CHECK(first->file_hashes.at(file).size() == 64);
        auto second = cache.load({file}, {});
        REQUIRE(second.ok());
        CHECK(second->reverified_files.empty());
        CHECK(second->file_hashes == first->file_hashes);
        dir.write("book.csv", std::string(kHeader) + kRow + kRow);
        auto third = cache.load({file}, {});
        REQUIRE(third.ok());
        CHECK(third->reverified_files.size() == 1);
        CHECK(third->entries.size() == 2);
        CHECK(third->file_hashes != first->file_hashes);
    }

    TEST_CASE("daemon::BookCache applies each file's message policy every load: a message ages out")
    {
        // A BIP-322 signature by bip322-js over a dated message (tests/fixtures).
        const std::string row =
            "bitcoin,main,bc1qa0qwuze2h85zw7nqpsj3ga0z9geyrgwpp9ee7r,BTC,"
            "porwatch proof of reserves 2026-02-01,"
            "AAAAAAABAQIm33KlIbWec/aY97AoySwe1cif5mI2vefCOP2Eip6HAAAAAAAAAAAAAQAAAAAAAAAAAWoCRjBDAh8cKRf0"
            "xeEiAqKPksUXTXKtF5SLxBr8yrSjcnZuX7JlAiAG164xXcRAiF2KlChLWWonc7lw+sxBe6OpHTW03IzXhwEhAk1LbNE2"
            "EDLKm9KuudkAqk1F2erYCslCM3TEUaclTQdmAAAAAA==,,,\n";
        Scratch dir;
        const std::string file = dir.write("dated.csv", std::string(kHeader) + row);
        const std::string other = dir.write("other.csv", std::string(kHeader) + row);
        proof::MessagePolicies policies;
        policies.emplace(file, proof::make_message_policy("porwatch proof of reserves .*", 30U).value());
        const std::int64_t feb10 = 1770681600;  // 2026-02-10
        daemon::BookCache cache;
        auto fresh = cache.load({file, other}, {}, policies, feb10);
        REQUIRE(fresh.ok());
        CHECK(fresh->verdicts[0].status == proof::ProofStatus::verified);
        CHECK(fresh->policy_changed_files.empty());
        auto same = cache.load({file, other}, {}, policies, feb10 + 86400);
        REQUIRE(same.ok());
        CHECK(same->reverified_files.empty());
        CHECK(same->policy_changed_files.empty());
        // 31 days after its date the message is too old: failed, without re-verifying the signature.
        auto aged = cache.load({file, other}, {}, policies, feb10 + 22 * 86400);
        REQUIRE(aged.ok());
        CHECK(aged->reverified_files.empty());
        CHECK(aged->policy_changed_files == std::vector<std::string>{file});
        CHECK(aged->verdicts[0].status == proof::ProofStatus::failed);
        CHECK(aged->verdicts[0].reason.rfind("message is older than 30d (dated 2026-02-01, 31 days before", 0) == 0);
        CHECK(aged->verdicts[1].status == proof::ProofStatus::verified);  // other.csv has no policy
        // A policy that does not fit the message fails it too.
        policies.at(file) = proof::make_message_policy("I am an OKX address", std::nullopt).value();
        auto wrong = cache.load({file, other}, {}, policies, feb10);
        REQUIRE(wrong.ok());
        CHECK(wrong->verdicts[0].reason == "message does not match the policy");
    }

    TEST_CASE("daemon::summary_line says when book rows with claims were not scanned")
    {
        daemon::CycleResult result;
        result.snapshot.status = snapshot::SnapshotStatus::complete;
        snapshot::Unscanned usdt;
        usdt.reason = "no source for USDT in [ethereum] (token = USDT:ADDRESS:DECIMALS)";
        usdt.asset = "USDT";
        usdt.chain = "ethereum";
        usdt.rows = 5;
        usdt.claimed_rows = 3;
        usdt.claimed_units = Units{89022421574000};
        usdt.decimals = 6;
        snapshot::Unscanned quiet = usdt;
        quiet.asset = "FOO";
        quiet.claimed_rows = 0;
        quiet.claimed_units.reset();
        result.snapshot.unscanned = {usdt, quiet};
        CHECK(daemon::summary_line(result) ==
              "complete: no totals; UNSCANNED CLAIMS: 5 USDT rows on ethereum (no source for USDT in [ethereum] "
              "(token = USDT:ADDRESS:DECIMALS)), claiming 89022421.574000");
        result.snapshot.unscanned = {quiet};
        CHECK(daemon::summary_line(result) == "complete: no totals");
    }

    TEST_CASE("daemon::run_cycle stores a failed snapshot when an address file is unreadable")
    {
        Scratch dir;
        auto db = store::Store::open((dir.path / "p.db").string());
        REQUIRE(db.ok());
        config::Config config;
        config.file = "p.conf";
        config.addresses = {(dir.path / "missing.csv").string()};
        daemon::BookCache cache;
        daemon::CycleOptions options;
        options.store = &*db;
        daemon::CycleHooks hooks;
        hooks.now = [] { return std::int64_t{1000}; };
        const auto result = daemon::run_cycle(config, cache, options, hooks);
        CHECK(result.input_error());
        CHECK(result.error.find("missing.csv") != std::string::npos);
        CHECK(result.snapshot.status == snapshot::SnapshotStatus::failed);
        REQUIRE(result.stored.has_value());
        auto status = db->status();
        REQUIRE(status.ok());
        REQUIRE(status->last_failed.has_value());
        CHECK(status->last_failed->error == result.error);
        CHECK(daemon::summary_line(result).rfind("failed: address book ", 0) == 0);
        CHECK(daemon::summary_line(result).find("missing.csv: no such file") != std::string::npos);
    }
}
