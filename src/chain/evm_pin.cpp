#include "evm_pin.hpp"

#include "evm_batch.hpp"

namespace porwatch::chain::evm {

Result<BlockRef> pick_block(RpcClient& rpc, const config::EvmChainConfig& config)
{
    if (config.block == config::EvmBlock::finalized) return eth_get_block_by_number(rpc, "finalized");
    if (config.block == config::EvmBlock::safe) return eth_get_block_by_number(rpc, "safe");
    auto head = eth_block_number(rpc);
    if (!head) return head.error();
    if (*head < config.confirmations) {
        return Error{ChainError::syncing, rpc.endpoint() + ": chain height " + std::to_string(*head) +
                                              " is below confirmations = " + std::to_string(config.confirmations)};
    }
    return eth_get_block_by_number(rpc, hex_quantity(*head - config.confirmations));
}

Status check_endpoint(RpcClient& rpc, const config::EvmChainConfig& config)
{
    auto id = eth_chain_id(rpc);
    if (!id) return id.error();
    if (*id != config.chain_id) {
        return Error{ChainError::wrong_chain, rpc.endpoint() + ": eth_chainId is " + std::to_string(*id) +
                                                  ", config says chain_id = " + std::to_string(config.chain_id)};
    }
    if (config.genesis_hash) {
        auto genesis = eth_get_block_by_number(rpc, "0x0");
        if (!genesis) return genesis.error();
        if (genesis->hash != *config.genesis_hash) {
            return Error{ChainError::wrong_chain, rpc.endpoint() + ": block 0's hash is " + genesis->hash +
                                                      ", config says genesis_hash = " + *config.genesis_hash +
                                                      ": the node is on another chain"};
        }
    }
    auto syncing = eth_syncing(rpc);
    if (!syncing) return syncing.error();
    if (*syncing) return Error{ChainError::syncing, rpc.endpoint() + ": node is syncing"};
    return Ok{};
}

}  // namespace porwatch::chain::evm
