// EVM and TRON signatures: EIP-191 vectors, OKX digests, v handling, EIP-2 high-s, owners.
#include <doctest/doctest.h>

#include "porwatch/util/hex.hpp"
#include "test_proof_support.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::test;

namespace {

std::string str(const rapidjson::Value& v, const char* key)
{
    return std::string(v[key].GetString(), v[key].GetStringLength());
}

// s' = n - s and v flipped: the same signature in its high-s form.
std::string to_high_s(const std::string& signature)
{
    auto bytes = from_hex(signature, HexPrefix::allowed).value();
    static const std::uint8_t kOrder[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                            0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                            0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
        int d = kOrder[i] - bytes[32 + static_cast<std::size_t>(i)] - borrow;
        borrow = d < 0 ? 1 : 0;
        bytes[32 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(d + (borrow ? 256 : 0));
    }
    bytes[64] = bytes[64] == 27 ? 28 : 27;
    return "0x" + to_hex(bytes);
}

}  // namespace

TEST_SUITE("proof")
{
    TEST_CASE("proof::verify_entry EIP-191 sign/recover vector, v as 27/28 and 0/1")
    {
        const auto doc = read_json_file(shared_path("data/vectors/eip191/vectors.json"));
        const auto& vector = doc["sign_recover"].GetArray()[0];
        const std::string sig = str(vector, "signature");
        const auto result = verify(make_entry(str(vector, "address"), str(vector, "message"), {sig}));
        CHECK(verified(result));
        CHECK(result.scheme == "eip191");
        std::string v01 = sig.substr(0, sig.size() - 2) + "01";  // v = 28 → 1
        CHECK(verified(verify(make_entry(str(vector, "address"), str(vector, "message"), {v01}))));
        CHECK_FALSE(verified(verify(make_entry(str(vector, "address"), "Some data!", {sig}))));
        const auto high = verify(make_entry(str(vector, "address"), str(vector, "message"), {to_high_s(sig)}));
        CHECK(high.status == proof::ProofStatus::failed);
        CHECK(high.reason.find("high s") != std::string::npos);
        // Under the OKX digest the same signature does not verify.
        CHECK_FALSE(verified(verify(make_entry(str(vector, "address"), str(vector, "message"), {sig}, "",
                                               addressbook::FileFormat::porwatch, "eip191-hash"))));
    }

    TEST_CASE("proof::verify_entry OKX EVM vectors verify only under the hash-of-hash digest")
    {
        const auto doc = read_json_file(shared_path("data/vectors/okx-por/okx_verify_vectors.json"));
        for (const auto& row : doc["evm"].GetArray()) {
            const auto okx = verify(make_entry(str(row, "address"), str(row, "message"), {str(row, "signature")}, "",
                                               addressbook::FileFormat::okx));
            INFO(str(row, "address") << ": " << okx.reason);
            CHECK(verified(okx));
            CHECK(okx.scheme == "eip191-hash");
            CHECK_FALSE(
                verified(verify(make_entry(str(row, "address"), str(row, "message"), {str(row, "signature")}))));
        }
        for (const auto& row : doc["tron"].GetArray()) {
            const auto result = verify(make_entry(str(row, "address"), str(row, "message"), {str(row, "signature")}, "",
                                                  addressbook::FileFormat::okx));
            INFO(str(row, "digest_scheme") << ": " << result.reason);
            CHECK(verified(result));
            CHECK(result.scheme == (str(row, "digest_scheme").rfind("v1", 0) == 0 ? "tron-v1" : "tron-v2"));
            // TRON signatures without 0x are accepted too.
            CHECK(verified(verify(make_entry(str(row, "address"), str(row, "message"),
                                             {str(row, "signature").substr(2)}, "", addressbook::FileFormat::okx))));
        }
    }

    TEST_CASE("proof::verify_entry OKX contract rows: owners-signed only when every owner signature verifies")
    {
        const auto doc = read_json_file(shared_path("data/vectors/okx-por/okx_verify_vectors.json"));
        const auto& evm = doc["evm"].GetArray();
        const auto& a = evm[0];
        const auto& b = evm[2];
        auto entry = make_entry("0x57e2dcd253527a0f70c6a3de3556f6e6e163f19c", str(a, "message"),
                                {str(a, "signature"), str(b, "signature")}, "", addressbook::FileFormat::okx);
        entry.ownership.owners = {str(a, "address"), str(b, "address")};
        const auto result = verify(entry);
        INFO(result.reason);
        CHECK(result.status == proof::ProofStatus::owners_signed);
        CHECK(result.signers.size() == 2);
        std::swap(entry.ownership.signatures[0], entry.ownership.signatures[1]);
        CHECK(verify(entry).status == proof::ProofStatus::failed);
        entry.ownership.signatures.pop_back();
        CHECK(verify(entry).status == proof::ProofStatus::failed);
    }
}
