// Quorum helpers shared by the UTXO and EVM scanners (private to src/chain).
//
// k-of-n: an endpoint that fails (down, syncing, at another tip) is excluded with its error in
// its EndpointReport and never summed; the chain needs `quorum` counted endpoints, and every
// counted endpoint must report every figure identically (one difference = disputed).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "porwatch/chain/result.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::chain {

// Returns: `configured`, or `endpoints` when configured is 0 (the default: every endpoint).
unsigned required_quorum(unsigned configured, std::size_t endpoints);

// Mark `report` as not counted, with the error's message and kind.
void exclude(EndpointReport& report, const Error& error);

// Returns: the reason a chain fails because fewer than result.quorum endpoints are counted
// ("1 of 3 endpoints answered, quorum is 2: <each excluded endpoint's error>"), with the kind of
// the first excluded endpoint's error.
Error short_of_quorum(const ChainResult& result, std::size_t counted);

// "http://a: 101 0f9a…, http://b: 99 3c1e…" for messages (the endpoints at `indexes`).
std::string describe_tips(const std::vector<EndpointReport>& endpoints, const std::vector<std::size_t>& indexes);

// The endpoints among `live` that share the most common tip (height and hash; a tie goes to
// the higher block). `fork` is set when two of `live` report different hashes at one height.
struct TipGroup {
    std::vector<std::size_t> members;
    bool fork = false;
};
TipGroup largest_tip_group(const std::vector<EndpointReport>& endpoints, const std::vector<std::size_t>& live);

// `said[k]` is what endpoint `names[k]` reported for (address, asset). When they differ, add
// one Disagreement per endpoint to `result`. Returns: true when they differ.
bool record_quorum(ChainResult& result, const std::string& address, const std::string& asset,
                   const std::vector<Units>& said, const std::vector<std::string>& names);

}  // namespace porwatch::chain
