// Network names as people write them, and testnet4 (BIP-94): testnet3's version bytes and HRP.
#include <doctest/doctest.h>

#include "porwatch/address/address.hpp"

using namespace porwatch;
using namespace porwatch::address;

TEST_SUITE("address")
{
    TEST_CASE("address::parse_network_name accepts the names people use and lists them otherwise")
    {
        CHECK(parse_network_name(Chain::bitcoin, "main").value() == Network::main);
        CHECK(parse_network_name(Chain::bitcoin, "Mainnet").value() == Network::main);
        CHECK(parse_network_name(Chain::bitcoin, "testnet").value() == Network::test);
        CHECK(parse_network_name(Chain::bitcoin, "test").value() == Network::test);
        CHECK(parse_network_name(Chain::bitcoin, "TESTNET4").value() == Network::testnet4);
        CHECK(parse_network_name(Chain::bitcoin, "signet").value() == Network::signet);
        CHECK(parse_network_name(Chain::litecoin, "testnet").value() == Network::test);
        CHECK(parse_network_name(Chain::litecoin, "regtest").value() == Network::regtest);
        CHECK(parse_network_name(Chain::bitcoin, "testnet3").error().message ==
              "unknown network 'testnet3' for bitcoin (accepted: main, mainnet, test, testnet, testnet4, signet, "
              "regtest)");
        CHECK(parse_network_name(Chain::litecoin, "testnet4").error().message ==
              "unknown network 'testnet4' for litecoin (accepted: main, mainnet, test, testnet, regtest)");
        CHECK_FALSE(parse_network_name(Chain::ethereum, "main").ok());
        // Stored names are frozen: testnet4 is new, the old four are unchanged.
        CHECK(to_string(Network::testnet4) == "testnet4");
        CHECK(network_from_string("testnet4") == Network::testnet4);
        CHECK_FALSE(network_from_string("testnet"));  // an alias, never a stored name
    }

    TEST_CASE("address::parse_address testnet4: tb1, m/n and 2 addresses with testnet3's scripts")
    {
        for (const char* text : {"tb1q0xcqpzrky6eff2g52qdye53xkk9jxkvraulyla", "mrcNu71ztWjAQA6ww9kHiW3zBWSQidHXTQ",
                                 "2MvtZ4txAvbaWRW2gXRmmrcUpQfsqNgpfUm"}) {
            CAPTURE(text);
            const auto t4 = parse_address(text, Chain::bitcoin, Network::testnet4);
            REQUIRE(t4.ok());
            CHECK(t4->address.network == Network::testnet4);
            const auto t3 = parse_address(text, Chain::bitcoin, Network::test);
            REQUIRE(t3.ok());
            CHECK(t4->address.script == t3->address.script);
            CHECK(encode_address(Chain::bitcoin, Network::testnet4, t4->address.type, t4->address.payload) == text);
        }
        // Without a network the string is ambiguous; the note names testnet4 among the candidates.
        const auto guessed = parse_address("tb1q0xcqpzrky6eff2g52qdye53xkk9jxkvraulyla");
        REQUIRE(guessed.ok());
        CHECK(guessed->address.network == Network::test);
        CHECK(guessed->note.find("bitcoin testnet4") != std::string::npos);
        CHECK_FALSE(
            parse_address("bc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrh6yhyw", Chain::bitcoin, Network::testnet4).ok());
        CHECK_FALSE(
            parse_address("tb1q0xcqpzrky6eff2g52qdye53xkk9jxkvraulyla", Chain::litecoin, Network::testnet4).ok());
    }
}
