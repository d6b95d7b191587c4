#include <doctest/doctest.h>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/util/hex.hpp"

using namespace porwatch;
using namespace porwatch::crypto;

namespace {
std::string hex_of(const auto& digest)
{
    return to_hex(digest);
}
}  // namespace

TEST_SUITE("crypto")
{
    TEST_CASE("crypto::sha256 FIPS 180-2 vectors")
    {
        CHECK(hex_of(sha256(as_bytes(""))) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        CHECK(hex_of(sha256(as_bytes("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        CHECK(hex_of(sha256(as_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    TEST_CASE("crypto::double_sha256 is SHA-256 applied twice")
    {
        CHECK(hex_of(double_sha256(as_bytes("hello"))) ==
              "9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50");
        CHECK(double_sha256(as_bytes("abc")) == sha256(sha256(as_bytes("abc"))));
    }

    TEST_CASE("crypto::ripemd160 reference vectors (Dobbertin, Bosselaers, Preneel)")
    {
        CHECK(hex_of(ripemd160(as_bytes(""))) == "9c1185a5c5e9fc54612808977ee8f548b2258d31");
        CHECK(hex_of(ripemd160(as_bytes("abc"))) == "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
        CHECK(hex_of(ripemd160(as_bytes("message digest"))) == "5d0689ef49d2fae572b881b123a85ffa21595f36");
    }

    TEST_CASE("crypto::hash160 of the test key's public key is its P2WPKH program")
    {
        // shared/docs/test-infra.md §4.4/§5.1: key 0x01*32, program 79b00088…3583.
        const auto pub = from_hex("031b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f");
        REQUIRE(pub.ok());
        CHECK(hex_of(hash160(pub.value())) == "79b000887626b294a914501a4cd226b58b235983");
    }

    TEST_CASE("crypto::keccak256 is Ethereum's Keccak, not SHA3-256")
    {
        CHECK(hex_of(keccak256(as_bytes(""))) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        CHECK(hex_of(keccak256(as_bytes("abc"))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
        // SHA3-256("") would be a7ffc6f8…; make sure that is not what we compute.
        CHECK(hex_of(keccak256(as_bytes(""))).rfind("a7ffc6f8", 0) != 0);
        // ERC-20 balanceOf(address) selector.
        CHECK(hex_of(keccak256(as_bytes("balanceOf(address)"))).substr(0, 8) == "70a08231");
    }

    TEST_CASE("crypto::tagged_sha256 BIP-340 tagged hash")
    {
        // BIP-322's message hash of the empty message.
        CHECK(hex_of(tagged_sha256("BIP0322-signed-message", as_bytes(""))) ==
              "c90c269c4f8fcbe6880f72a721ddfbf1914268a794cbb21cfafee13770ae19f1");
        // Definition check: SHA-256(SHA-256(tag) || SHA-256(tag) || msg).
        const Hash256 tag = sha256(as_bytes("TapTweak"));
        Bytes preimage(tag.begin(), tag.end());
        preimage.insert(preimage.end(), tag.begin(), tag.end());
        preimage.push_back(0x42);
        const std::uint8_t msg = 0x42;
        CHECK(tagged_sha256("TapTweak", ByteView(&msg, 1)) == sha256(preimage));
    }

    TEST_CASE("util::hex round trip and errors")
    {
        CHECK(to_hex(from_hex("00ff10Ab").value()) == "00ff10ab");
        CHECK(from_hex("0x01", HexPrefix::allowed).value() == Bytes{0x01});
        CHECK_FALSE(from_hex("0x01").ok());
        CHECK(from_hex("abc").error().message == "hex has an odd number of digits (3)");
        CHECK(from_hex("zz").error().message == "invalid hex character at position 1");
    }
}
