// The [liabilities] section: every key validated at load with FILE:LINE.
#include <doctest/doctest.h>

#include "porwatch/liabilities/liabilities.hpp"
#include "test_support.hpp"

using namespace porwatch;
using porwatch::test::source_path;

namespace {

Result<liabilities::Settings> parse(const std::string& section)
{
    const std::string text = "database = /tmp/x.db\n[liabilities]\n" + section;
    Result<config::Config> config = config::parse_config(text, "porwatch.conf");
    REQUIRE_MESSAGE(config.ok(), (config.ok() ? "" : config.error().message));
    return liabilities::load_settings(*config);
}

std::string error_of(const std::string& section)
{
    auto s = parse(section);
    REQUIRE_FALSE(s.ok());
    return s.error().message;
}

}  // namespace

TEST_SUITE("liabilities")
{
    TEST_CASE("liabilities::load_settings reads files, the asset of BitMEX trees, max_age and the two-digit assets")
    {
        auto none = liabilities::load_settings(config::parse_config("database = /x\n", "c").value());
        REQUIRE(none.ok());
        CHECK_FALSE(none->configured());
        CHECK(none->two_digit_assets.count("SHIB"));
        auto s = parse(
            "file = bitmex:/srv/pol/tree.txt\nfile = okx-merkle:/srv/okx/tree.txt\nfile = cex-assets:rel/cex.json\n"
            "asset = ltc\nmax_age = 1008 blocks\ntwo_digit_assets = shib, dbc\n");
        REQUIRE(s.ok());
        REQUIRE(s->files.size() == 3);
        CHECK(s->files[0].format == liabilities::Format::bitmex);
        CHECK(s->files[0].path == "/srv/pol/tree.txt");
        CHECK(s->files[0].line == 3);
        CHECK(s->files[1].format == liabilities::Format::okx_merkle);
        CHECK(s->files[2].path == "rel/cex.json");
        CHECK(s->bitmex_asset == "LTC");
        CHECK(s->max_age_blocks == std::optional<std::uint64_t>(1008));
        CHECK(s->two_digit_assets == std::set<std::string>{"DBC", "SHIB"});
        CHECK(parse("file = bitmex:/a\ntwo_digit_assets = none\n")->two_digit_assets.empty());
        CHECK(parse("file = bitmex:/a\nmax_age = 1 block\n")->max_age_blocks == std::optional<std::uint64_t>(1));
    }

    TEST_CASE("liabilities::load_settings resolves a relative file against the config's directory")
    {
        const std::string text =
            "database = /tmp/x.db\n[liabilities]\nfile = bitmex:pol/tree.txt\nfile = okx-merkle:/srv/okx.txt\n";
        auto s = liabilities::load_settings(config::parse_config(text, "/etc/porwatch/porwatch.conf").value());
        REQUIRE(s.ok());
        CHECK(s->files[0].path == "/etc/porwatch/pol/tree.txt");
        CHECK(s->files[1].path == "/srv/okx.txt");
        auto twice = liabilities::load_settings(
            config::parse_config(text + "file = cex-assets:/etc/porwatch/pol/tree.txt\n", "/etc/porwatch/porwatch.conf")
                .value());
        REQUIRE_FALSE(twice.ok());
        CHECK(twice.error().message.find("the file /etc/porwatch/pol/tree.txt is already configured") !=
              std::string::npos);
    }

    TEST_CASE("liabilities::load_settings rejects what it cannot use, with the line")
    {
        CHECK(error_of("file = /srv/tree.txt\n") == "porwatch.conf:3: liabilities: file = '/srv/tree.txt': expected "
                                                    "FORMAT:PATH (bitmex, okx-merkle or cex-assets)");
        CHECK(error_of("file = okx:/srv/tree.txt\n") ==
              "porwatch.conf:3: liabilities: file = 'okx:/srv/tree.txt': unknown format 'okx' (expected bitmex, "
              "okx-merkle or cex-assets)");
        CHECK(error_of("file = bitmex\n")
                  .rfind("porwatch.conf:3: liabilities: file = 'bitmex': expected FORMAT:PATH", 0) == 0);
        CHECK(error_of("file = bitmex:/a\nfile = okx-merkle:/a\n")
                  .rfind("porwatch.conf:4: liabilities: file = 'okx-merkle:/a': the file /a is already configured",
                         0) == 0);
        CHECK(error_of("file = bitmex:/a\nmax_age = 7d\n")
                  .rfind("porwatch.conf:4: liabilities: max_age = '7d': expected a number of blocks", 0) == 0);
        CHECK(error_of("file = bitmex:/a\nmax_age = 0 blocks\n").rfind("porwatch.conf:4:", 0) == 0);
        CHECK(error_of("file = bitmex:/a\nasset = B TC\n").rfind("porwatch.conf:4:", 0) == 0);
        CHECK(error_of("file = bitmex:/a\nasset = BTC\nasset = LTC\n") ==
              "porwatch.conf:5: liabilities: asset given twice");
        CHECK(error_of("file = bitmex:/a\nratio = 5\n") ==
              "porwatch.conf:4: liabilities: unknown key 'ratio' in section [liabilities]");
        CHECK(error_of("file = bitmex:/a\nzk_verifier = zk-por-cli\n").find("must be an absolute path") !=
              std::string::npos);
        CHECK(error_of("file = bitmex:/a\nzk_verifier = /nonexistent/zk\n").find("no such file") != std::string::npos);
        CHECK(error_of("file = bitmex:/a\nzk_verifier_arg = verify\n") ==
              "porwatch.conf:4: liabilities: zk_verifier_* keys need zk_verifier = PATH");
        CHECK(error_of("max_age = 10 blocks\n") ==
              "porwatch.conf:3: liabilities: no 'file = FORMAT:PATH' is configured");
        const std::string standin = source_path("tests/tools/zk-por-cli-standin.py");
        auto zk = parse("file = cex-assets:/a\nzk_verifier = " + standin +
                        "\nzk_verifier_arg = verify\nzk_verifier_arg = --x\n"
                        "zk_verifier_dir = /tmp\nzk_verifier_timeout = 90s\n");
        REQUIRE(zk.ok());
        REQUIRE(zk->zk_verifier.has_value());
        CHECK(zk->zk_verifier->args == std::vector<std::string>{"verify", "--x"});
        CHECK(zk->zk_verifier->timeout_s == 90);
        CHECK(zk->zk_verifier->working_directory == "/tmp");
        CHECK(error_of("file = cex-assets:/a\nzk_verifier = " + standin + "\nzk_verifier_dir = /nonexistent\n")
                  .find("no such directory") != std::string::npos);
    }
}
