// RLP against the official ethereum/tests RLPTests (../shared/data/vectors/ethereum/rlp/).
#include <doctest/doctest.h>

#include <string>

#include "porwatch/rlp/rlp.hpp"
#include "porwatch/util/hex.hpp"
#include "test_support.hpp"

using namespace porwatch;

namespace {

// The encoding of an RLPTests "in" value: a string (its bytes), "#123…" (a big integer), a JSON
// integer, or a list of those.
Bytes encode_in(const rapidjson::Value& v)
{
    if (v.IsArray()) {
        std::vector<Bytes> items;
        for (const auto& item : v.GetArray()) items.push_back(encode_in(item));
        return rlp::encode_list(items);
    }
    if (v.IsString()) {
        const std::string s(v.GetString(), v.GetStringLength());
        if (!s.empty() && s[0] == '#') {
            // Big integers, one of them 2^256 (past Units): encode the minimal big-endian bytes.
            boost::multiprecision::cpp_int n(s.substr(1));
            Bytes be;
            for (; n != 0; n >>= 8) be.insert(be.begin(), static_cast<std::uint8_t>(n & 0xff));
            return rlp::encode_string(be);
        }
        return rlp::encode_string(ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
    }
    REQUIRE(v.IsUint64());
    return rlp::encode_uint(Units(v.GetUint64()));
}

}  // namespace

TEST_SUITE("rlp")
{
    TEST_CASE("rlp::encode and decode: every RLPTests/rlptest.json case")
    {
        const auto doc = test::read_json_file(test::shared_path("data/vectors/ethereum/rlp/rlptest.json"));
        std::size_t cases = 0;
        for (const auto& [name, test] : doc.GetObject()) {
            const std::string vector_name =
                name.GetString();  // CAPTURE's lambda cannot name a structured binding (clang)
            CAPTURE(vector_name);
            const auto expected = from_hex(test["out"].GetString(), HexPrefix::allowed);
            REQUIRE(expected);
            CHECK(to_hex(encode_in(test["in"])) == to_hex(*expected));
            // Canonical input decodes to one item spanning it, whose encoding is the input.
            auto decoded = rlp::decode(*expected);
            REQUIRE(decoded);
            CHECK(decoded->encoded.size() == expected->size());
            ++cases;
        }
        CHECK(cases == 28);
    }

    TEST_CASE("rlp::decode: every RLPTests/invalidRLPTest.json case is rejected with a typed error")
    {
        const auto doc = test::read_json_file(test::shared_path("data/vectors/ethereum/rlp/invalidRLPTest.json"));
        std::size_t cases = 0;
        for (const auto& [name, test] : doc.GetObject()) {
            const std::string vector_name =
                name.GetString();  // CAPTURE's lambda cannot name a structured binding (clang)
            CAPTURE(vector_name);
            const auto bytes = from_hex(test["out"].GetString(), HexPrefix::allowed);
            REQUIRE(bytes);
            auto decoded = rlp::decode(*bytes);
            REQUIRE_FALSE(decoded);
            CHECK(decoded.error().code_as<rlp::RlpError>().has_value());
            ++cases;
        }
        CHECK(cases == 26);
    }

    TEST_CASE("rlp::to_uint: canonical integers only, bounded size")
    {
        std::vector<Bytes> buffers;  // items are views: keep their bytes alive
        buffers.reserve(16);
        auto item = [&](const std::string& hex) {
            buffers.push_back(*from_hex(hex));
            return *rlp::decode(buffers.back());
        };
        CHECK(*rlp::to_uint(item("80")) == 0);
        CHECK(*rlp::to_uint(item("7f")) == 0x7f);
        CHECK(*rlp::to_u64(item("820400")) == 0x400);
        CHECK(rlp::to_uint(item("820004")).error().is(rlp::RlpError::non_canonical));  // leading zero
        CHECK(rlp::to_u64(item("89010000000000000000")).error().is(rlp::RlpError::wrong_shape));  // 9 bytes
        CHECK(rlp::to_uint(item("c0")).error().is(rlp::RlpError::wrong_shape));  // a list
        CHECK(item("c180").items.size() == 1);
        CHECK(rlp::decode(*from_hex("8180")));  // 0x80 as a 1-byte string is canonical
        CHECK_FALSE(rlp::decode(*from_hex("c2c0")));  // list longer than its payload
        CHECK(rlp::decode(*from_hex("0000")).error().is(rlp::RlpError::trailing));
    }
}
