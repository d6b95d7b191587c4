// BIP-322 legacy unprefixed *full* signatures: a whole to_sign transaction without the "ful"
// prefix. Third-party fixtures from bip322-js (tests/fixtures/gen_bip322_full_fixtures.cjs) and
// the official generated full vectors with their prefix removed.
#include <doctest/doctest.h>

#include <set>

#include "test_proof_support.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::test;

namespace {

std::string str(const rapidjson::Value& v, const char* key)
{
    return std::string(v[key].GetString(), v[key].GetStringLength());
}

}  // namespace

TEST_SUITE("proof")
{
    TEST_CASE("proof::verify_entry bip322-js legacy full signatures: valid ones verify, tampered ones fail")
    {
        const auto doc = read_json_file(source_path("tests/fixtures/bip322_full_fixtures.json"));
        REQUIRE(doc.GetArray().Size() == 24);
        int valid = 0;
        for (const auto& record : doc.GetArray()) {
            const bool expect = record["verified"].GetBool();
            const auto result =
                verify(make_entry(str(record, "address"), str(record, "message"), {str(record, "signature")}));
            INFO(str(record, "type") << "/" << str(record, "sighash") << "/" << str(record, "variant") << ": "
                                     << result.reason);
            CHECK(verified(result) == expect);
            CHECK(result.scheme == "bip322-full");
            if (!expect) CHECK(result.status == proof::ProofStatus::failed);
            valid += expect;
            // The same witness as a simple signature agrees (bip322-js's own Verifier checked it).
            CHECK(verified(verify(
                      make_entry(str(record, "address"), str(record, "message"), {str(record, "simple")}))) == expect);
            // Prefixed, it is the same full proof.
            CHECK(verified(verify(make_entry(str(record, "address"), str(record, "message"),
                                             {"ful" + str(record, "signature")}))) == expect);
        }
        CHECK(valid == 8);
    }

    TEST_CASE("proof::verify_entry official full vectors verify unprefixed, for every address type")
    {
        const auto doc = read_json_file(shared_path("data/vectors/bip322/generated-test-vectors.json"));
        std::set<std::string> types;
        for (const auto& vector : doc["full"].GetArray()) {
            for (const auto& sig : vector["bip322_signatures"].GetArray()) {
                const std::string prefixed(sig.GetString(), sig.GetStringLength());
                REQUIRE(prefixed.substr(0, 3) == "ful");
                const auto entry = make_entry(str(vector, "address"), str(vector, "message"), {prefixed.substr(3)});
                const auto result = verify(entry);
                INFO(str(vector, "type") << ": " << result.reason);
                CHECK(verified(result));
                CHECK(result.scheme == "bip322-full");
                types.insert(str(vector, "type"));
                auto changed = entry;
                changed.ownership.message += "x";
                CHECK(verify(changed).status == proof::ProofStatus::failed);
            }
        }
        CHECK(types.size() == 10);
    }

    TEST_CASE("proof::verify_entry an unprefixed signature that is neither a witness stack nor a transaction fails")
    {
        const auto address = "bc1qa0qwuze2h85zw7nqpsj3ga0z9geyrgwpp9ee7r";
        const auto result = verify(make_entry(address, "m", {"AAECAwQFBgc="}));
        CHECK(result.status == proof::ProofStatus::failed);
        CHECK(result.scheme == "bip322-simple");
        CHECK(result.reason == "error parsing signature as simple variant (and not a full to_sign transaction)");
        // "smp" says simple: never read as a transaction.
        CHECK(verify(make_entry(address, "m", {"smpAAECAwQFBgc="})).reason ==
              "error parsing signature as simple variant");
    }
}
