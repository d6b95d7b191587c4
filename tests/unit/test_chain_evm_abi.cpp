// ABI helpers of the EVM scanner (pure): isValidSignature calldata, revert classification.
#include <doctest/doctest.h>

#include "../../src/chain/evm_rpc.hpp"

using namespace porwatch;

TEST_SUITE("chain")
{
    TEST_CASE("chain::is_valid_signature_calldata encodes (bytes32, bytes) with padding")
    {
        const std::string hash = "0x" + std::string(62, '0') + "ab";
        const std::string sig = std::string(128, 'c') + "1b";  // 65 bytes, no 0x
        auto data = chain::evm::is_valid_signature_calldata(hash, sig);
        REQUIRE(data.ok());
        const std::string word64 = std::string(62, '0') + "40";
        const std::string word65 = std::string(62, '0') + "41";
        CHECK(*data == "0x1626ba7e" + hash.substr(2) + word64 + word65 + sig + std::string(62, '0'));
        CHECK((data->size() - 10) % 64 == 0);
        auto empty = chain::evm::is_valid_signature_calldata(hash, "0x");
        REQUIRE(empty.ok());
        CHECK(*empty == "0x1626ba7e" + hash.substr(2) + word64 + std::string(64, '0'));
    }

    TEST_CASE("chain::is_valid_signature_calldata rejects a short hash and non-hex signatures")
    {
        CHECK_FALSE(chain::evm::is_valid_signature_calldata("0x1234", "0x00").ok());
        CHECK_FALSE(chain::evm::is_valid_signature_calldata("0x" + std::string(64, '0'), "0xzz").ok());
        CHECK_FALSE(chain::evm::is_valid_signature_calldata("0x" + std::string(64, '0'), "0x123").ok());
    }

    TEST_CASE("chain::is_revert judges by the JSON-RPC code and data, never by the message")
    {
        chain::RpcValue v;
        v.has_error = true;
        v.error_code = 3;
        v.error_message = "anything at all";
        CHECK(chain::evm::is_revert(v));  // EIP-1474 execution error
        v.error_code = -32000;
        v.error_message = "execution reverted";
        CHECK_FALSE(chain::evm::is_revert(v));  // the words alone prove nothing
        v.error_data = "0x08c379a0";
        CHECK(chain::evm::is_revert(v));  // -32000 with revert data
        v.error_message = "header not found";
        v.error_data.reset();
        CHECK_FALSE(chain::evm::is_revert(v));
        v.has_error = false;
        v.error_code = 3;
        CHECK_FALSE(chain::evm::is_revert(v));  // not an error reply at all
    }
}
