// Proving an EVM scan's balances against the pinned block's state root (private to src/chain).
//
// For every counted endpoint: the full header of the pinned block, checked to hash to the
// pinned hash (the state root comes only from it); then eth_getProof (EIP-1186) at that block
// hash for the selected accounts, and for each token with a balance slot, eth_getProof of the
// token contract with the selected holders' mapping keys. Every proof is verified against the
// state root, and every proven balance must equal the balance the scan agreed on. Any
// difference is a ChainError::proof naming the endpoint: the chain fails, a lie is never summed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evm_rpc.hpp"
#include "porwatch/chain/result.hpp"
#include "porwatch/config/config.hpp"
#include "rpc_client.hpp"

namespace porwatch::chain::evm {

// What the scan agreed on: accounts × assets (ETH, then config.tokens in order).
struct AgreedBalances {
    const std::vector<const std::string*>& accounts;  // EIP-55
    const std::vector<Units>& units;  // units[i * (1 + tokens) + k]
};

struct ProofOutcome {
    ProofSummary summary;
    std::optional<ProofData> data;  // from the first endpoint, when its header verified
    std::optional<Error> failure;  // the first ChainError::proof: it fails the chain
    // Per endpoint (same order): the error that stopped its checks, if any. An endpoint that did
    // not answer (not a proof error) is excluded like in any other read.
    std::vector<std::optional<Error>> errors;
};

// Check the header and the selected proofs on every endpoint of `endpoints`; `seed` draws the
// sample (ethproof::select_accounts).
ProofOutcome prove_balances(const std::vector<RpcClient*>& endpoints, const config::EvmChainConfig& config,
                            const AgreedBalances& agreed, const BlockRef& pin, std::uint64_t seed);

}  // namespace porwatch::chain::evm
