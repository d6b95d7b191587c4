// Quorum helpers shared by the UTXO and EVM scanners (private to src/chain).
#pragma once

#include <string>
#include <vector>

#include "porwatch/chain/result.hpp"

namespace porwatch::chain {

// True when every endpoint reported the same block hash.
bool same_tip(const std::vector<EndpointReport>& endpoints);

// "http://a: 101 0f9a…, http://b: 99 3c1e…" for messages.
std::string describe_tips(const std::vector<EndpointReport>& endpoints);

// `said[i]` is what result.endpoints[i] reported for (address, asset). When they differ, add
// one Disagreement per endpoint to `result`. Returns: true when they differ.
bool record_quorum(ChainResult& result, const std::string& address, const std::string& asset,
                   const std::vector<Units>& said);

}  // namespace porwatch::chain
