// `same_asset =` lines (config.hpp SameAsset), validated against the chain sections. Private
// to src/config. Pure.
#pragma once

#include <vector>

#include "parser.hpp"

namespace porwatch::config::detail {

// Parse every top-level `same_asset = SYMBOL@SECTION,SYMBOL@SECTION[,…]` of `p` against the
// chain sections already in `config`. Fails with the line on: a member not SYMBOL@SECTION
// (value), fewer than two members (value), members with different symbols (conflict), a
// member no section configures (conflict), a member or a symbol in two lines (repeated).
Result<std::vector<SameAsset>> same_assets(const Parser& p, const Config& config);

}  // namespace porwatch::config::detail
