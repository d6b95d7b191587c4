// Coin-name tables (see coins.hpp). Names are matched case-insensitively: HTX writes
// `wBTC-ERC20` in its summary and `WBTC-ERC20` in its detail rows.
#include "coins.hpp"

#include <array>

#include "csv.hpp"

namespace porwatch::addressbook::detail {
namespace {

using address::Chain;

// Where a network name (OKX `Network` column or a coin suffix) points.
struct NetworkName {
    std::string_view name;  // upper case
    Chain chain;
    std::string_view evm_network;  // "" for non-EVM chains
};

constexpr std::array kNetworks{
    NetworkName{"BTC", Chain::bitcoin, ""},
    NetworkName{"BITCOIN", Chain::bitcoin, ""},
    NetworkName{"LTC", Chain::litecoin, ""},
    NetworkName{"LITECOIN", Chain::litecoin, ""},
    NetworkName{"TRON", Chain::tron, ""},
    NetworkName{"TRC20", Chain::tron, ""},
    NetworkName{"TRX", Chain::tron, ""},
    NetworkName{"ETH", Chain::ethereum, "ETH"},
    NetworkName{"ERC20", Chain::ethereum, "ETH"},
    NetworkName{"ETHEREUM", Chain::ethereum, "ETH"},
    NetworkName{"ARBITRUM", Chain::ethereum, "ARBITRUM"},
    NetworkName{"ARBITRUM ONE", Chain::ethereum, "ARBITRUM"},
    NetworkName{"OPTIMISM", Chain::ethereum, "OPTIMISM"},
    NetworkName{"POLY", Chain::ethereum, "POLYGON"},
    NetworkName{"POLYGON", Chain::ethereum, "POLYGON"},
    NetworkName{"AVAXC", Chain::ethereum, "AVAXC"},
    NetworkName{"AVALANCHE C-CHAIN", Chain::ethereum, "AVAXC"},
    NetworkName{"BSC", Chain::ethereum, "BSC"},
    NetworkName{"BEP20", Chain::ethereum, "BSC"},
    NetworkName{"BASE", Chain::ethereum, "BASE"},
    NetworkName{"HECO", Chain::ethereum, "HECO"},
    NetworkName{"BTTC", Chain::ethereum, "BTTC"},
};

// Whole coin names that are not `ASSET-NETWORK` (mostly HTX's).
struct CoinName {
    std::string_view coin;  // upper case
    std::string_view network;  // a kNetworks name
    std::string_view asset;
};

constexpr std::array kCoins{
    CoinName{"BTC", "BTC", "BTC"},
    CoinName{"LTC", "LTC", "LTC"},
    CoinName{"ETH", "ETH", "ETH"},
    CoinName{"TRX", "TRON", "TRX"},
    CoinName{"HT-ETH", "ETH", "HT"},
    CoinName{"USDT-ETH", "ETH", "USDT"},
    CoinName{"ERC20-USDC", "ETH", "USDC"},
    CoinName{"BEP20-USDC", "BSC", "USDC"},
    CoinName{"BASE-USDC", "BASE", "USDC"},
    CoinName{"STEAK-USDC", "ETH", "steakUSDC"},
    CoinName{"USDT-AETHUSDT", "ETH", "aEthUSDT"},
    CoinName{"AETH", "ETH", "aETH"},
    CoinName{"STETH", "ETH", "stETH"},
    CoinName{"WLFI", "ETH", "WLFI"},
    CoinName{"JSTRX", "TRON", "jsTRX"},
};

// Decimals known for certain (token contracts' `decimals()`; native coins' base units).
struct Decimals {
    std::string_view asset;  // upper case
    std::string_view network;  // evm_network, or "BTC"/"LTC"/"TRON" for other chains
    unsigned decimals;
};

constexpr std::array kDecimals{
    Decimals{"BTC", "BTC", 8},       Decimals{"LTC", "LTC", 8},       Decimals{"TRX", "TRON", 6},
    Decimals{"USDT", "TRON", 6},     Decimals{"USDC", "TRON", 6},     Decimals{"ETH", "ETH", 18},
    Decimals{"ETH", "ARBITRUM", 18}, Decimals{"ETH", "OPTIMISM", 18}, Decimals{"ETH", "BASE", 18},
    Decimals{"USDT", "ETH", 6},      Decimals{"USDT", "ARBITRUM", 6}, Decimals{"USDT", "OPTIMISM", 6},
    Decimals{"USDT", "POLYGON", 6},  Decimals{"USDT", "AVAXC", 6},    Decimals{"USDT", "BSC", 18},
    Decimals{"USDC", "ETH", 6},      Decimals{"USDC", "ARBITRUM", 6}, Decimals{"USDC", "OPTIMISM", 6},
    Decimals{"USDC", "POLYGON", 6},  Decimals{"USDC", "AVAXC", 6},    Decimals{"USDC", "BASE", 6},
    Decimals{"USDC", "BSC", 18},     Decimals{"WBTC", "ETH", 8},      Decimals{"HT", "ETH", 18},
    Decimals{"STETH", "ETH", 18},    Decimals{"AETH", "ETH", 18},     Decimals{"AETHUSDT", "ETH", 6},
    Decimals{"WLFI", "ETH", 18},     Decimals{"HTX", "ETH", 18},      Decimals{"HTX", "TRON", 18},
};

const NetworkName* find_network(std::string_view name)
{
    const std::string key = upper(trim(name));
    for (const auto& n : kNetworks) {
        if (n.name == key) return &n;
    }
    return nullptr;
}

std::string_view network_key(Chain chain, std::string_view evm_network)
{
    switch (chain) {
    case Chain::bitcoin: return "BTC";
    case Chain::litecoin: return "LTC";
    case Chain::tron: return "TRON";
    case Chain::ethereum: return evm_network;
    }
    return "";
}

CoinInfo make_info(const NetworkName& net, std::string_view asset)
{
    CoinInfo info;
    info.chain = net.chain;
    info.evm_network = std::string(net.evm_network);
    info.asset = std::string(asset);
    info.decimals = asset_decimals(asset, net.chain, net.evm_network);
    return info;
}

// `ASSET-NETWORK` → (asset, network), when the suffix names a known network.
std::optional<std::pair<std::string_view, const NetworkName*>> split_suffix(std::string_view coin)
{
    const auto dash = coin.find('-');
    if (dash == std::string_view::npos || dash == 0) return std::nullopt;
    const auto* net = find_network(coin.substr(dash + 1));
    if (net == nullptr) return std::nullopt;
    return std::make_pair(coin.substr(0, dash), net);
}

// Accepted names, for the message of an unknown one.
std::string evm_names()
{
    std::string out = "'', main, mainnet, 1";
    for (const auto& n : kNetworks) {
        if (n.chain == Chain::ethereum) out += ", " + lower(n.name);
    }
    return out;
}

}  // namespace

Result<std::string> native_evm_network(std::string_view name)
{
    const std::string key = upper(trim(name));
    if (key.empty() || key == "MAIN" || key == "MAINNET" || key == "1") return std::string("ETH");
    const auto* net = find_network(key);
    if (net != nullptr && net->chain == Chain::ethereum) return std::string(net->evm_network);
    return Error{"unknown network '" + std::string(name) + "' for ethereum (accepted: " + evm_names() + ")"};
}

Status check_native_tron_network(std::string_view name)
{
    const std::string key = lower(trim(name));
    if (key.empty() || key == "main" || key == "mainnet" || key == "tron") return Ok{};
    return Error{"unknown network '" + std::string(name) + "' for tron (accepted: '', main, mainnet, tron)"};
}

std::optional<unsigned> asset_decimals(std::string_view asset, Chain chain, std::string_view evm_network)
{
    const std::string key = upper(asset);
    const auto net = network_key(chain, evm_network);
    for (const auto& d : kDecimals) {
        if (d.asset == key && d.network == net) return d.decimals;
    }
    return std::nullopt;
}

std::optional<CoinInfo> resolve_coin(std::string_view coin, std::string_view network_column)
{
    coin = trim(coin);
    const std::string key = upper(coin);
    const auto suffixed = split_suffix(coin);
    if (!trim(network_column).empty()) {
        const auto* net = find_network(network_column);
        if (net == nullptr) return std::nullopt;
        // "USDT-ERC20" on network ETH is USDT; "ETH" on network ETH is ETH.
        const std::string_view asset = suffixed ? suffixed->first : coin;
        if (!net->evm_network.empty() || upper(asset) == upper(network_key(net->chain, "")) ||
            net->chain == Chain::tron) {
            return make_info(*net, asset);
        }
        return std::nullopt;  // e.g. a token on the bitcoin network
    }
    for (const auto& c : kCoins) {
        if (c.coin == key) return make_info(*find_network(c.network), c.asset);
    }
    if (suffixed) return make_info(*suffixed->second, suffixed->first);
    return std::nullopt;
}

}  // namespace porwatch::addressbook::detail
