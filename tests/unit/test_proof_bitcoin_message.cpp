// Legacy/BIP-137 message signatures and OKX-style multisig: official vectors plus tampering.
#include <doctest/doctest.h>

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
    TEST_CASE("proof::verify_entry bitcoin-core signmessage vectors")
    {
        const auto doc = read_json_file(shared_path("data/vectors/bitcoin-core-signmessage/vectors.json"));
        const auto& sign = doc["sign"].GetArray();
        CHECK(verified(
            verify(make_entry(str(sign[0], "address"), str(sign[0], "message"), {str(sign[0], "signature")}))));
        CHECK(verified(
            verify(make_entry(str(sign[1], "address_p2pkh"), str(sign[1], "message"), {str(sign[1], "signature")}))));
        for (const auto& vector : doc["verify"].GetArray()) {
            const auto result =
                verify(make_entry(str(vector, "address"), str(vector, "message"), {str(vector, "signature")}));
            INFO(str(vector, "expect") << " " << str(vector, "address") << ": " << result.reason);
            if (str(vector, "expect") == "OK")
                CHECK(verified(result));
            else
                CHECK(result.status == proof::ProofStatus::failed);
        }
    }

    TEST_CASE("proof::verify_entry bitcoinjs-message fixtures (bitcoin network)")
    {
        const auto doc = read_json_file(shared_path("data/vectors/bitcoinjs-message/fixtures.json"));
        int checked = 0;
        for (const auto& vector : doc["valid"]["verify"].GetArray()) {
            if (str(vector, "network") != "bitcoin") continue;  // porwatch has no Dogecoin chain
            const std::string message = str(vector, "message");
            CHECK(verified(verify(make_entry(str(vector, "address"), message, {str(vector, "signature")}))));
            const auto& compressed = vector["compressed"];
            CHECK(verified(verify(make_entry(str(compressed, "address"), message, {str(compressed, "signature")}))));
            for (const auto& segwit : vector["segwit"].GetObject()) {
                const auto result =
                    verify(make_entry(str(segwit.value, "address"), message, {str(segwit.value, "signature")}),
                           proof::HeaderPolicy::strict);
                CHECK(verified(result));
                CHECK(result.scheme == "bip137");
            }
            ++checked;
        }
        CHECK(checked == 1);
        for (const auto& vector : doc["invalid"]["verify"].GetArray()) {
            INFO(str(vector, "description"));
            CHECK(
                verify(make_entry(str(vector, "address"), str(vector, "message"), {str(vector, "signature")})).status ==
                proof::ProofStatus::failed);
        }
    }

    TEST_CASE("proof::verify_entry bip137-electrum matrix: strict and loose header policies")
    {
        const auto doc = read_json_file(shared_path("data/vectors/bip137-electrum/vectors.json"));
        const std::string message = str(doc, "message");
        for (const auto& row : doc["expected"].GetArray()) {
            const std::string signature = str(doc["signatures"], str(row, "signature").c_str());
            const auto entry = make_entry(str(row, "address"), message, {signature});
            INFO(str(row, "address") << " " << str(row, "signature"));
            CHECK(verified(verify(entry, proof::HeaderPolicy::strict)) == row["strict_bip137"].GetBool());
            const auto loose = verify(entry, proof::HeaderPolicy::accept_loose);
            CHECK(verified(loose) == row["electrum_any"].GetBool());
            if (verified(loose) && !row["strict_bip137"].GetBool()) CHECK(loose.scheme == "bip137-loose");
        }
    }

    TEST_CASE("proof::verify_entry OKX verifier vectors: P2PKH and 2-of-3 multisig")
    {
        const auto doc = read_json_file(shared_path("data/vectors/okx-por/okx_verify_vectors.json"));
        for (const auto& row : doc["utxo"].GetArray()) {
            std::vector<std::string> sigs{str(row, "signature1")};
            if (!str(row, "signature2").empty()) sigs.push_back(str(row, "signature2"));
            const auto result = verify(make_entry(str(row, "address"), str(row, "message"), sigs, str(row, "script"),
                                                  addressbook::FileFormat::okx));
            INFO(str(row, "type") << ": " << result.reason);
            CHECK(verified(result));
            if (!str(row, "script").empty()) {
                CHECK(result.scheme == "multisig");
                CHECK(result.proven == 2);
                CHECK(result.required == 2);
                CHECK(result.reason.find("2 of 2 keys proven") == 0);
            }
        }
    }

    TEST_CASE("proof::verify_multisig rejects a duplicate key, a foreign script, a short count and a changed message")
    {
        const auto doc = read_json_file(shared_path("data/vectors/okx-por/okx_verify_vectors.json"));
        const auto& p2sh = doc["utxo"].GetArray()[1];
        const auto& p2wsh = doc["utxo"].GetArray()[2];
        const std::string address = str(p2sh, "address");
        const std::string message = str(p2sh, "message");
        const std::string sig1 = str(p2sh, "signature1");
        const std::string sig2 = str(p2sh, "signature2");
        const std::string script = str(p2sh, "script");
        auto run = [&](std::vector<std::string> sigs, const std::string& addr, const std::string& scr,
                       const std::string& msg) {
            return verify(make_entry(addr, msg, std::move(sigs), scr, addressbook::FileFormat::okx));
        };
        // Order does not matter.
        CHECK(verified(run({sig2, sig1}, address, script, message)));
        const auto duplicate = run({sig1, sig1}, address, script, message);
        CHECK(duplicate.status == proof::ProofStatus::failed);
        CHECK(duplicate.reason.find("again") != std::string::npos);
        const auto one = run({sig1}, address, script, message);
        CHECK(one.status == proof::ProofStatus::failed);
        CHECK(one.reason.find("1 of 2 keys proven") == 0);
        const auto foreign = run({sig1, sig2}, address, str(p2wsh, "script"), message);
        CHECK(foreign.status == proof::ProofStatus::failed);
        CHECK(foreign.reason == "script does not hash to the address");
        CHECK_FALSE(verified(run({sig1, sig2}, address, script, message + ".")));
        // The P2WSH script against the P2WSH address verifies; against the P2SH address it does not.
        CHECK(verified(run({str(p2wsh, "signature1"), str(p2wsh, "signature2")}, str(p2wsh, "address"),
                           str(p2wsh, "script"), str(p2wsh, "message"))));
    }

    TEST_CASE("proof::verify_entry status for unsupported, unparseable and unsigned rows")
    {
        auto entry = make_entry("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "", {});
        CHECK(verify(entry).status == proof::ProofStatus::unsigned_entry);
        entry.unsupported_reason = "SOL is not supported";
        CHECK(verify(entry).status == proof::ProofStatus::unsupported);
        auto broken = make_entry("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMX", "m", {"sig"});
        const auto result = verify(broken);
        CHECK(result.status == proof::ProofStatus::failed);
        CHECK(result.reason.find("address does not parse") == 0);
        CHECK(proof::to_string(proof::ProofStatus::owners_signed) == "owners-signed");
        CHECK(proof::to_string(proof::ProofStatus::unsigned_entry) == "unsigned");
    }
}
