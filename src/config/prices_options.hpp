// The `[prices]` section of porwatch.conf, private to src/config: feed, max_age, bounds and
// quote, validated against the chain sections the config has. Pure.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "porwatch/config/config.hpp"

namespace porwatch::config::detail {

// One key = value line of [prices], in file order.
struct PricesLine {
    std::string key;
    std::string value;
    std::size_t line = 0;
};

// Build the [prices] section (header on `section_line`) of `config`, whose chain sections are
// already parsed. Fails with "FILE:LINE: prices: …": no [ethereum] section (feeds are read
// there), a malformed feed/bounds/max_age/quote, a feed or bounds for an asset no configured
// chain has, two feeds or two bounds for one asset, bounds without a feed, MIN above MAX.
Result<PricesConfig> parse_prices(const std::vector<PricesLine>& lines, std::size_t section_line, const Config& config);

}  // namespace porwatch::config::detail
