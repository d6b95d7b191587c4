#include <doctest/doctest.h>

#include "porwatch/encoding/base58.hpp"
#include "porwatch/util/hex.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::encoding;

namespace {

// Bitcoin Core src/test/data/base58_encode_decode.json: [hex, base58] pairs.
constexpr const char* kBase58Vectors = R"JSON([
["", ""],
["61", "2g"],
["626262", "a3gV"],
["636363", "aPEr"],
["73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"],
["00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"],
["516b6fcd0f", "ABnLTmg"],
["bf4f89001e670274dd", "3SEo3LWLoPntC"],
["572e4794", "3EFU7m"],
["ecac89cad93923c02321", "EJDM8drfXA6uyA"],
["10c8511e", "Rt5zm"],
["00000000000000000000", "1111111111"],
["00000000000000000000000000000000000000000000000000000000000000000000000000000000", "1111111111111111111111111111111111111111"],
["00000000000000000000000000000000000000000000000000000000000000000000000000000001", "1111111111111111111111111111111111111112"],
["0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000ec39d04c37e71e5d591881f6", "111111111111111111111111111111111111111111111111111111111111111111111111111111111111115TYzLYH1udmLdzCLM"],
["000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"],
["000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", "1cWB5HCBdLjAuqGGReWE3R3CguuwSjw6RHn39s2yuDRTS5NsBgNiFpWgAnEx6VQi8csexkgYw3mdYrMHr8x9i7aEwP8kZ7vccXWqKDvGv3u1GxFKPuAkn8JCPPGDMf3vMMnbzm6Nh9zh1gcNsMvH3ZNLmP5fSG6DGbbi2tuwMWPthr4boWwCxf7ewSgNQeacyozhKDDQQ1qL5fQFUW52QKUZDZ5fw3KXNQJMcNTcaB723LchjeKun7MuGW5qyCBZYzA1KjofN1gYBV3NqyhQJ3Ns746GNuf9N2pQPmHz4xpnSrrfCvy6TVVz5d4PdrjeshsWQwpZsZGzvbdAdN8MKV5QsBDY"],
["271F359E", "zzzzy"],
["271F359F", "zzzzz"],
["271F35A0", "211111"],
["271F35A1", "211112"]
]
)JSON";

}  // namespace

TEST_SUITE("encoding")
{
    TEST_CASE("encoding::base58 Bitcoin Core encode/decode vectors")
    {
        const auto doc = test::parse_json(kBase58Vectors);
        REQUIRE(doc.Size() == 21);
        for (const auto& pair : doc.GetArray()) {
            const std::string hex = pair[0].GetString();
            const std::string b58 = pair[1].GetString();
            CAPTURE(b58);
            const auto bytes = from_hex(hex);
            REQUIRE(bytes.ok());
            CHECK(base58_encode(bytes.value()) == b58);
            const auto decoded = base58_decode(b58);
            REQUIRE(decoded.ok());
            CHECK(to_hex(decoded.value()) == to_hex(bytes.value()));
        }
    }

    TEST_CASE("encoding::base58 rejects characters outside the alphabet")
    {
        for (const char* bad : {"0OIl", "3mJr7AoUXx2Wqd", "abc def", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L\n"}) {
            CAPTURE(bad);
            const auto r = base58_decode(bad);
            if (std::string(bad) == "3mJr7AoUXx2Wqd") {
                CHECK(r.ok());  // every character valid: a control for the loop
                continue;
            }
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().message.find("invalid base58 character") != std::string::npos);
        }
    }

    TEST_CASE("encoding::base58check round trip and checksum failures")
    {
        // Bitcoin's P2PKH of key 0x01*32 (shared/docs/test-infra.md §5.1).
        const std::string address = "1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD";
        const auto payload = base58check_decode(address);
        REQUIRE(payload.ok());
        CHECK(payload->size() == 21);
        CHECK(base58check_encode(payload.value()) == address);

        SUBCASE("one character changed")
        {
            const auto r = base58check_decode("1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE");
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().message == "bad checksum (base58check)");
        }
        SUBCASE("shorter than a checksum")
        {
            const auto r = base58check_decode("2g");
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().message.find("too short") != std::string::npos);
        }
    }
}
