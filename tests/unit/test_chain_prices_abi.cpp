// ABI decoding of Chainlink's AggregatorV3Interface answers (selectors from
// ../shared/data/vectors/chainlink/aggregator_v3_interface.json): description() strings,
// latestRoundData() words and int256 answers, hostile lengths and paddings.
#include <doctest/doctest.h>

#include <cstdio>

#include "../../src/chain/evm_rpc.hpp"

using namespace porwatch;

namespace {

std::string word(const std::string& hex)
{
    return std::string(64 - hex.size(), '0') + hex;
}

std::string text_hex(const std::string& text)
{
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : text) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

// abi.encode(string)
std::string abi_string(const std::string& text)
{
    std::string data = text_hex(text);
    data += std::string((64 - data.size() % 64) % 64, '0');
    char length[17];
    std::snprintf(length, sizeof length, "%zx", text.size());
    return "0x" + word("20") + word(length) + data;
}

}  // namespace

TEST_SUITE("chain")
{
    TEST_CASE("chain::evm selectors are the AggregatorV3Interface ones")
    {
        CHECK(std::string(chain::evm::kDecimals) == "0x313ce567");
        CHECK(std::string(chain::evm::kDescription) == "0x7284e416");
        CHECK(std::string(chain::evm::kLatestRoundData) == "0xfeaf968c");
    }

    TEST_CASE("chain::evm::decode_abi_string reads description() and rejects malformed data")
    {
        CHECK(chain::evm::decode_abi_string(abi_string("BTC / USD"), 256).value() == "BTC / USD");
        CHECK(chain::evm::decode_abi_string(abi_string("v0.8/tests/MockV3Aggregator.sol"), 256).value() ==
              "v0.8/tests/MockV3Aggregator.sol");
        CHECK(chain::evm::decode_abi_string(abi_string(""), 256).value().empty());
        const std::string exactly32(32, 'x');
        CHECK(chain::evm::decode_abi_string(abi_string(exactly32), 256).value() == exactly32);
        CHECK_FALSE(chain::evm::decode_abi_string("0x", 256).ok());  // no code
        CHECK_FALSE(chain::evm::decode_abi_string(abi_string(std::string(300, 'a')), 256).ok());  // too long
        std::string dirty = abi_string("BTC / USD");
        dirty.back() = '1';  // non-zero padding
        CHECK_FALSE(chain::evm::decode_abi_string(dirty, 256).ok());
        const std::string lying = "0x" + word("20") + word("ffffffff") + word("41");  // length past the data
        CHECK_FALSE(chain::evm::decode_abi_string(lying, 256).ok());
        const std::string offset = "0x" + word("ffffffffffffffffffffffff") + word("0");
        CHECK_FALSE(chain::evm::decode_abi_string(offset, 256).ok());
    }

    TEST_CASE("chain::evm::decode_words and signed_word read latestRoundData exactly")
    {
        // (roundId 18446744073709562173, answer -1, startedAt 1, updatedAt 2, answeredInRound 3)
        const std::string data =
            "0x" + word("1000000000000293d") + std::string(64, 'f') + word("1") + word("2") + word("3");
        auto words = chain::evm::decode_words(data, 5);
        REQUIRE(words.ok());
        CHECK((*words)[0] == Units("18446744073709562173"));
        const chain::SignedUnits minus_one = chain::evm::signed_word((*words)[1]);
        CHECK(minus_one.negative);
        CHECK(minus_one.magnitude == 1);
        CHECK(chain::to_string(minus_one) == "-1");
        CHECK(chain::to_string(chain::evm::signed_word(Units(200000000000))) == "200000000000");
        const Units min_int256 = Units(1) << 255;
        CHECK(chain::to_string(chain::evm::signed_word(min_int256)) ==
              "-57896044618658097711785492504343953926634992332820282019728792003956564819968");
        CHECK_FALSE(chain::evm::decode_words("0x", 5).ok());
        CHECK_FALSE(chain::evm::decode_words(data.substr(0, data.size() - 2), 5).ok());
        CHECK_FALSE(chain::evm::decode_words(data + "00", 5).ok());
    }
}
