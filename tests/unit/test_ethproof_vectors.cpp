// Headers and EIP-1186 proofs against real data: the ethereum/tests BlockchainTests (London-
// format PoW, Shanghai and Cancun headers), and the ethereum/execution-apis RPC fixtures of one
// hive chain (eth_getBlockByNumber at the London, Merge, Shanghai, Cancun and Prague forks,
// debug_getRawHeader, eth_getProof with its block's state root). ../shared/data/vectors/ethereum/
#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <string>

#include "../../src/chain/evm_header.hpp"
#include "../../src/chain/rpc_json.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/ethproof/account.hpp"
#include "porwatch/ethproof/header.hpp"
#include "porwatch/rlp/rlp.hpp"
#include "porwatch/util/hex.hpp"
#include "test_support.hpp"

using namespace porwatch;

namespace {

std::string vectors(const std::string& relative)
{
    return test::shared_path("data/vectors/ethereum/" + relative);
}

Hash256 hash_of(std::string_view hex)
{
    Hash256 h{};
    const Bytes b = *from_hex(hex, HexPrefix::allowed);
    REQUIRE(b.size() == 32);
    std::memcpy(h.data(), b.data(), 32);
    return h;
}

// The "<< " response line of an rpctestgen .io file, parsed (numbers as text, like a node reply).
std::shared_ptr<rapidjson::Document> io_response(const std::string& file)
{
    const std::string text = test::read_text_file(vectors("rpc/" + file));
    const auto at = text.find("\n<< ");
    REQUIRE(at != std::string::npos);
    const auto end = text.find('\n', at + 4);
    auto doc = chain::parse_json(text.substr(at + 4, end == std::string::npos ? std::string::npos : end - at - 4));
    REQUIRE(doc);
    return *doc;
}

ethproof::BlockHeader header_of(const std::string& file, std::string& hash)
{
    const auto doc = io_response(file);
    const auto& block = (*doc)["result"];
    hash = block["hash"].GetString();
    auto header = chain::evm::header_from_json(block);
    REQUIRE_MESSAGE(header, header.error().message);
    return *header;
}

}  // namespace

