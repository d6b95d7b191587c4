// Typed Ethereum JSON-RPC calls and ABI helpers (private to src/chain). Quantities are exact
// (uint256); every state read names its block by hash (EIP-1898).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/util/amount.hpp"
#include "rpc_client.hpp"

namespace porwatch::chain::evm {

Result<std::uint64_t> eth_chain_id(RpcClient& rpc);
// True while the node is syncing (eth_syncing returns an object).
Result<bool> eth_syncing(RpcClient& rpc);
Result<std::uint64_t> eth_block_number(RpcClient& rpc);

struct BlockRef {
    std::uint64_t number = 0;
    std::string hash;
};
// `tag` is a hex number ("0x1a"), "latest" or "finalized". Fails when the node has no such block.
Result<BlockRef> eth_get_block_by_number(RpcClient& rpc, const std::string& tag);
Result<BlockRef> eth_get_block_by_hash(RpcClient& rpc, const std::string& hash);

// The EIP-1898 block parameter for `hash`.
std::string block_param(const std::string& hash);

// 4-byte selectors, as hex calldata.
inline constexpr const char* kBalanceOf = "0x70a08231";
inline constexpr const char* kDecimals = "0x313ce567";
inline constexpr const char* kGetOwners = "0xa0e67e2b";
inline constexpr const char* kGetThreshold = "0xe75235b8";

// Calldata of balanceOf(holder): selector + holder left-padded to 32 bytes.
std::string balance_of_calldata(const std::string& holder);

// params of eth_call {"to":to,"data":data} at `hash`.
std::string call_params(const std::string& to, const std::string& data, const std::string& hash);

// Decode one 32-byte ABI uint256 word. "0x" (no code at the address) and any other length fail.
Result<Units> decode_uint256(std::string_view hex);

// Decode an ABI-encoded address[] return value into EIP-55 strings.
Result<std::vector<std::string>> decode_address_array(std::string_view hex);

}  // namespace porwatch::chain::evm
