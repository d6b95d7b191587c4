// Pinning an Ethereum block, shared by the balance scanner (evm_source.cpp) and the price
// feed reader (price_feed.cpp); private to src/chain.
#pragma once

#include <cstdint>
#include <string>

#include "evm_rpc.hpp"
#include "porwatch/config/config.hpp"

namespace porwatch::chain::evm {

// Chain identity (eth_chainId, and block 0's hash when genesis_hash is pinned) and sync state.
// Fails with wrong_chain, syncing or the transport's error.
Status check_endpoint(RpcClient& rpc, const config::EvmChainConfig& config);

// Pick the block to read: latest − confirmations, or finalized / safe. Fails (syncing) when the chain
// is shorter than `confirmations`.
Result<BlockRef> pick_block(RpcClient& rpc, const config::EvmChainConfig& config);

}  // namespace porwatch::chain::evm