TEST_SUITE("ethproof")
{
    TEST_CASE("ethproof::decode_header/encode_header: BlockchainTests blocks hash to their stated hash")
    {
        std::size_t headers = 0;
        std::set<std::string> forks;
        for (const char* file : {"SimpleTx_Cancun.json", "blobbasefee_before_fork_ShanghaiToCancun.json",
                                 "powToPosTest_ArrowGlacierToParis.json"}) {
            const auto doc = test::read_json_file(vectors(std::string("blockchain/") + file));
            for (const auto& [name, t] : doc.GetObject()) {
                auto check = [&](const std::string& block_rlp, const std::string& hash) {
                    CAPTURE(file);
                    const Bytes bytes = *from_hex(block_rlp, HexPrefix::allowed);
                    auto block = rlp::decode(bytes);
                    REQUIRE(block);
                    const auto& item = block->items.at(0);
                    auto header = ethproof::decode_header(item.encoded);
                    REQUIRE_MESSAGE(header, header.error().message);
                    const Bytes again = *ethproof::encode_header(*header);
                    CHECK(to_hex(again) == to_hex(item.encoded));
                    auto checked = ethproof::check_header(*header, hash_of(hash));
                    CHECK_MESSAGE(checked, (checked ? "" : checked.error().message));
                    forks.insert(std::string(ethproof::to_string(*ethproof::header_fork(*header))));
                    ++headers;
                };
                check(t["genesisRLP"].GetString(), t["genesisBlockHeader"]["hash"].GetString());
                for (const auto& b : t["blocks"].GetArray())
                    check(b["rlp"].GetString(), b["blockHeader"]["hash"].GetString());
            }
        }
        CHECK(headers == 2 + 2 + 8);
        CHECK(forks == std::set<std::string>{"london", "shanghai", "cancun"});
    }

    TEST_CASE("ethproof::check_header: eth_getBlockByNumber replies at every fork (execution-apis fixtures)")
    {
        const std::pair<const char*, const char*> blocks[] = {
            {"eth_getBlockByNumber_get-genesis.io", "frontier"},
            {"eth_getBlockByNumber_get-block-london-fork.io", "london"},
            {"eth_getBlockByNumber_get-block-merge-fork.io", "london"},
            {"eth_getBlockByNumber_get-block-shanghai-fork.io", "shanghai"},
            {"eth_getBlockByNumber_get-block-cancun-fork.io", "cancun"},
            {"eth_getBlockByNumber_get-block-prague-fork.io", "prague"},
            {"eth_getBlockByNumber_get-latest.io", "prague"},
        };
        for (const auto& [file, fork] : blocks) {
            const std::string vector_file = file;  // CAPTURE's lambda cannot name a structured binding (clang)
            CAPTURE(vector_file);
            std::string hash;
            ethproof::BlockHeader header = header_of(file, hash);
            CHECK(ethproof::to_string(*ethproof::header_fork(header)) == fork);
            auto rlp = ethproof::check_header(header, hash_of(hash));
            REQUIRE_MESSAGE(rlp, rlp.error().message);
            // The same header read back from its RLP.
            auto decoded = ethproof::decode_header(*rlp);
            REQUIRE(decoded);
            CHECK(decoded->state_root == header.state_root);
            // Any field altered, or one fork field dropped, no longer hashes to the block hash.
            ethproof::BlockHeader altered = header;
            altered.state_root[31] ^= 1;
            auto refused = ethproof::check_header(altered, hash_of(hash));
            REQUIRE_FALSE(refused);
            CHECK(refused.error().is(ethproof::ProofError::header));
            if (header.requests_hash) {
                altered = header;
                altered.requests_hash.reset();
                CHECK_FALSE(ethproof::check_header(altered, hash_of(hash)));
                altered = header;
                altered.withdrawals_root.reset();  // a gap: Cancun fields without Shanghai's
                CHECK(ethproof::check_header(altered, hash_of(hash)).error().message.find("without") !=
                      std::string::npos);
            }
        }
        // debug_getRawHeader(genesis) is exactly our encoding of the genesis block.
        std::string hash;
        const auto genesis = header_of("eth_getBlockByNumber_get-genesis.io", hash);
        const auto raw = io_response("debug_getRawHeader_get-genesis.io");
        CHECK("0x" + to_hex(*ethproof::encode_header(genesis)) == std::string((*raw)["result"].GetString()));
    }

    TEST_CASE("ethproof::prove_account/prove_storage: eth_getProof replies against block 0x36's state root")
    {
        std::string hash;
        const auto block = header_of("eth_getBlockByNumber_get-latest.io", hash);
        CHECK(hash == "0xd226371d0b1551adb03fb52b71f08e3e11247fe9b1af994768af8cdaa8e7dcd7");
        for (const char* file :
             {"eth_getProof_get-account-proof-blockhash.io", "eth_getProof_get-account-proof-latest.io",
              "eth_getProof_get-account-proof-with-storage.io"}) {
            CAPTURE(file);
            const auto doc = io_response(file);
            const auto& r = (*doc)["result"];
            std::vector<Bytes> nodes;
            for (const auto& n : r["accountProof"].GetArray())
                nodes.push_back(*from_hex(n.GetString(), HexPrefix::allowed));
            const Bytes address = *from_hex(r["address"].GetString(), HexPrefix::allowed);
            auto state = ethproof::prove_account(block.state_root, address, trie::ProofNodes(nodes));
            REQUIRE_MESSAGE(state, state.error().message);
            CHECK(state->exists);
            CHECK(state->balance == *parse_hex_units(r["balance"].GetString()));
            CHECK(state->storage_root == hash_of(r["storageHash"].GetString()));
            CHECK(state->code_hash == hash_of(r["codeHash"].GetString()));
            // One byte of any node changed: refused, never a balance.
            for (std::size_t i = 0; i < nodes.size(); ++i) {
                auto tampered = nodes;
                tampered[i].back() ^= 0x40;
                auto refused = ethproof::prove_account(block.state_root, address, trie::ProofNodes(tampered));
                REQUIRE_FALSE(refused);
                CHECK(refused.error().is(ethproof::ProofError::account));
            }
            // Another address against the same nodes: the walk leaves them (missing node) or the
            // nodes prove it absent; it never returns this account.
            Bytes other = address;
            other[0] ^= 0xff;
            auto elsewhere = ethproof::prove_account(block.state_root, other, trie::ProofNodes(nodes));
            CHECK((!elsewhere || !elsewhere->exists));
            for (const auto& sp : r["storageProof"].GetArray()) {
                std::vector<Bytes> snodes;
                for (const auto& n : sp["proof"].GetArray())
                    snodes.push_back(*from_hex(n.GetString(), HexPrefix::allowed));
                const Hash256 key = ethproof::to_word(*parse_hex_units(sp["key"].GetString()));
                auto value = ethproof::prove_storage(state->storage_root, key, trie::ProofNodes(snodes));
                REQUIRE_MESSAGE(value, value.error().message);
                CHECK(*value == *parse_hex_units(sp["value"].GetString()));
                CHECK(*value == 0x38);
                auto wrong_root = state->storage_root;
                wrong_root[0] ^= 1;
                CHECK(ethproof::prove_storage(wrong_root, key, trie::ProofNodes(snodes))
                          .error()
                          .is(ethproof::ProofError::storage));
            }
        }
    }

    TEST_CASE("ethproof::mapping_slot: Solidity's keccak256(abi.encode(holder, slot))")
    {
        // cast index address 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 0 (docs/test-infra.md §2.6)
        const Bytes holder = *from_hex("70997970C51812dc3A010C7d01b50e0d17dc79C8");
        CHECK(to_hex(ethproof::mapping_slot(holder, 0)) ==
              "14e04a66bf74771820a7400ff6cf065175b3d7eb25805a5bd1633b161af5d101");
        CHECK(to_hex(ethproof::to_word(0x102)) == std::string(60, '0') + "0102");
    }
}
