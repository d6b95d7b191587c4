// BIP-173 and BIP-350 test vectors (as in sipa/bech32 ref/python/tests.py, the BIPs' reference).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "porwatch/encoding/bech32.hpp"
#include "porwatch/util/hex.hpp"

using namespace porwatch;
using namespace porwatch::encoding;

namespace {

const std::vector<std::string> kValidBech32 = {
    "A12UEL5L",
    "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
};

const std::vector<std::string> kValidBech32m = {
    "A1LQFN3A",
    "a1lqfn3a",
    "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
    "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
    "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
    "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
    "?1v759aa",
};

const std::vector<std::string> kInvalidBech32 = {
    " 1nwldj5",
    "\x7f"
    "1axkwrx",
    "\x80"
    "1eym55h",
    "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
    "pzry9x0s0muk",
    "1pzry9x0s0muk",
    "x1b4n0q5v",
    "li1dgmt3",
    "de1lg7wt\xff",
    "A1G7SGD8",
    "10a06t8",
    "1qzzfhee",
};

const std::vector<std::string> kInvalidBech32m = {
    " 1xj0phk",
    "\x7f"
    "1g6xzxy",
    "\x80"
    "1vctc34",
    "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
    "qyrz8wqd2c9m",
    "1qyrz8wqd2c9m",
    "y1b0jsk6g",
    "lt1igcx5c0",
    "in1muywd",
    "mm1crxm3i",
    "au1s5cgom",
    "M1VUXWEZ",
    "16plkw9",
    "1p2gdwpf",
};

struct ValidAddress {
    std::string address;
    std::string script;
};
const std::vector<ValidAddress> kValidAddresses = {
    {"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"},
    {"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
     "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"},
    {"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
     "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"},
    {"BC1SW50QGDZ25J", "6002751e"},
    {"bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"},
    {"tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
     "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
    {"tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
     "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
    {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
     "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"},
};

const std::vector<std::string> kInvalidAddresses = {
    "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
    "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
    "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
    "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
    "bc1pw5dgrnzv",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
    "bc1gmk9yu",
};

// Flip one bit of the first data character, as the reference tests do.
std::string corrupt(std::string s)
{
    const auto pos = s.rfind('1');
    s[pos + 1] = static_cast<char>(s[pos + 1] ^ 1);
    return s;
}

Bytes segwit_script(const SegwitProgram& p)
{
    Bytes script{static_cast<std::uint8_t>(p.version == 0 ? 0 : p.version + 0x50),
                 static_cast<std::uint8_t>(p.program.size())};
    script.insert(script.end(), p.program.begin(), p.program.end());
    return script;
}

}  // namespace

TEST_SUITE("encoding")
{
    TEST_CASE("encoding::bech32_decode BIP-173 valid strings decode as bech32, and fail when corrupted")
    {
        for (const auto& s : kValidBech32) {
            CAPTURE(s);
            const auto r = bech32_decode(s);
            REQUIRE(r.ok());
            CHECK(r->variant == Bech32Variant::bech32);
            CHECK_FALSE(bech32_decode(corrupt(s)).ok());
        }
    }

    TEST_CASE("encoding::bech32_decode BIP-350 valid strings decode as bech32m, and fail when corrupted")
    {
        for (const auto& s : kValidBech32m) {
            CAPTURE(s);
            const auto r = bech32_decode(s);
            REQUIRE(r.ok());
            CHECK(r->variant == Bech32Variant::bech32m);
            CHECK_FALSE(bech32_decode(corrupt(s)).ok());
        }
    }

    TEST_CASE("encoding::bech32_decode rejects the BIP-173 and BIP-350 invalid strings")
    {
        for (const auto& s : kInvalidBech32) {
            CAPTURE(s);
            const auto r = bech32_decode(s);
            // The BIP-173 list is invalid as bech32; it may never decode as bech32.
            CHECK((!r.ok() || r->variant != Bech32Variant::bech32));
        }
        for (const auto& s : kInvalidBech32m) {
            CAPTURE(s);
            const auto r = bech32_decode(s);
            CHECK((!r.ok() || r->variant != Bech32Variant::bech32m));
        }
    }

    TEST_CASE("encoding::bech32_decode names the problem")
    {
        CHECK(bech32_decode("pzry9x0s0muk").error().message == "bech32 separator '1' is missing");
        CHECK(bech32_decode("1pzry9x0s0muk").error().message == "bech32 human-readable part is empty");
        CHECK(bech32_decode("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq").error().message ==
              "mixed-case bech32 string");
        CHECK(bech32_decode("A1G7SGD8").error().message == "bad checksum (bech32/bech32m)");
        CHECK(bech32_decode("li1dgmt3").error().message.find("checksum") != std::string::npos);
    }

    TEST_CASE("encoding::segwit_decode BIP-350 valid addresses give their scriptPubKey and re-encode")
    {
        for (const auto& v : kValidAddresses) {
            CAPTURE(v.address);
            auto r = segwit_decode("bc", v.address);
            std::string hrp = "bc";
            if (!r.ok()) {
                hrp = "tb";
                r = segwit_decode("tb", v.address);
            }
            REQUIRE(r.ok());
            CHECK(to_hex(segwit_script(r.value())) == v.script);
            std::string lower = v.address;
            for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            CHECK(segwit_encode(hrp, r->version, r->program) == lower);
        }
    }

    TEST_CASE("encoding::segwit_decode rejects the BIP-350 invalid addresses for both bc and tb")
    {
        for (const auto& s : kInvalidAddresses) {
            CAPTURE(s);
            CHECK_FALSE(segwit_decode("bc", s).ok());
            CHECK_FALSE(segwit_decode("tb", s).ok());
        }
    }

    TEST_CASE("encoding::segwit_decode explains bech32 vs bech32m and program length errors")
    {
        CHECK(segwit_decode("bc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh").error().message ==
              "witness v0 address must use bech32, not bech32m (BIP-350)");
        CHECK(segwit_decode("bc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd").error().message ==
              "witness v1 address must use bech32m, not bech32 (BIP-350)");
        CHECK(segwit_decode("bc", "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P")
                  .error()
                  .message.rfind("bad length: witness v0 program is 16 bytes", 0) == 0);
        CHECK(segwit_decode("bc", "bc1pw5dgrnzv").error().message.rfind("bad length", 0) == 0);
        CHECK(segwit_decode("tb", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").error().message ==
              "wrong network: human-readable part 'bc', expected 'tb'");
    }

    TEST_CASE("encoding::convert_bits round trip")
    {
        const Bytes data = {0x00, 0xff, 0x10, 0x80, 0x7f};
        const auto five = convert_bits(data, 8, 5, true);
        REQUIRE(five.ok());
        const auto back = convert_bits(five.value(), 5, 8, false);
        REQUIRE(back.ok());
        CHECK(back.value() == data);
    }
}
