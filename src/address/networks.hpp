// Version bytes and bech32 HRPs per chain and network (private to src/address).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "porwatch/address/address.hpp"

namespace porwatch::address::detail {

struct NetworkParams {
    Chain chain;
    Network network;
    std::uint8_t p2pkh_version;
    std::uint8_t p2sh_version;  // the one the chain prints today
    std::uint8_t p2sh_legacy_version;  // litecoin's old P2SH byte; equal to p2sh_version elsewhere
    std::string_view hrp;
};

// Ordered by preference: when a string fits several entries, the first one wins.
std::span<const NetworkParams> all_networks();

const NetworkParams* find_params(Chain chain, Network network);

}  // namespace porwatch::address::detail
