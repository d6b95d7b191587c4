#include <doctest/doctest.h>

#include <sstream>

#include "porwatch/cli/commands.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "test_cli_support.hpp"

using namespace porwatch::cli;

namespace {

porwatch::test::CliRun run(const Args& args)
{
    return porwatch::test::run_cli(args);
}

}  // namespace

TEST_SUITE("cli")
{
    TEST_CASE("cli::address prints one JSON object for a UTXO address")
    {
        const auto r = run({"address", "rltc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrpcuql2"});
        CHECK(r.code == kExitOk);
        CHECK(r.out == "{\"chain\":\"litecoin\",\"network\":\"regtest\",\"type\":\"p2wpkh\",\"script\":"
                       "\"001479b000887626b294a914501a4cd226b58b235983\"}\n");
        CHECK(r.err.empty());
    }

    TEST_CASE("cli::address prints the EIP-55 form for an EVM address")
    {
        const auto r = run({"address", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"});
        CHECK(r.code == kExitOk);
        CHECK(r.out == "{\"chain\":\"ethereum\",\"type\":\"account\",\"address\":"
                       "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"}\n");
    }

    TEST_CASE("cli::address adds a note when it had to pick a chain")
    {
        const auto r = run({"address", "2MvtZ4txAvbaWRW2gXRmmrcUpQfsqNgpfUm"});
        CHECK(r.code == kExitOk);
        CHECK(r.out.find("\"chain\":\"bitcoin\"") != std::string::npos);
        CHECK(r.out.find("\"note\":") != std::string::npos);
        const auto l =
            run({"address", "2MvtZ4txAvbaWRW2gXRmmrcUpQfsqNgpfUm", "--chain", "litecoin", "--network", "regtest"});
        CHECK(l.code == kExitOk);
        CHECK(l.out.find("\"chain\":\"litecoin\",\"network\":\"regtest\",\"type\":\"p2sh\"") != std::string::npos);
    }

    TEST_CASE("cli::address exits 2 with one line naming the problem")
    {
        const auto r = run({"address", "1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE"});
        CHECK(r.code == kExitUsage);
        CHECK(r.out.empty());
        CHECK(r.err == "porwatch address: invalid address '1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE': bad "
                       "checksum (base58check)\n");
        CHECK(run({"address", "1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD", "--chain", "dogecoin"}).code == kExitUsage);
        CHECK(run({"address"}).code == kExitUsage);
    }

    TEST_CASE("cli::main --help, --version and unknown subcommands")
    {
        const auto help = run({"--help"});
        CHECK(help.code == kExitOk);
        CHECK(help.out.find("address") != std::string::npos);
        const auto sub_help = run({"address", "--help"});
        CHECK(sub_help.code == kExitOk);
        CHECK(sub_help.out.find("--network") != std::string::npos);
        const auto version = run({"--version"});
        CHECK(version.code == kExitOk);
        CHECK(version.out.rfind("porwatch ", 0) == 0);
        CHECK(run({"frobnicate"}).code == kExitUsage);
    }
}
