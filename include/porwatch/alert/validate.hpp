// Load-time validation of the alert rules: everything that could make a rule impossible to
// compute is found when the config is loaded (`porwatch run`, `scan`, SIGHUP), not at the
// first evaluation. The assets a config can produce, and their decimals, are known from the
// config alone: BTC and LTC (8) from [bitcoin] / [litecoin], ETH (18) and every `token =`
// (its configured decimals, checked on chain by the scan) from [ethereum].
//
// Pure. Thread-safety: values; functions are reentrant.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/alert/rules.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::alert {

// The assets of the config's chain sections (config.hpp).
using config::configured_assets;
using config::ConfiguredAsset;

// Asset symbols are case-insensitive: spell every rule's symbol as the config spells the asset
// (`drop_percent = eth:5` watches ETH under the key drop:ETH; `VALUE:eth` is VALUE:ETH). A
// symbol that matches no asset, or two assets differing only in case, is left as written
// (validate_rules reports it).
void canonicalize_symbols(Rules& rules, std::span<const ConfiguredAsset> assets);

// Check that every rule can be computed for every asset it applies to. VALUE rules need a
// [prices] feed (for VALUE:SYMBOL, that asset's), and a VALUE floor at most 8 decimals. Fails with
// "FILE:LINE: alerts: KEY = 'VALUE': why" when a rule names a symbol no configured chain has
// (or not on the chain it names), a symbol on two chains without @CHAIN, two rules name the
// same asset with the same kind (window, basis), or a floor that applies to an asset is finer
// than that asset's decimals.
Status validate_rules(const Rules& rules, std::span<const ConfiguredAsset> assets, std::string_view file);

}  // namespace porwatch::alert
