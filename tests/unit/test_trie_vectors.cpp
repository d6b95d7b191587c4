// The Merkle-Patricia trie against the official ethereum/tests TrieTests
// (../shared/data/vectors/ethereum/trie/): every root rebuilt, every key proven present, an
// absent key proven absent, and any tampered node refused.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/trie/trie.hpp"
#include "porwatch/util/hex.hpp"
#include "test_support.hpp"

using namespace porwatch;

namespace {

// A TrieTests key or value: "0x…" is hex, anything else its raw bytes; null is absent.
Bytes bytes_of(const rapidjson::Value& v, bool hex_encoded)
{
    const std::string s(v.GetString(), v.GetStringLength());
    if (hex_encoded || s.rfind("0x", 0) == 0) return *from_hex(s, HexPrefix::allowed);
    return Bytes(s.begin(), s.end());
}

Hash256 hash_of(const std::string& hex)
{
    Hash256 h{};
    const Bytes b = *from_hex(hex, HexPrefix::allowed);
    std::copy(b.begin(), b.end(), h.begin());
    return h;
}

// Prove every key of `entries` and one absent key; tamper each proof's nodes and expect a refusal.
void prove_all(const std::map<Bytes, Bytes>& entries, const Hash256& root)
{
    for (const auto& [key, value] : entries) {
        const auto proof = trie::build_proof(entries, key);
        REQUIRE_FALSE(proof.empty());
        CHECK(crypto::keccak256(proof.front()) == root);  // EIP-1186 order: the root first
        auto found = trie::verify_proof(root, key, trie::ProofNodes(proof));
        REQUIRE(found);
        REQUIRE(found->has_value());
        CHECK(**found == value);
        for (std::size_t i = 0; i < proof.size(); ++i) {
            auto tampered = proof;
            tampered[i][tampered[i].size() / 2] ^= 0x01;
            auto refused = trie::verify_proof(root, key, trie::ProofNodes(tampered));
            REQUIRE_FALSE(refused);
            CHECK(refused.error().code_as<trie::TrieError>().has_value());
        }
        // A proof missing its last node does not decide: an error, never "absent".
        auto short_proof = proof;
        short_proof.pop_back();
        if (!short_proof.empty()) CHECK_FALSE(trie::verify_proof(root, key, trie::ProofNodes(short_proof)));
    }
    const Bytes absent{0xde, 0xad, 0xbe, 0xef, 0x99};
    if (entries.count(absent) == 0 && !entries.empty()) {
        auto found = trie::verify_proof(root, absent, trie::ProofNodes(trie::build_proof(entries, absent)));
        REQUIRE(found);
        CHECK_FALSE(found->has_value());
    }
}

}  // namespace

TEST_SUITE("trie")
{
    TEST_CASE("trie::build_root and verify_proof: TrieTests/trietest.json (ordered inserts and deletes)")
    {
        const auto doc = test::read_json_file(test::shared_path("data/vectors/ethereum/trie/trietest.json"));
        std::size_t cases = 0;
        for (const auto& [name, test] : doc.GetObject()) {
            const std::string vector_name =
                name.GetString();  // CAPTURE's lambda cannot name a structured binding (clang)
            CAPTURE(vector_name);
            std::map<Bytes, Bytes> entries;
            for (const auto& op : test["in"].GetArray()) {
                const Bytes key = bytes_of(op[0], false);
                if (op[1].IsNull() || op[1].GetStringLength() == 0) {
                    entries.erase(key);
                } else {
                    entries[key] = bytes_of(op[1], false);
                }
            }
            const Hash256 root = hash_of(test["root"].GetString());
            CHECK(to_hex(trie::build_root(entries)) == to_hex(root));
            prove_all(entries, root);
            ++cases;
        }
        CHECK(cases == 5);
    }

    TEST_CASE("trie::build_root and verify_proof: TrieTests/trieanyorder.json and the secure trie")
    {
        std::size_t cases = 0;
        for (const char* file : {"trieanyorder.json", "hex_encoded_securetrie_test.json"}) {
            const bool secure = std::string(file).find("secure") != std::string::npos;
            const auto doc = test::read_json_file(test::shared_path(std::string("data/vectors/ethereum/trie/") + file));
            for (const auto& [name, test] : doc.GetObject()) {
                const std::string vector_name =
                    name.GetString();  // CAPTURE's lambda cannot name a structured binding (clang)
                CAPTURE(vector_name);
                std::map<Bytes, Bytes> entries;
                for (const auto& [k, v] : test["in"].GetObject()) {
                    Bytes key = bytes_of(k, secure);
                    if (secure) {
                        const Hash256 h = crypto::keccak256(key);
                        key.assign(h.begin(), h.end());
                    }
                    entries[key] = bytes_of(v, secure);
                }
                const Hash256 root = hash_of(test["root"].GetString());
                CHECK(to_hex(trie::build_root(entries)) == to_hex(root));
                prove_all(entries, root);
                ++cases;
            }
        }
        CHECK(cases == 10);
    }

    TEST_CASE("trie::verify_proof: the empty trie proves every key absent, a wrong root is refused")
    {
        auto empty = trie::verify_proof(trie::kEmptyRoot, Bytes{1, 2, 3}, trie::ProofNodes{});
        REQUIRE(empty);
        CHECK_FALSE(empty->has_value());
        CHECK(to_hex(trie::kEmptyRoot) == "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
        std::map<Bytes, Bytes> entries{{Bytes{0x12, 0x34}, Bytes{0x05}}, {Bytes{0x12, 0x56}, Bytes(40, 0x07)}};
        const auto proof = trie::build_proof(entries, Bytes{0x12, 0x34});
        Hash256 other = trie::build_root(entries);
        other[0] ^= 1;
        auto refused = trie::verify_proof(other, Bytes{0x12, 0x34}, trie::ProofNodes(proof));
        REQUIRE_FALSE(refused);
        CHECK(refused.error().is(trie::TrieError::missing_node));
        // No nodes at all for a non-empty root: not "absent", an error.
        CHECK_FALSE(trie::verify_proof(trie::build_root(entries), Bytes{0x12, 0x34}, trie::ProofNodes{}));
    }
}
