// The genesis block hash of every Bitcoin-family chain and network porwatch scans (private to
// src/chain). A node whose `getblockhash 0` differs is on another chain, whatever name its
// getblockchaininfo "chain" field gives (a Litecoin or fork node calls its regtest "regtest").
#pragma once

#include <optional>
#include <string_view>

#include "porwatch/address/address.hpp"

namespace porwatch::chain {

// Returns: the genesis hash (lower-case hex, as getblockhash prints it), or nullopt for a
// combination porwatch does not scan (litecoin signet/testnet4, EVM chains).
std::optional<std::string_view> genesis_hash(address::Chain chain, address::Network network);

// Returns: the name Bitcoin Core's getblockchaininfo "chain" field gives `network`.
std::string_view core_chain_name(address::Network network);

}  // namespace porwatch::chain
