// [evm.NAME] sections: other EVM chains beside [ethereum], each mapped to the address books'
// network names by chain id or by `network = NAME` (issue 15).
#include <doctest/doctest.h>

#include "porwatch/config/config.hpp"
#include "test_support.hpp"

using namespace porwatch;

namespace {

const std::string kEth = "[ethereum]\nrpc_url = http://127.0.0.1:1\nchain_id = 1\n";

std::string evm(const std::string& name, const std::string& chain_id, const std::string& more = "")
{
    return "[evm." + name + "]\nrpc_url = http://127.0.0.1:2\nchain_id = " + chain_id + "\n" + more;
}

// USDT on [ethereum] and [evm.arbitrum] (6 decimals) and [evm.bsc] (18), for same_asset.
const std::string kSameSections =
    kEth + "token = USDT:0x00000000000000000000000000000000000a11ce:6\n" +
    evm("arbitrum", "42161", "token = USDT:0x00000000000000000000000000000000000a11ce:6\n") +
    evm("bsc", "56", "native = BNB\ntoken = USDT:0x00000000000000000000000000000000000b0b00:18\n");

}  // namespace

TEST_SUITE("config")
{
    TEST_CASE("config: [evm.NAME] sections take [ethereum]'s keys and read their chain id's networks")
    {
        const std::string text = kEth +
                                 evm("arbitrum", "42161",
                                     "confirmations = 3\nblock = safe\nquorum = 1\n"
                                     "token = USDT:0x00000000000000000000000000000000000a11ce:6:slot=2\n") +
                                 evm("bsc", "56", "native = BNB\nnetwork = bep20_extra\n") +
                                 evm("mychain", "777", "network = Arbitrum_Nova\n");
        const auto c = config::parse_config(text, "e.conf");
        REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message));
        REQUIRE(c->ethereum);
        CHECK(c->ethereum->name.empty());
        CHECK(c->ethereum->networks.empty());
        REQUIRE(c->evm.size() == 3);
        const auto& arb = c->evm[0];
        CHECK(arb.name == "arbitrum");
        CHECK(arb.chain_id == 42161);
        CHECK(arb.confirmations == 3);
        CHECK(arb.block == config::EvmBlock::safe);
        CHECK(arb.native == "ETH");
        CHECK(arb.networks == std::vector<std::string>{"ARBITRUM"});
        REQUIRE(arb.tokens.size() == 1);
        CHECK(arb.tokens[0].symbol == "USDT");
        CHECK(c->evm[1].native == "BNB");
        CHECK(c->evm[1].networks == std::vector<std::string>{"BSC", "BEP20_EXTRA"});
        CHECK(c->evm[2].networks == std::vector<std::string>{"ARBITRUM_NOVA"});
        CHECK(c->evm_for_network("ARBITRUM") == &c->evm[0]);
        CHECK(c->evm_for_network("BSC") == &c->evm[1]);
        CHECK(c->evm_for_network("ARBITRUM_NOVA") == &c->evm[2]);
        CHECK(c->evm_for_network("ETH") == nullptr);  // mainnet is [ethereum]'s
        CHECK(c->evm_for_network("POLYGON") == nullptr);  // no section: unscanned
    }

    TEST_CASE("config: the built-in chain ids of the address books' EVM networks")
    {
        CHECK(config::evm_network_chain_id("ETH") == 1u);
        CHECK(config::evm_network_chain_id("OPTIMISM") == 10u);
        CHECK(config::evm_network_chain_id("BSC") == 56u);
        CHECK(config::evm_network_chain_id("HECO") == 128u);
        CHECK(config::evm_network_chain_id("POLYGON") == 137u);
        CHECK(config::evm_network_chain_id("BTTC") == 199u);
        CHECK(config::evm_network_chain_id("BASE") == 8453u);
        CHECK(config::evm_network_chain_id("ARBITRUM") == 42161u);
        CHECK(config::evm_network_chain_id("AVAXC") == 43114u);
        CHECK_FALSE(config::evm_network_chain_id("SOLANA"));
        CHECK(config::builtin_evm_networks(8453) == std::vector<std::string>{"BASE"});
        CHECK(config::builtin_evm_networks(31337).empty());
    }

    TEST_CASE("config: [evm.NAME] and same_asset failures carry their kind and line")
    {
        const struct {
            std::string text;
            config::ConfigError kind;
            std::string line;
        } cases[] = {
            {"[evm.arbitrum]\nrpc_url = http://127.0.0.1:2\n", config::ConfigError::missing, "c.conf:1:"},
            {"[evm.arbitrum]\nchain_id = 42161\n", config::ConfigError::missing, "c.conf:1:"},
            {evm("Arb", "42161"), config::ConfigError::value, "c.conf:1:"},
            {evm("", "42161"), config::ConfigError::value, "c.conf:1:"},
            {evm("arbitrum", "42161", "block = pending\n"), config::ConfigError::value, "c.conf:4:"},
            {evm("arbitrum", "42161", "native = B@B\n"), config::ConfigError::value, "c.conf:4:"},
            {evm("arbitrum", "42161", "token = U@A:0x00000000000000000000000000000000000a11ce:6\n"),
             config::ConfigError::value, "c.conf:4:"},
            {evm("bsc", "56", "native = BNB\ntoken = bnb:0x00000000000000000000000000000000000a11ce:18\n"),
             config::ConfigError::value, "c.conf:5:"},
            {evm("arbitrum", "42161", "colour = blue\n"), config::ConfigError::unknown, "c.conf:4:"},
            {kEth + "native = BNB\n", config::ConfigError::unknown, "c.conf:4:"},
            {evm("arbitrum", "42161") + evm("arbitrum", "42161"), config::ConfigError::repeated, "c.conf:4:"},
            // [ethereum] is chain id 1's section (and its own chain id's, on a test chain).
            {evm("main", "1"), config::ConfigError::conflict, "c.conf:1:"},
            {kEth + evm("again", "1"), config::ConfigError::conflict, "c.conf:4:"},
            {"[ethereum]\nrpc_url = http://127.0.0.1:1\nchain_id = 31337\n" + evm("dev", "31337"),
             config::ConfigError::conflict, "c.conf:4:"},
            {evm("one", "42161") + evm("two", "42161"), config::ConfigError::conflict, "c.conf:4:"},
            // NAME keys the chain in the store and in stale:NAME: never a built-in chain's name.
            {evm("bitcoin", "42161"), config::ConfigError::conflict, "c.conf:1:"},
            {evm("ethereum", "42161"), config::ConfigError::conflict, "c.conf:1:"},
            // A network is one chain's: claimed twice, or claimed against its built-in chain id.
            {evm("one", "7", "network = X\n") + evm("two", "8", "network = x\n"), config::ConfigError::conflict,
             "c.conf:5:"},
            {evm("one", "7", "network = ARBITRUM\n"), config::ConfigError::conflict, "c.conf:4:"},
            {evm("one", "7", "network = ETH\n"), config::ConfigError::conflict, "c.conf:4:"},
            {evm("one", "7", "network = a b\n"), config::ConfigError::value, "c.conf:4:"},
            // same_asset lines (test_snapshot_same_asset.cpp has the sums).
            {"same_asset = USDT@ethereum\n" + kSameSections, config::ConfigError::value, "c.conf:1:"},
            {"same_asset = USDT,USDT@arbitrum\n" + kSameSections, config::ConfigError::value, "c.conf:1:"},
            {"same_asset = USDT@ethereum,,USDT@arbitrum\n" + kSameSections, config::ConfigError::value, "c.conf:1:"},
            {"same_asset = USDT@ethereum,USDC@arbitrum\n" + kSameSections, config::ConfigError::conflict, "c.conf:1:"},
            {"same_asset = USDT@ethereum,USDT@polygon\n" + kSameSections, config::ConfigError::conflict, "c.conf:1:"},
            {"same_asset = DAI@ethereum,DAI@arbitrum\n" + kSameSections, config::ConfigError::conflict, "c.conf:1:"},
            {"same_asset = USDT@ethereum,USDT@all\n" + kSameSections, config::ConfigError::conflict, "c.conf:1:"},
            {"\nsame_asset = USDT@ethereum,USDT@arbitrum\nsame_asset = USDT@bsc,USDT@arbitrum\n" + kSameSections,
             config::ConfigError::repeated, "c.conf:3:"},
            {"same_asset = USDT@ethereum,USDT@arbitrum\nsame_asset = USDT@bsc, USDT@ethereum\n" + kSameSections,
             config::ConfigError::repeated, "c.conf:2:"},
            {"same_asset = ETH@ethereum,ETH@arbitrum\nsame_asset = USDT@bsc,USDT@arbitrum\n"
             "same_asset = USDT@ethereum,USDT@bsc\n" +
                 kSameSections,
             config::ConfigError::repeated, "c.conf:3:"},
            {evm("all", "42161"), config::ConfigError::conflict, "c.conf:1:"},
            {evm("ethereum", "42161"), config::ConfigError::conflict, "c.conf:1:"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto parsed = config::parse_config(c.text, "c.conf");
            REQUIRE_FALSE(parsed.ok());
            CAPTURE(parsed.error().message);
            CHECK(parsed.error().code_as<config::ConfigError>() == c.kind);
            CHECK(parsed.error().message.rfind(c.line, 0) == 0);
        }
    }
}
