// Cross-check against addresses derived by third-party libraries (bitcoinjs-lib, Electrum,
// ethers) for the same keys: tests/fixtures/address_fixtures.json, made by
// tests/fixtures/generate.sh.
#include <doctest/doctest.h>

#include <map>

#include "porwatch/address/address.hpp"
#include "porwatch/util/hex.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::address;

TEST_SUITE("address")
{
    TEST_CASE("address::parse_address agrees with bitcoinjs-lib, Electrum and ethers on every fixture")
    {
        const auto doc = test::read_json_file(test::source_path("tests/fixtures/address_fixtures.json"));
        REQUIRE(doc.IsArray());
        std::map<std::string, int> seen;  // "chain network type" → count
        for (const auto& record : doc.GetArray()) {
            const std::string text = record["address"].GetString();
            const std::string chain_name = record["chain"].GetString();
            CAPTURE(text);
            CAPTURE(record["source"].GetString());
            const auto chain = chain_from_string(chain_name);
            REQUIRE(chain.has_value());
            std::optional<Network> network;
            if (record.HasMember("network")) network = network_from_string(record["network"].GetString());

            const auto parsed = parse_address(text, chain, network);
            REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
            const Address& a = parsed->address;
            CHECK(a.chain == *chain);
            CHECK(std::string(to_string(a.type)) == record["type"].GetString());
            if (is_utxo_chain(*chain)) {
                CHECK(a.network == *network);
                CHECK(to_hex(a.script) == record["script"].GetString());
                // Round trip: render from the payload and get the same string back.
                const bool legacy = record.HasMember("variant") &&
                                    std::string(record["variant"].GetString()).find("legacy") != std::string::npos;
                CHECK(encode_address(a.chain, a.network, a.type, a.payload,
                                     legacy ? LitecoinP2sh::legacy : LitecoinP2sh::modern) == text);
            } else if (*chain == Chain::ethereum) {
                CHECK(a.text == text);
                const auto from_lower = parse_address(record["lower"].GetString(), Chain::ethereum);
                REQUIRE(from_lower.ok());
                CHECK(from_lower->address.text == text);
            } else {
                CHECK(tron_address(a.payload) == text);
                CHECK("0x" + to_hex(a.payload) == std::string(record["evm"].GetString()));
            }
            ++seen[chain_name + " " + (network ? std::string(to_string(*network)) : "") + " " +
                   record["type"].GetString()];
        }
        // Every type on every network is covered: a fixture file that lost a family fails here.
        for (const char* net : {"main", "test", "signet", "regtest"}) {
            for (const char* type : {"p2pkh", "p2sh", "p2wpkh", "p2wsh", "p2tr"}) {
                CHECK_MESSAGE(seen[std::string("bitcoin ") + net + " " + type] > 0, net, " ", type);
                if (std::string(net) != "signet") {
                    CHECK_MESSAGE(seen[std::string("litecoin ") + net + " " + type] > 0, net, " ", type);
                }
            }
        }
        CHECK(seen["ethereum  account"] > 0);
        CHECK(seen["tron  account"] > 0);
    }
}
