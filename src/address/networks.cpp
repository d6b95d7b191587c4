#include "networks.hpp"

#include <array>

namespace porwatch::address::detail {
namespace {

// Sources: Bitcoin Core chainparams.cpp; Litecoin Core 0.21 chainparams.cpp
// (SCRIPT_ADDRESS2 = 0x32 main / 0x3a test+regtest, legacy SCRIPT_ADDRESS = 0x05 / 0xc4).
constexpr std::array<NetworkParams, 8> kNetworks = {{
    {Chain::bitcoin, Network::main, 0x00, 0x05, 0x05, "bc"},
    {Chain::bitcoin, Network::test, 0x6f, 0xc4, 0xc4, "tb"},
    {Chain::bitcoin, Network::signet, 0x6f, 0xc4, 0xc4, "tb"},
    {Chain::bitcoin, Network::regtest, 0x6f, 0xc4, 0xc4, "bcrt"},
    {Chain::bitcoin, Network::testnet4, 0x6f, 0xc4, 0xc4, "tb"},  // after test: "tb1…" alone means test
    {Chain::litecoin, Network::main, 0x30, 0x32, 0x05, "ltc"},
    {Chain::litecoin, Network::test, 0x6f, 0x3a, 0xc4, "tltc"},
    {Chain::litecoin, Network::regtest, 0x6f, 0x3a, 0xc4, "rltc"},
}};

}  // namespace

std::span<const NetworkParams> all_networks()
{
    return kNetworks;
}

const NetworkParams* find_params(Chain chain, Network network)
{
    for (const auto& params : kNetworks) {
        if (params.chain == chain && params.network == network) return &params;
    }
    return nullptr;
}

}  // namespace porwatch::address::detail
