// JSON renderings of a chain's evidence for the snapshot_chains table (endpoints and
// disagreements columns). Money stays an integer string, never a JSON number. Private to
// src/store; pure functions.
#pragma once

#include <string>

#include "porwatch/snapshot/snapshot.hpp"

namespace porwatch::store::detail {

// Returns: [{"endpoint","height","block_hash","error"[,"error_kind"]}, …] for chain.endpoints
// ("error" is "" for an endpoint that answered and was counted).
std::string endpoints_json(const snapshot::ChainResult& chain);
// Returns: [{"address","asset","endpoint","units"}, …] for chain.disagreements.
std::string disagreements_json(const snapshot::ChainResult& chain);

}  // namespace porwatch::store::detail
