// [prices]: which Chainlink feed prices which asset, how old a price may be, and the bounds an
// answer must lie in. Asset symbols are matched in any letter case and stored as the chain
// section spells them (BTC, LTC, ETH, a token's symbol), so a feed is always for an asset the
// scan can produce.
#include "prices_options.hpp"

#include <algorithm>

#include "porwatch/util/duration.hpp"

namespace porwatch::config::detail {
namespace {

std::string upper(std::string text)
{
    for (char& c : text) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return text;
}

// The configured assets, by upper-case symbol → spelling: natives of the chain sections, ETH
// and the tokens of [ethereum].
std::vector<std::string> configured_symbols(const Config& config)
{
    std::vector<std::string> out;
    if (config.bitcoin) out.emplace_back("BTC");
    if (config.litecoin) out.emplace_back("LTC");
    if (config.ethereum) {
        out.emplace_back("ETH");
        for (const auto& t : config.ethereum->tokens) out.push_back(t.symbol);
    }
    return out;
}

// An exact non-negative decimal: digits with at most one '.', at most 36 fractional digits.
Result<ExactDecimal> parse_exact(const std::string& text)
{
    const auto dot = text.find('.');
    const bool digits =
        !text.empty() &&
        std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
        std::count(text.begin(), text.end(), '.') <= 1 && text != ".";
    const unsigned scale = dot == std::string::npos ? 0 : static_cast<unsigned>(text.size() - dot - 1);
    if (!digits || scale > 36) {
        return Error{"'" + text + "' is not an exact decimal (digits with at most one '.', up to 36 decimals)"};
    }
    auto scaled = parse_decimal(text, scale);
    if (!scaled) return Error{"'" + text + "': " + scaled.error().message};
    return ExactDecimal{*scaled, scale, text};
}

// a < b, exactly, for two exact decimals of any scales (cross-multiplied in 512 bits).
bool less(const ExactDecimal& a, const ExactDecimal& b)
{
    using Wide = boost::multiprecision::uint512_t;
    Wide left = Wide(a.scaled), right = Wide(b.scaled);
    for (unsigned i = a.scale; i < b.scale; ++i) left *= 10;
    for (unsigned i = b.scale; i < a.scale; ++i) right *= 10;
    return left < right;
}

}  // namespace

Result<PricesConfig> parse_prices(const std::vector<PricesLine>& lines, std::size_t section_line, const Config& config)
{
    const auto at = [&](ConfigError kind, std::size_t line, const std::string& what) {
        return Error{kind, config.file + ":" + std::to_string(line) + ": prices: " + what};
    };
    PricesConfig prices;
    prices.line = section_line;
    if (!config.ethereum) {
        return at(ConfigError::missing, section_line,
                  "[prices] reads its feeds through the [ethereum] endpoints: add an [ethereum] section");
    }
    const std::vector<std::string> symbols = configured_symbols(config);
    std::string listed;
    for (const auto& s : symbols) listed += (listed.empty() ? "" : ", ") + s;
    // The configured spelling of `asset` (any case), or an error naming the configured ones.
    const auto resolve = [&](const std::string& asset, std::size_t line) -> Result<std::string> {
        const auto found = std::find_if(symbols.begin(), symbols.end(),
                                        [&](const std::string& s) { return upper(s) == upper(asset); });
        if (found == symbols.end()) {
            return at(ConfigError::conflict, line,
                      "no configured chain has asset '" + asset + "' (configured: " + listed + ")");
        }
        return *found;
    };
    std::size_t global_age_line = 0;
    std::vector<std::pair<std::string, std::size_t>> age_lines;  // ASSET:DURATION, for the feed check
    for (const auto& l : lines) {
        if (l.key == "feed") {
            const auto first = l.value.find(':');
            if (first == std::string::npos)
                return at(ConfigError::value, l.line,
                          "feed must be ASSET:ADDRESS[:DESCRIPTION], got '" + l.value + "'");
            const auto second = l.value.find(':', first + 1);
            auto asset = resolve(l.value.substr(0, first), l.line);
            if (!asset) return asset.error();
            FeedConfig feed;
            feed.asset = *asset;
            feed.line = l.line;
            auto contract = address::parse_evm_address(
                l.value.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1));
            if (!contract) return at(ConfigError::value, l.line, "feed address: " + contract.error().message);
            feed.contract = std::move(contract.value());
            if (second != std::string::npos) {
                feed.description = l.value.substr(second + 1);
                if (feed.description->empty())
                    return at(ConfigError::value, l.line, "feed DESCRIPTION is empty (leave out the ':' for none)");
            }
            if (find_feed(prices, feed.asset))
                return at(ConfigError::repeated, l.line, "a feed for " + feed.asset + " is already set");
            prices.feeds.push_back(std::move(feed));
        } else if (l.key == "bounds") {
            const auto first = l.value.find(':');
            const auto last = l.value.rfind(':');
            if (first == std::string::npos || first == last) {
                return at(ConfigError::value, l.line, "bounds must be ASSET:MIN:MAX, got '" + l.value + "'");
            }
            auto asset = resolve(l.value.substr(0, first), l.line);
            if (!asset) return asset.error();
            auto min = parse_exact(l.value.substr(first + 1, last - first - 1));
            if (!min) return at(ConfigError::value, l.line, "bounds MIN " + min.error().message);
            auto max = parse_exact(l.value.substr(last + 1));
            if (!max) return at(ConfigError::value, l.line, "bounds MAX " + max.error().message);
            if (less(*max, *min))
                return at(ConfigError::value, l.line, "bounds MIN " + min->text + " is above MAX " + max->text);
            for (const auto& b : prices.bounds) {
                if (b.asset == *asset)
                    return at(ConfigError::repeated, l.line,
                              "bounds for " + *asset + " are already set (line " + std::to_string(b.line) + ")");
            }
            prices.bounds.push_back(PriceBounds{*asset, std::move(*min), std::move(*max), l.line});
        } else if (l.key == "max_age") {
            // DURATION for every feed (once), or ASSET:DURATION for one asset's feed.
            const auto colon = l.value.find(':');
            auto seconds = parse_duration(colon == std::string::npos ? l.value : l.value.substr(colon + 1));
            if (!seconds) return at(ConfigError::value, l.line, "max_age: " + seconds.error().message);
            if (colon == std::string::npos) {
                if (global_age_line) {
                    return at(ConfigError::repeated, l.line,
                              "max_age is already set (line " + std::to_string(global_age_line) +
                                  "); write ASSET:DURATION for one asset");
                }
                global_age_line = l.line;
                prices.max_age_s = *seconds;
                continue;
            }
            auto asset = resolve(l.value.substr(0, colon), l.line);
            if (!asset) return asset.error();
            if (!prices.max_age_by_asset.emplace(*asset, *seconds).second) {
                return at(ConfigError::repeated, l.line, "max_age for " + *asset + " is already set");
            }
            age_lines.emplace_back(*asset, l.line);
        } else if (l.key == "quote") {
            const bool ok = !l.value.empty() && l.value.size() <= 12 &&
                            std::all_of(l.value.begin(), l.value.end(),
                                        [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
            if (!ok)
                return at(ConfigError::value, l.line,
                          "quote must be a currency code in capitals (USD, EUR), got '" + l.value + "'");
            prices.quote = l.value;
        }
    }
    if (prices.feeds.empty())
        return at(ConfigError::missing, section_line, "[prices] needs at least one feed = ASSET:ADDRESS[:DESCRIPTION]");
    for (const auto& b : prices.bounds) {
        if (!find_feed(prices, b.asset))
            return at(ConfigError::conflict, b.line, "bounds for " + b.asset + ", which has no feed");
    }
    for (const auto& [asset, line] : age_lines) {
        if (!find_feed(prices, asset))
            return at(ConfigError::conflict, line, "max_age for " + asset + ", which has no feed");
    }
    return prices;
}

}  // namespace porwatch::config::detail

namespace porwatch::config {

const FeedConfig* find_feed(const PricesConfig& prices, std::string_view asset)
{
    for (const auto& f : prices.feeds) {
        if (f.asset == asset) return &f;
    }
    return nullptr;
}

}  // namespace porwatch::config
