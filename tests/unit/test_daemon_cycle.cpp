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
    Scratch()
        : path(std::filesystem::temp_directory_path() /
               ("porwatch-cycle-" + std::to_string(::getpid())))
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
        CHECK(daemon::summary_line(result).rfind("failed: cannot open address book", 0) == 0);
    }
}
