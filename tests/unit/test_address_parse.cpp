#include <doctest/doctest.h>

#include "porwatch/address/address.hpp"
#include "porwatch/util/hex.hpp"

using namespace porwatch;
using namespace porwatch::address;

namespace {

std::string error_of(std::string_view text, std::optional<Chain> chain = std::nullopt,
                     std::optional<Network> network = std::nullopt)
{
    const auto r = parse_address(text, chain, network);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
}

bool starts_with(const std::string& s, std::string_view prefix)
{
    return s.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_SUITE("address")
{
    TEST_CASE("address::parse_address the test key on every Bitcoin-family network")
    {
        // Key 0x01*32 (shared/docs/test-infra.md §4.3 and §5.1).
        struct Case {
            const char* text;
            Chain chain;
            Network network;
            AddressType type;
            const char* script;
        };
        const Case cases[] = {
            {"1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD", Chain::bitcoin, Network::main, AddressType::p2pkh,
             "76a91479b000887626b294a914501a4cd226b58b23598388ac"},
            {"35LM1A29K95ADiQ8rJ9uEfVZCKffZE4D9i", Chain::bitcoin, Network::main, AddressType::p2sh,
             "a91427f7b1d97b04ec10e77d4b1527dbb8c9f92c54b587"},
            {"bc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrh6yhyw", Chain::bitcoin, Network::main, AddressType::p2wpkh,
             "001479b000887626b294a914501a4cd226b58b235983"},
            {"bcrt1q0xcqpzrky6eff2g52qdye53xkk9jxkvrl4xfg5", Chain::bitcoin, Network::regtest, AddressType::p2wpkh,
             "001479b000887626b294a914501a4cd226b58b235983"},
            {"rltc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrpcuql2", Chain::litecoin, Network::regtest, AddressType::p2wpkh,
             "001479b000887626b294a914501a4cd226b58b235983"},
            {"QQFKBupQwhdbZgnj9XonwJvFZ4KfGGWGEC", Chain::litecoin, Network::test, AddressType::p2sh,
             "a91427f7b1d97b04ec10e77d4b1527dbb8c9f92c54b587"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto r = parse_address(c.text);
            REQUIRE(r.ok());
            CHECK(r->address.chain == c.chain);
            CHECK(r->address.network == c.network);
            CHECK(r->address.type == c.type);
            CHECK(to_hex(r->address.script) == c.script);
        }
    }

    TEST_CASE("address::parse_address P2TR and its bech32m rules")
    {
        const auto r = parse_address("bc1p33wm0auhr9kkahzd6l0kqj85af4cswn276hsxg6zpz85xe2r0y8syx4e5t");
        REQUIRE(r.ok());
        CHECK(r->address.type == AddressType::p2tr);
        CHECK(r->address.script.size() == 34);
        CHECK(r->address.script[0] == 0x51);
        CHECK(r->address.script[1] == 0x20);
    }

    TEST_CASE("address::parse_address ambiguity is resolved towards bitcoin with a note")
    {
        const auto r = parse_address("mrcNu71ztWjAQA6ww9kHiW3zBWSQidHXTQ");
        REQUIRE(r.ok());
        CHECK(r->address.chain == Chain::bitcoin);
        CHECK(r->address.network == Network::test);
        CHECK(r->note.find("litecoin") != std::string::npos);

        SUBCASE("--chain litecoin --network regtest takes the same string as litecoin regtest")
        {
            const auto l = parse_address("mrcNu71ztWjAQA6ww9kHiW3zBWSQidHXTQ", Chain::litecoin, Network::regtest);
            REQUIRE(l.ok());
            CHECK(l->address.chain == Chain::litecoin);
            CHECK(l->address.network == Network::regtest);
            CHECK(l->note.empty());
        }
        SUBCASE("an unambiguous string has no note")
        {
            CHECK(parse_address("1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD")->note.empty());
        }
    }

    TEST_CASE("address::parse_address litecoin P2SH accepts both version bytes to the same script")
    {
        const auto modern = parse_address("QQFKBupQwhdbZgnj9XonwJvFZ4KfGGWGEC", Chain::litecoin, Network::regtest);
        const auto legacy = parse_address("2MvtZ4txAvbaWRW2gXRmmrcUpQfsqNgpfUm", Chain::litecoin, Network::regtest);
        REQUIRE(modern.ok());
        REQUIRE(legacy.ok());
        CHECK(modern->address.script == legacy->address.script);
        CHECK(encode_address(Chain::litecoin, Network::regtest, AddressType::p2sh, modern->address.payload) ==
              "QQFKBupQwhdbZgnj9XonwJvFZ4KfGGWGEC");
        CHECK(encode_address(Chain::litecoin, Network::regtest, AddressType::p2sh, modern->address.payload,
                             LitecoinP2sh::legacy) == "2MvtZ4txAvbaWRW2gXRmmrcUpQfsqNgpfUm");
    }

    TEST_CASE("address::parse_address names the exact problem")
    {
        CHECK(error_of("1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE") == "bad checksum (base58check)");
        CHECK(starts_with(error_of("1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD", Chain::bitcoin, Network::test),
                          "wrong network: the address is for bitcoin main, expected bitcoin test"));
        CHECK(starts_with(error_of("bc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrh6yhyw", Chain::litecoin), "wrong network"));
        CHECK(error_of("bc1q0xcqpzrky6eff2g52qdye53xkk9jxkvRh6yhyw") == "mixed-case bech32 string");
        CHECK(error_of("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh") ==
              "witness v0 address must use bech32, not bech32m (BIP-350)");
        CHECK(starts_with(error_of("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P"), "bad length"));
        CHECK(
            starts_with(error_of("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs"), "future witness version 2 is not supported"));
        CHECK(starts_with(error_of("BC1SW50QGDZ25J"), "future witness version 16"));
        CHECK(starts_with(error_of("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y"),
                          "witness v1 program of 40 bytes is not a taproot output"));
        CHECK(error_of("1kA3B35AUCmV") == "bad length: base58check payload is 6 bytes, an address has 21");
        CHECK(error_of("11111111111111111111116iowaD") ==
              "bad length: base58check payload is 22 bytes, an address has 21");
        CHECK(starts_with(error_of("0OIl"), "invalid base58 character '0'"));
        CHECK(error_of("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut") ==
              "unknown bech32 human-readable part 'tc'");
        CHECK(error_of("") == "empty address");
    }

    TEST_CASE("address::parse_evm_address EIP-55 rules")
    {
        // EIP-55's own examples.
        for (const char* good :
             {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
              "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
            CAPTURE(good);
            const auto r = parse_evm_address(good);
            REQUIRE(r.ok());
            CHECK(r->text == good);
        }
        const auto lower = parse_evm_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        REQUIRE(lower.ok());
        CHECK(lower->text == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        const auto upper = parse_evm_address("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED");
        REQUIRE(upper.ok());
        CHECK(upper->text == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

        const auto bad = parse_evm_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");
        REQUIRE_FALSE(bad.ok());
        CHECK(starts_with(bad.error().message, "bad EIP-55 checksum"));
        CHECK(starts_with(parse_evm_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA").error().message,
                          "bad length: EVM address has 38 hex digits"));
        CHECK(parse_evm_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAez").error().message ==
              "EVM address: invalid hex character at position 40");
        CHECK(parse_evm_address("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").error().message ==
              "EVM address must start with 0x");
    }

    TEST_CASE("address::parse_address TRON")
    {
        const auto account = from_hex("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        REQUIRE(account.ok());
        const std::string text = tron_address(account.value());
        CHECK(text.front() == 'T');
        const auto r = parse_address(text);
        REQUIRE(r.ok());
        CHECK(r->address.chain == Chain::tron);
        CHECK(r->address.payload == account.value());
        CHECK(starts_with(error_of("1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD", Chain::tron), "wrong network"));
    }
}
