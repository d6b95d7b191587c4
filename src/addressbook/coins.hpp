// Published coin names ("BTC", "USDT-ERC20", "ETH-Arbitrum", "USDT-Avalanche C-Chain") →
// the chain, EVM network, asset and decimals porwatch reads them on. Internal to
// src/addressbook.
//
// A name that is not known here is unsupported: the caller reports it, never drops it.
// Decimals are listed only where they are certain; an unknown decimals value means the
// row's amount cannot be turned into a claim (it is never guessed).
//
// Thread-safety: pure functions over constant tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "porwatch/address/address.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::addressbook::detail {

struct CoinInfo {
    address::Chain chain = address::Chain::bitcoin;
    address::Network network = address::Network::main;
    std::string evm_network;  // "ETH", "ARBITRUM", … for EVM chains, else ""
    std::string asset;  // "BTC", "USDT", "aETH"
    std::optional<unsigned> decimals;  // nullopt: not known for this asset on this network
};

// Resolve an exchange coin name. `network_column` is OKX's `Network` (9/11/12 columns) or the
// auditor file's `network`; "" when the layout has none. A non-empty network column decides
// the chain (an unknown one makes the coin unsupported); otherwise the coin name does.
// Returns: nullopt when porwatch does not support the coin.
std::optional<CoinInfo> resolve_coin(std::string_view coin, std::string_view network_column);

// Returns: the base-unit decimals of `asset` on `chain` (and `evm_network` for EVM chains),
// or nullopt when not known.
std::optional<unsigned> asset_decimals(std::string_view asset, address::Chain chain, std::string_view evm_network);

// A native row's `network` for an ethereum row → its EVM network: "", "main", "mainnet",
// "ethereum", "1" (and the exchange names "ETH", "ERC20") are "ETH", the chain the [ethereum]
// section reads; an L2 name ("arbitrum", "optimism", …) is that network (not scanned yet).
// Case-insensitive. Fails for any other name, naming the accepted ones.
Result<std::string> native_evm_network(std::string_view name);

// A native row's `network` for a tron row: "", "main", "mainnet" or "tron". Fails otherwise.
Status check_native_tron_network(std::string_view name);

}  // namespace porwatch::addressbook::detail
