#include <doctest/doctest.h>

#include <string>

#include "../../src/chain/genesis.hpp"
#include "../../src/chain/quorum.hpp"
#include "../../src/chain/rpc_json.hpp"

using namespace porwatch;
using chain::ChainError;

TEST_SUITE("chain")
{
    TEST_CASE("chain::parse_json: iterative, depth-limited, UTF-8 validated, numbers as text")
    {
        auto ok = chain::parse_json(R"({"result":{"amount":1.10000000,"n":[1,2]},"id":0})");
        REQUIRE(ok);
        CHECK(chain::json_text((*ok.value())["result"]["amount"]) == "1.10000000");  // exact text, no double

        const std::string deep(160000, '[');  // crashed scan/run with SIGSEGV before
        auto too_deep = chain::parse_json(deep);
        REQUIRE_FALSE(too_deep);
        CHECK(too_deep.error().is(ChainError::malformed));
        CHECK(too_deep.error().message == "JSON nested deeper than 64 levels");
        CHECK(chain::parse_json(std::string(64, '[') + std::string(64, ']')));
        CHECK_FALSE(chain::parse_json(std::string(65, '[') + std::string(65, ']')));

        auto bad_utf8 = chain::parse_json("{\"error\":{\"message\":\"\xff\"}}");
        REQUIRE_FALSE(bad_utf8);
        CHECK(bad_utf8.error().is(ChainError::malformed));
        CHECK(bad_utf8.error().message.find('\xff') == std::string::npos);  // never echoed

        auto nul = chain::parse_json(std::string("{\"result\":1}\0{\"result\":2}", 25));
        REQUIRE_FALSE(nul);
        CHECK(nul.error().message == "not JSON: a NUL byte at byte 12");
        CHECK_FALSE(chain::parse_json(std::string("\x00\xff", 2)));
        CHECK_FALSE(chain::parse_json(""));
    }

    TEST_CASE("chain::genesis_hash: one distinct hash per chain and network porwatch scans")
    {
        using address::Chain;
        using address::Network;
        std::vector<std::string_view> seen;
        for (const auto& [c, n] : std::vector<std::pair<Chain, Network>>{{Chain::bitcoin, Network::main},
                                                                         {Chain::bitcoin, Network::test},
                                                                         {Chain::bitcoin, Network::testnet4},
                                                                         {Chain::bitcoin, Network::signet},
                                                                         {Chain::bitcoin, Network::regtest},
                                                                         {Chain::litecoin, Network::main},
                                                                         {Chain::litecoin, Network::test},
                                                                         {Chain::litecoin, Network::regtest}}) {
            const auto hash = chain::genesis_hash(c, n);
            REQUIRE(hash);
            CHECK(hash->size() == 64);
            CHECK(std::find(seen.begin(), seen.end(), *hash) == seen.end());
            seen.push_back(*hash);
        }
        CHECK(chain::genesis_hash(Chain::bitcoin, Network::main) ==
              "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        CHECK_FALSE(chain::genesis_hash(Chain::litecoin, Network::signet));
        CHECK_FALSE(chain::genesis_hash(Chain::ethereum, Network::main));
    }

    TEST_CASE("chain quorum helpers: tip groups, short of quorum, degraded note")
    {
        chain::ChainResult r;
        r.quorum = 2;
        r.endpoints = {{"http://a", "aa", 10, "", std::nullopt},
                       {"http://b", "aa", 10, "", std::nullopt},
                       {"http://c", "bb", 9, "", std::nullopt}};
        auto group = chain::largest_tip_group(r.endpoints, {0, 1, 2});
        CHECK(group.members == std::vector<std::size_t>{0, 1});
        CHECK_FALSE(group.fork);
        r.endpoints[2].height = 10;  // same height, another hash: a fork
        CHECK(chain::largest_tip_group(r.endpoints, {0, 1, 2}).fork);

        chain::exclude(r.endpoints[1], Error{ChainError::timeout, "http://b: timed out"});
        chain::exclude(r.endpoints[2], Error{"untyped"});
        CHECK(r.endpoints[1].error_kind == ChainError::timeout);
        CHECK(r.endpoints[2].error_kind == ChainError::connect);  // an untyped failure counts as down
        const Error short_error = chain::short_of_quorum(r, 1);
        CHECK(short_error.is(ChainError::timeout));
        CHECK(short_error.message == "1 of 3 endpoints answered, quorum is 2: http://b: timed out; untyped");

        CHECK(chain::degraded_note(r).empty());
        r.degraded = true;
        CHECK(chain::degraded_note(r) ==
              "degraded: 1 of 3 endpoints answered (quorum 2); http://b: timed out; untyped");
    }
}
