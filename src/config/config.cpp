// Config parsing: one lexer reads every line (sections, comments, key = value, quoted values;
// see config.hpp) and records each key's value with its line. Unknown keys and repeats are
// rejected with their line; values are then validated against the recorded lines.
// (Boost.Program_options read the values until quoting was needed: it cuts a value at its
// first '#' and has no quoting, so a password or API key holding '#' could not be written.)
// The lexer is parser.cpp; the sections are built by chain_options.cpp, book_options.cpp and
// prices_options.cpp.
#include "porwatch/config/config.hpp"

#include <algorithm>
#include <filesystem>

#include "chain_options.hpp"
#include "parser.hpp"
#include "prices_options.hpp"
#include "same_asset.hpp"

namespace porwatch::config {

std::string resolve_config_path(const std::string& config_file, const std::string& path)
{
    if (path.empty() || path == "-" || path.front() == '/' || config_file == "-") return path;
    const std::filesystem::path dir = std::filesystem::path(config_file).parent_path();
    if (dir.empty()) return path;
    return (dir / path).lexically_normal().string();
}

std::string Config::resolve(const std::string& path) const
{
    return resolve_config_path(file, path);
}

bool is_deferred_section(std::string_view section)
{
    return section == "alerts" || section == "daemon" || section == "store" || section == "metrics" ||
           section == "liabilities";
}

const UtxoChainConfig* Config::utxo(address::Chain chain) const
{
    if (chain == address::Chain::bitcoin && bitcoin) return &*bitcoin;
    if (chain == address::Chain::litecoin && litecoin) return &*litecoin;
    return nullptr;
}

namespace {

// The address books' EVM network names (addressbook's coin table) and their chain ids.
constexpr std::pair<std::string_view, std::uint64_t> kEvmNetworkIds[] = {
    {"ETH", 1},    {"OPTIMISM", 10}, {"BSC", 56},         {"HECO", 128},    {"POLYGON", 137},
    {"BTTC", 199}, {"BASE", 8453},   {"ARBITRUM", 42161}, {"AVAXC", 43114},
};

}  // namespace

std::optional<std::uint64_t> evm_network_chain_id(std::string_view network)
{
    for (const auto& [name, id] : kEvmNetworkIds) {
        if (name == network) return id;
    }
    return std::nullopt;
}

std::vector<std::string> builtin_evm_networks(std::uint64_t chain_id)
{
    std::vector<std::string> out;
    for (const auto& [name, id] : kEvmNetworkIds) {
        if (id == chain_id) out.emplace_back(name);
    }
    return out;
}

const EvmChainConfig* Config::evm_for_network(std::string_view network) const
{
    for (const auto& section : evm) {
        if (std::find(section.networks.begin(), section.networks.end(), network) != section.networks.end())
            return &section;
    }
    return nullptr;
}

std::vector<ConfiguredAsset> configured_assets(const Config& config)
{
    std::vector<ConfiguredAsset> out;
    if (config.bitcoin) out.push_back({"BTC", address::Chain::bitcoin, 8});
    if (config.litecoin) out.push_back({"LTC", address::Chain::litecoin, 8});
    if (config.ethereum) {
        out.push_back({"ETH", address::Chain::ethereum, 18});
        for (const auto& token : config.ethereum->tokens) {
            out.push_back({token.symbol, address::Chain::ethereum, token.decimals});
        }
    }
    // Then each [evm.NAME]'s native coin and tokens, named SYMBOL@NAME as its totals are
    // (snapshot::sourced_asset): alert rules and validation see them under those names.
    for (const auto& section : config.evm) {
        out.push_back({section.native + "@" + section.name, address::Chain::ethereum, 18});
        for (const auto& token : section.tokens) {
            out.push_back({token.symbol + "@" + section.name, address::Chain::ethereum, token.decimals});
        }
    }
    for (const auto& same : config.same_assets) {
        unsigned decimals = 0;
        for (const auto& asset : out) {
            const auto& members = same.members;
            if (std::find(members.begin(), members.end(), asset.symbol) != members.end())
                decimals = std::max(decimals, asset.decimals);
        }
        out.push_back({same.symbol + "@" + std::string(kSumSource), address::Chain::ethereum, decimals});
    }
    // A same_asset member or sum is priced with its SYMBOL's feed (the declaration says so).
    for (auto& asset : out) {
        const SameAsset* same = find_same_asset(config, asset.symbol);
        asset.priced = config.prices && find_feed(*config.prices, same ? same->symbol : asset.symbol);
    }
    return out;
}

const SameAsset* find_same_asset(const Config& config, std::string_view asset)
{
    for (const auto& same : config.same_assets) {
        if (asset == same.symbol + "@" + std::string(kSumSource)) return &same;
        if (std::find(same.members.begin(), same.members.end(), asset) != same.members.end()) return &same;
    }
    return nullptr;
}

Result<Config> parse_config(std::string_view text, const std::string& file_name)
{
    Config config;
    config.file = file_name;
    detail::Parser p(file_name);
    if (auto lexed = p.lex(text, config); !lexed) return lexed.error();
    config.database = resolve_config_path(file_name, p.get("", "database").value_or(""));
    if (auto s = p.duration_key("", "interval", config.interval_s, 1, 31 * 86400); !s) return s.error();
    std::vector<std::string> written;
    for (auto& [path, line] : p.get_all("", "addresses")) written.push_back(path);
    std::map<std::string, BookOptions> books;
    for (auto& [path, book] : config.books) {
        if (std::find(written.begin(), written.end(), path) == written.end()) {
            return p.at(ConfigError::conflict, book.line,
                        "[book \"" + path + "\"] names no 'addresses' file (the path must be written the same)");
        }
        book.path = resolve_config_path(file_name, path);
        books.emplace(book.path, std::move(book));
    }
    // Relative paths are relative to the config file's directory, never to the working directory.
    for (const auto& path : written) config.addresses.push_back(resolve_config_path(file_name, path));
    config.books = std::move(books);
    for (const auto chain : {address::Chain::bitcoin, address::Chain::litecoin}) {
        if (!p.has_section(std::string(address::to_string(chain)))) continue;
        auto section = detail::utxo_section(p, chain);
        if (!section) return section.error();
        (chain == address::Chain::bitcoin ? config.bitcoin : config.litecoin) = std::move(section.value());
    }
    if (p.has_section("ethereum")) {
        auto section = detail::evm_section(p, "ethereum");
        if (!section) return section.error();
        config.ethereum = std::move(section.value());
    }
    auto evm = detail::evm_sections(p, config.ethereum);
    if (!evm) return evm.error();
    config.evm = std::move(evm.value());
    if (p.has_section("prices")) {
        auto prices = detail::parse_prices(p.section_lines("prices"), p.first_line("prices"), config);
        if (!prices) return prices.error();
        config.prices = std::move(prices.value());
    }
    auto same = detail::same_assets(p, config);
    if (!same) return same.error();
    config.same_assets = std::move(same.value());
    return config;
}

}  // namespace porwatch::config
