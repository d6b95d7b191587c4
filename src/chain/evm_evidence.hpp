// Contract-wallet evidence for the EVM scanner (private to src/chain): Safe-style owners and
// EIP-1271 signature checks, read at the pinned block from one endpoint.
#pragma once

#include <string>
#include <vector>

#include "porwatch/chain/result.hpp"
#include "porwatch/chain/scan.hpp"
#include "rpc_client.hpp"

namespace porwatch::chain::evm {

struct Evidence {
    std::vector<OwnerCheck> owners;
    std::vector<SignatureCheck> signatures;
    bool operator==(const Evidence&) const = default;
};

// Read the owner checks (targets with check_owners) and signature checks of `targets` at block
// `hash`. A revert, missing code or a malformed answer is recorded as evidence; a transport
// error or any other RPC error fails the call (the node did not answer: never "not verified").
Result<Evidence> read_evidence(RpcClient& rpc, const std::vector<EvmTarget>& targets, const std::string& hash);

}  // namespace porwatch::chain::evm
