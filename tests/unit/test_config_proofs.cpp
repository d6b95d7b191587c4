// [ethereum] proofs and token balance slots (issue 13).
#include <doctest/doctest.h>

#include <algorithm>

#include "porwatch/config/config.hpp"
#include "porwatch/ethproof/select.hpp"

using namespace porwatch;

namespace {

Result<config::Config> parse_eth(const std::string& body)
{
    return config::parse_config("[ethereum]\nrpc_url = http://127.0.0.1:8545\nchain_id = 1\n" + body, "p.conf");
}

}  // namespace

TEST_SUITE("config")
{
    TEST_CASE("config::parse_config: proofs = all | sample:N | off, default sample:64")
    {
        auto c = parse_eth("");
        REQUIRE(c);
        CHECK(c->ethereum->proofs == ethproof::ProofMode{ethproof::ProofMode::Kind::sample, 64});
        CHECK(parse_eth("proofs = all\n")->ethereum->proofs.kind == ethproof::ProofMode::Kind::all);
        CHECK(parse_eth("proofs = off\n")->ethereum->proofs.kind == ethproof::ProofMode::Kind::off);
        CHECK(parse_eth("proofs = sample:5\n")->ethereum->proofs.sample == 5);
        for (const char* bad : {"sample:0", "sample:", "some", "sample:-1", "ALL"}) {
            auto e = parse_eth(std::string("proofs = ") + bad + "\n");
            REQUIRE_FALSE(e);
            CHECK(e.error().message.find("p.conf:4: proofs must be all, off or sample:N") == 0);
        }
    }

    TEST_CASE("config::parse_config: token = SYMBOL:CONTRACT:DECIMALS[:slot=N][:mask=0x…]")
    {
        auto c = parse_eth("token = USDT:0xdAC17F958D2ee523a2206206994597C13D831ec7:6:slot=2\n"
                           "token = "
                           "USDC:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48:6:slot=9:mask="
                           "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\n"
                           "token = TST:0x00000000000000000000000000000000000a11ce:18\n");
        REQUIRE_MESSAGE(c, (c ? "" : c.error().message));
        const auto& t = c->ethereum->tokens;
        REQUIRE(t.size() == 3);
        CHECK(t[0].balance_slot == Units{2});
        CHECK_FALSE(t[0].balance_mask);
        CHECK(t[1].balance_slot == Units{9});
        CHECK(t[1].balance_mask == (Units{1} << 255) - 1);
        CHECK_FALSE(t[2].balance_slot);
        const std::pair<const char*, const char*> errors[] = {
            {"token = T:0x00000000000000000000000000000000000a11ce:18:mask=0xff\n", "mask= needs slot="},
            {"token = T:0x00000000000000000000000000000000000a11ce:18:slot=x\n", "slot must be an integer"},
            {"token = T:0x00000000000000000000000000000000000a11ce:18:slot=1:slot=2\n", "unknown or repeated option"},
            {"token = T:0x00000000000000000000000000000000000a11ce:18:slot=1:mask=0x0\n", "mask must be 0x"},
            {"token = T:0x00000000000000000000000000000000000a11ce:18:colour=red\n",
             "unknown or repeated option 'colour=red'"},
            {"token = T:0x00000000000000000000000000000000000a11ce\n", "token must be SYMBOL:ADDRESS:DECIMALS"},
        };
        for (const auto& [line, why] : errors) {
            const std::string config_line = line;  // CAPTURE's lambda cannot name a structured binding (clang)
            CAPTURE(config_line);
            auto e = parse_eth(line);
            REQUIRE_FALSE(e);
            CHECK(e.error().message.find("p.conf:4: ") == 0);
            CHECK(e.error().message.find(why) != std::string::npos);
        }
    }

    TEST_CASE("ethproof::select_accounts: all, off, a seeded sample plus every holder above 1 %")
    {
        std::vector<Units> balances(200, Units{1});
        balances[7] = 1000;  // of a total of 1221: above 1 %
        balances[150] = 13;  // 13 × 100 = 1300 > 1221: above
        balances[151] = 11;  // 1100 < 1221: below
        const ethproof::ProofMode sample{ethproof::ProofMode::Kind::sample, 10};
        const auto a = ethproof::select_accounts(sample, balances, 42);
        const auto b = ethproof::select_accounts(sample, balances, 42);
        const auto other = ethproof::select_accounts(sample, balances, 43);
        CHECK(a == b);  // the same seed draws the same accounts (for every asset)
        CHECK(a != other);
        CHECK(std::is_sorted(a.begin(), a.end()));
        CHECK(std::count(a.begin(), a.end(), 7) == 1);
        CHECK(std::count(a.begin(), a.end(), 150) == 1);
        CHECK(a.size() >= 10);
        CHECK(a.size() <= 13);
        CHECK(ethproof::select_accounts({ethproof::ProofMode::Kind::all, 0}, balances, 1).size() == 200);
        CHECK(ethproof::select_accounts({ethproof::ProofMode::Kind::off, 0}, balances, 1).empty());
        CHECK(ethproof::select_accounts({ethproof::ProofMode::Kind::sample, 500}, balances, 1).size() == 200);
        // A sum past 2^256-1 (a hostile token): every account is proven.
        std::vector<Units> huge(50, (Units{1} << 255));
        CHECK(ethproof::select_accounts(sample, huge, 1).size() == 50);
    }
}
