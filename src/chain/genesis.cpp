#include "genesis.hpp"

namespace porwatch::chain {

std::optional<std::string_view> genesis_hash(address::Chain chain, address::Network network)
{
    using address::Chain;
    using address::Network;
    // Bitcoin Core src/kernel/chainparams.cpp: the asserts on consensus.hashGenesisBlock.
    // Every signet (custom challenges too) shares one genesis block.
    if (chain == Chain::bitcoin) {
        switch (network) {
        case Network::main: return "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
        case Network::test: return "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943";
        case Network::testnet4: return "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043";
        case Network::signet: return "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6";
        case Network::regtest: return "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
        }
    }
    // Litecoin Core src/chainparams.cpp, and `getblockhash 0` of litecoind 0.21.2.1 on each.
    if (chain == Chain::litecoin) {
        switch (network) {
        case Network::main: return "12a765e31ffd4059bada1e25190f6e98c99d9714d334efa41a195a7e7e04bfe2";
        case Network::test: return "4966625a4b2851d9fdee139e56211a0d88575f59ed816ff5e6a63deb4e3e29a0";
        case Network::regtest: return "530827f38f93b43ed12af0b3ad25a288dc02ed74d6d7857862df51fc56c416f9";
        case Network::signet:
        case Network::testnet4: return std::nullopt;
        }
    }
    return std::nullopt;
}

std::string_view core_chain_name(address::Network network)
{
    return address::to_string(network);  // main, test, testnet4, signet, regtest: the same names
}

}  // namespace porwatch::chain
