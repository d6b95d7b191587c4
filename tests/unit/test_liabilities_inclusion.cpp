// `porwatch inclusion`'s core: each real sample recognised from its content and checked as far
// as it can be; what cannot be checked is said; damage is a failure with FILE:LINE.
#include <doctest/doctest.h>

#include <algorithm>

#include "porwatch/liabilities/inclusion.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "test_liabilities_support.hpp"

using namespace porwatch;
using namespace porwatch::liabilities;
using porwatch::test::liabilities_sample;
using porwatch::test::replaced;

namespace {

InclusionFile sample(const std::string& name)
{
    return {name, liabilities_sample(name)};
}

InclusionReport check(const std::vector<InclusionFile>& files, InclusionOptions options = {})
{
    if (options.two_digit_assets.empty()) options.two_digit_assets = default_two_digit_assets();
    auto report = check_inclusion(files, options);
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
    return *report;
}

bool has(const std::vector<std::string>& lines, const std::string& part)
{
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

}  // namespace

TEST_SUITE("liabilities")
{
    TEST_CASE("liabilities::check_inclusion: OKX's v1 proof file, alone")
    {
        const auto r = check({sample("okx/okx_v1_merkle_proof_file.json")});
        CHECK(r.files.front().second == InclusionKind::okx_proof);
        CHECK(r.failed.empty());
        CHECK(has(r.proven, "your leaf recomputes from your nonce (auditId 499930592): BTC 1.000069, ETH 0.99908176, "
                            "USDT 19398.33550812"));
        CHECK(has(r.proven, "the path of 23 siblings recomputes to root "
                            "ac6b39d2a0aa8112bd1aadff5e7d4b5c2b91cd54d595262ba4367f5d2db4160d at height 24"));
        CHECK(has(r.proven, "BTC 95088.55505656, ETH 939953.49090361, USDT 3137909428.88369702"));
        CHECK(has(r.not_proven, "that this root is the one OKX published"));
        const auto damaged = check(
            {{"p.json", replaced(liabilities_sample("okx/okx_v1_merkle_proof_file.json"), "1.000069", "1.000070")}});
        REQUIRE(damaged.failed.size() == 1);
        CHECK(damaged.failed[0].rfind("p.json:1: self: your leaf does not recompute", 0) == 0);
    }

    TEST_CASE("liabilities::check_inclusion: OKX's v2 user file with and without the full tree")
    {
        const auto both =
            check({sample("okx/okx_v2_user_info_file.json"), sample("okx/okx_v2_full-liabilities-merkle-tree.txt")});
        CHECK(both.failed.empty());
        CHECK(both.files[1].second == InclusionKind::okx_tree);
        CHECK(has(both.proven, "your leaves are leaves of okx/okx_v2_full-liabilities-merkle-tree.txt (lines 40, 34)"));
        CHECK(has(both.proven, "all 23 parents of 21 leaves recompute"));
        const auto alone = check({sample("okx/okx_v2_user_info_file.json")});
        CHECK(has(alone.not_proven, "that your leaves are in the published tree"));
    }

    TEST_CASE("liabilities::check_inclusion: a BitMEX tree with the README's nonces, and with --account/--nonce")
    {
        const auto r = check(
            {sample("bitmex/bitmex_pol_example_h100_tree.txt"), sample("bitmex/bitmex_pol_example_h100_nonces.txt")});
        CHECK(r.failed.empty());
        CHECK(r.files[1].second == InclusionKind::bitmex_nonces);
        CHECK(has(r.proven, "total liabilities 4000004000 sat at block height 100"));
        CHECK(has(r.proven, "account 2: leaves 3 (line 12), 5 (line 14) are yours: 3000 sat in total"));
        CHECK(
            has(r.proven, "account 4: leaves 0 (line 9), 6 (line 15), 7 (line 16) are yours: 4000000000 sat in total"));
        CHECK(has(r.proven, "account 3 (sub-nonce"));
        CHECK(has(r.proven, "no leaf of this tree is yours: it holds 0 sat for you"));
        InclusionOptions one;
        one.account = 1;
        Hash256 nonce{};
        const std::string hex = "4b014f71332f674b47ccec77ac055c7f6e94f7968afe15b9ffb63b9c392ee97a";
        for (std::size_t i = 0; i < 32; ++i)
            nonce[i] = static_cast<std::uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
        one.nonce = nonce;
        const auto mine = check({sample("bitmex/bitmex_pol_example_h100_tree.txt")}, one);
        CHECK(has(mine.proven, "account 1: leaves 1 (line 10), 4 (line 13) are yours: 1000 sat in total"));
        const auto other_run = check({sample("bitmex/bitmex_pol_example_h100_tree_current_readme.txt")}, one);
        CHECK(has(other_run.proven, "account 1 (sub-nonce"));
        CHECK(has(other_run.proven, "it holds 0 sat for you"));
    }

    TEST_CASE("liabilities::check_inclusion: Binance's and Gate's user configs against their price tables")
    {
        const auto binance =
            check({sample("binance/verifier_user_config.json"), sample("binance/sampledata_cex_assets_info.csv")});
        CHECK(binance.failed.empty());
        CHECK(has(binance.proven,
                  "your total equity 10759599.3240612342000000 USDT and debt 481254.1145779934000000 USDT recompute"));
        CHECK(has(binance.proven, "SHIB: equity 251.00, debt 6695243670.15 at 0.00001797000000 USDT"));
        CHECK(has(binance.not_proven, "Poseidon-BN254"));
        InclusionOptions gate_scale;
        gate_scale.two_digit_assets = {"DBC"};
        const auto gate = check({sample("gate/user_config.json"), sample("gate/cex_config.json")}, gate_scale);
        CHECK(gate.failed.empty());
        CHECK(has(gate.proven, "DBC: equity 297.74, debt 0.00 at 0.00058350000000 USDT"));
        CHECK(has(gate.proven, "your total equity 0.1737312900000000 USDT"));
    }

    TEST_CASE("liabilities::check_inclusion refuses what it cannot check")
    {
        InclusionOptions options;
        CHECK(check_inclusion({sample("binance/verifier_user_config.json")}, options)
                  .error()
                  .message.rfind("a Binance or Gate user config needs the price table too", 0) == 0);
        CHECK(check_inclusion({{"x.txt", "hello\n"}}, options)
                  .error()
                  .message.rfind("x.txt: not a file porwatch can check", 0) == 0);
        CHECK(check_inclusion({sample("bitmex/bitmex_pol_example_h100_nonces.txt")}, options)
                  .error()
                  .message.rfind("nothing of a user's own", 0) == 0);
        options.account = 1;
        CHECK_FALSE(check_inclusion({sample("bitmex/bitmex_pol_example_h100_tree.txt")}, options).ok());
    }
}
