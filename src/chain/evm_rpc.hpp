// Typed Ethereum JSON-RPC calls and ABI helpers (private to src/chain). Quantities are exact
// (uint256); every state read names its block by hash (EIP-1898). Failures are Errors with a
// ChainError code; node strings in messages went through untrusted_text().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/chain/prices.hpp"
#include "porwatch/util/amount.hpp"
#include "rpc_client.hpp"

namespace porwatch::chain::evm {

Result<std::uint64_t> eth_chain_id(RpcClient& rpc);
// True while the node is syncing (eth_syncing returns an object).
Result<bool> eth_syncing(RpcClient& rpc);
Result<std::uint64_t> eth_block_number(RpcClient& rpc);

struct BlockRef {
    std::uint64_t number = 0;
    std::string hash;  // 0x + 64 hex, checked
    std::optional<std::int64_t> timestamp;  // when the node sent one (a quantity below 2^63)
};
// `tag` is a hex number ("0x1a"), "latest", "finalized" or "safe". Fails when the node has no such block.
Result<BlockRef> eth_get_block_by_number(RpcClient& rpc, const std::string& tag);
Result<BlockRef> eth_get_block_by_hash(RpcClient& rpc, const std::string& hash);

// The EIP-1898 block parameter for `hash`.
std::string block_param(const std::string& hash);

// 4-byte selectors, as hex calldata.
inline constexpr const char* kBalanceOf = "0x70a08231";
inline constexpr const char* kDecimals = "0x313ce567";
// AggregatorV3Interface (../shared/data/vectors/chainlink/aggregator_v3_interface.json).
inline constexpr const char* kDescription = "0x7284e416";
inline constexpr const char* kLatestRoundData = "0xfeaf968c";
inline constexpr const char* kGetOwners = "0xa0e67e2b";
inline constexpr const char* kGetThreshold = "0xe75235b8";
inline constexpr const char* kIsValidSignature = "0x1626ba7e";  // isValidSignature(bytes32,bytes)
// The only return value EIP-1271 defines as "valid": bytes4 0x1626ba7e, ABI left-aligned.
inline constexpr const char* kEip1271Magic = "0x1626ba7e00000000000000000000000000000000000000000000000000000000";

// Calldata of isValidSignature(hash, signature). Fails when `hash` is not 32 bytes of hex or
// `signature` is not hex (both may carry "0x").
Result<std::string> is_valid_signature_calldata(std::string_view hash, std::string_view signature);

// True when an eth_call RPC error is the contract reverting, judged by the JSON-RPC error code
// and data only, never by the message: code 3 ("execution reverted", EIP-1474 as geth, anvil
// and Erigon send it), or -32000 with 0x-hex revert data (Nethermind, Hardhat). Any other
// error, -32000 without data included, is the node failing.
bool is_revert(const RpcValue& reply);

// Calldata of balanceOf(holder): selector + holder left-padded to 32 bytes.
std::string balance_of_calldata(const std::string& holder);

// params of eth_call {"to":to,"data":data} at `hash`.
std::string call_params(const std::string& to, const std::string& data, const std::string& hash);

// Decode one 32-byte ABI uint256 word. "0x" (no code at the address) and any other length fail.
Result<Units> decode_uint256(std::string_view hex);

// Decode exactly `count` 32-byte ABI words ("0x" + 64·count hex digits). "0x" (no code) and any
// other length fail (malformed).
Result<std::vector<Units>> decode_words(std::string_view hex, std::size_t count);

// Decode an ABI-encoded `string` return value of at most `max_bytes` bytes. Fails (malformed) on
// "0x", a bad offset or length, or non-zero padding. The bytes are returned as they are: pass
// them through untrusted_text() before showing them.
Result<std::string> decode_abi_string(std::string_view hex, std::size_t max_bytes);

// An int256 word (two's complement) as sign and magnitude.
SignedUnits signed_word(const Units& word);

// Decode an ABI-encoded address[] return value into EIP-55 strings.
Result<std::vector<std::string>> decode_address_array(std::string_view hex);

}  // namespace porwatch::chain::evm
