// BIP-322: every official vector (basic, generated, legacy unprefixed) through verify_entry.
#include <doctest/doctest.h>

#include "../../src/proof/tx.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/util/hex.hpp"
#include "test_proof_support.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::test;

namespace {

std::string json_string(const rapidjson::Value& v, const char* key)
{
    return std::string(v[key].GetString(), v[key].GetStringLength());
}

std::string display_txid(const Hash256& id)
{
    Hash256 reversed = id;
    std::reverse(reversed.begin(), reversed.end());
    return to_hex(reversed);
}

void check_valid_section(const rapidjson::Value& section, const char* name)
{
    for (const auto& vector : section.GetArray()) {
        const std::string address = json_string(vector, "address");
        const std::string message = json_string(vector, "message");
        for (const auto& sig : vector["bip322_signatures"].GetArray()) {
            const std::string signature(sig.GetString(), sig.GetStringLength());
            const auto result =
                verify(make_entry(address, message, {signature}, "", addressbook::FileFormat::porwatch));
            INFO(std::string(name) << " " << json_string(vector, "type") << " " << address << ": " << result.reason);
            CHECK(result.status == proof::ProofStatus::verified);
        }
    }
}

void check_error_section(const rapidjson::Value& section)
{
    for (const auto& vector : section.GetArray()) {
        const auto result = verify(make_entry(json_string(vector, "address"), json_string(vector, "message"),
                                              {json_string(vector, "signature")}));
        INFO(json_string(vector, "description") << ": " << result.reason);
        CHECK(result.status == proof::ProofStatus::failed);
        CHECK(result.reason.find(json_string(vector, "error_substr")) != std::string::npos);
    }
}

}  // namespace

TEST_SUITE("proof")
{
    TEST_CASE("proof::bip322 basic vectors: message hashes and to_spend/to_sign txids")
    {
        const auto doc = read_json_file(shared_path("data/vectors/bip322/basic-test-vectors.json"));
        for (const auto& vector : doc["tx_hashes"].GetArray()) {
            const std::string message = json_string(vector, "message");
            const auto address = address::parse_address(json_string(vector, "address"));
            REQUIRE(address);
            const Hash256 message_hash = crypto::tagged_sha256("BIP0322-signed-message", crypto::as_bytes(message));
            CHECK(to_hex(message_hash) == json_string(vector, "message_hash"));
            proof::detail::Tx to_spend;
            proof::detail::TxIn in;
            in.prev_index = 0xffffffffU;
            in.script_sig = {0x00, 0x20};
            in.script_sig.insert(in.script_sig.end(), message_hash.begin(), message_hash.end());
            to_spend.inputs.push_back(in);
            to_spend.outputs.push_back({0, address->address.script});
            const Hash256 spend_id = proof::detail::txid(to_spend);
            CHECK(display_txid(spend_id) == json_string(vector, "to_spend_tx_hash"));
            proof::detail::Tx to_sign;
            proof::detail::TxIn sign_in;
            sign_in.prev_txid = spend_id;
            to_sign.inputs.push_back(sign_in);
            to_sign.outputs.push_back({0, Bytes{0x6a}});
            CHECK(display_txid(proof::detail::txid(to_sign)) == json_string(vector, "to_sign_tx_hash"));
        }
    }

    TEST_CASE("proof::verify_entry bip322 basic vectors: simple signatures verify, errors fail with the reason")
    {
        const auto doc = read_json_file(shared_path("data/vectors/bip322/basic-test-vectors.json"));
        check_valid_section(doc["simple"], "simple");
        check_error_section(doc["error"]);
    }

    TEST_CASE("proof::verify_entry bip322 generated vectors: simple and full verify, errors fail")
    {
        const auto doc = read_json_file(shared_path("data/vectors/bip322/generated-test-vectors.json"));
        check_valid_section(doc["simple"], "simple");
        check_valid_section(doc["full"], "full");
        check_error_section(doc["error"]);
    }

    TEST_CASE("proof::verify_entry bip322 proof-of-funds vectors verify every input, a changed message fails")
    {
        const auto doc = read_json_file(shared_path("data/vectors/bip322/generated-test-vectors.json"));
        check_valid_section(doc["proof_of_funds"], "pof");
        for (const auto& vector : doc["proof_of_funds"].GetArray()) {
            for (const auto& sig : vector["bip322_signatures"].GetArray()) {
                const auto result =
                    verify(make_entry(json_string(vector, "address"), json_string(vector, "message") + "x",
                                      {std::string(sig.GetString(), sig.GetStringLength())}));
                CHECK(result.status == proof::ProofStatus::failed);
                CHECK(result.scheme == "bip322-pof");
            }
        }
    }

    TEST_CASE("proof::verify_entry bip322 legacy unprefixed vectors verify as simple")
    {
        const auto doc = read_json_file(shared_path("data/vectors/bip322/legacy-unprefixed-vectors.json"));
        const auto& signing = doc["signing"];
        const std::string address = json_string(signing, "address");
        for (const auto& group : signing["signatures"].GetArray()) {
            for (const auto& sig : group["simple_unprefixed"].GetArray()) {
                const auto result = verify(make_entry(address, json_string(group, "message"),
                                                      {std::string(sig.GetString(), sig.GetStringLength())}));
                INFO(result.reason);
                CHECK(verified(result));
                CHECK(result.scheme == "bip322-simple");
                // A one-character change of the message must fail.
                CHECK_FALSE(verified(verify(make_entry(address, json_string(group, "message") + "!",
                                                       {std::string(sig.GetString(), sig.GetStringLength())}))));
            }
        }
    }
}
