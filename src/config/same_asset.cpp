// same_asset: which per-chain totals are one asset (issue 15). Declared by the operator, never
// guessed: a bridged token may depeg, so only a declared member is summed and priced.
#include "same_asset.hpp"

#include <algorithm>
#include <set>

namespace porwatch::config::detail {
namespace {

std::vector<std::string> split_commas(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto comma = text.find(',', start);
        std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto b = part.find_first_not_of(" \t");
        const auto e = part.find_last_not_of(" \t");
        out.push_back(b == std::string::npos ? std::string() : part.substr(b, e - b + 1));
        if (comma == std::string::npos) return out;
        start = comma + 1;
    }
}

}  // namespace

Result<std::vector<SameAsset>> same_assets(const Parser& p, const Config& config)
{
    const std::vector<ConfiguredAsset> configured = configured_assets(config);
    std::vector<SameAsset> out;
    std::set<std::string> seen_members;
    for (const auto& [value, line] : p.get_all("", "same_asset")) {
        SameAsset same;
        same.line = line;
        for (const std::string& member : split_commas(value)) {
            const auto at = member.find('@');
            if (at == std::string::npos || at == 0 || at + 1 == member.size()) {
                return p.at(ConfigError::value, line,
                            "same_asset members are SYMBOL@ethereum or SYMBOL@NAME ([evm.NAME]), got '" + member + "'");
            }
            const std::string symbol = member.substr(0, at);
            const std::string section = member.substr(at + 1);
            if (same.members.empty()) same.symbol = symbol;
            if (symbol != same.symbol) {
                return p.at(ConfigError::conflict, line,
                            "same_asset members must have one symbol: " + same.symbol + " and " + symbol);
            }
            // [ethereum]'s totals keep their bare name (USDT), as stored and as rules name them.
            const std::string total = section == "ethereum" ? symbol : member;
            const bool known = std::any_of(configured.begin(), configured.end(),
                                           [&](const ConfiguredAsset& a) { return a.symbol == total; });
            if (!known || section == kSumSource) {
                return p.at(ConfigError::conflict, line,
                            "same_asset member " + member + " is not a token or native coin of [" +
                                (section == "ethereum" ? section : "evm." + section) + "]");
            }
            if (!seen_members.insert(total).second) {
                return p.at(ConfigError::repeated, line, "same_asset member " + member + " is in two same_asset lines");
            }
            same.members.push_back(total);
        }
        if (same.members.size() < 2) {
            return p.at(ConfigError::value, line, "same_asset needs two members or more, got '" + value + "'");
        }
        for (const auto& other : out) {
            if (other.symbol == same.symbol) {
                return p.at(ConfigError::repeated, line,
                            "same_asset " + same.symbol + " is declared twice (first on line " +
                                std::to_string(other.line) + "): write one line with every member");
            }
        }
        out.push_back(std::move(same));
    }
    return out;
}

}  // namespace porwatch::config::detail
