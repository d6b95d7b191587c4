// [evm.NAME] chains in the plan and the snapshot (issue 15): rows routed by network to their
// section, totals per chain named ASSET@NAME, one chain failing leaves the other whole.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "porwatch/snapshot/assemble.hpp"

using namespace porwatch;
using address::Chain;

namespace {

const std::string kA = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const std::string kB = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

addressbook::BookEntry evm_row(const std::string& text, const std::string& network, const std::string& asset)
{
    addressbook::BookEntry e;
    e.file = "okx.csv";
    e.line = 3;
    e.coin = asset;
    e.asset = asset;
    e.chain = Chain::ethereum;
    e.evm_network = network;
    e.address_text = text;
    auto parsed = address::parse_address(text, Chain::ethereum, std::nullopt);
    REQUIRE_MESSAGE(parsed.ok(), text);
    e.address = parsed->address;
    return e;
}

chain::ChainScan scan(const std::string& source, const std::string& chain_id, chain::ChainStatus status,
                      std::vector<Units> units, std::vector<std::string> networks = {})
{
    chain::ChainScan s;
    s.result.chain = Chain::ethereum;
    s.result.source = source;
    s.result.chain_id = chain_id;
    s.result.status = status;
    s.networks = std::move(networks);
    s.assets = {{"ETH", 18}, {"TST", 18}};
    if (status == chain::ChainStatus::complete) {
        s.addresses = {kA, kB};
        s.units = std::move(units);
    }
    return s;
}

const char* kConfig =
    "[ethereum]\nrpc_url = http://h:1\nchain_id = 31337\ntoken = TST:0x00000000000000000000000000000000000a11ce:18\n"
    "[evm.arbitrum]\nrpc_url = http://h:2\nchain_id = 42161\ntoken = "
    "TST:0x00000000000000000000000000000000000a11ce:18\n"
    "[evm.bsc]\nrpc_url = http://h:3\nchain_id = 56\nnative = BNB\n";

}  // namespace

TEST_SUITE("snapshot")
{
    TEST_CASE("snapshot::plan_scan routes each EVM network's rows to its [evm.NAME] section")
    {
        auto conf = config::parse_config(kConfig, "c.conf");
        REQUIRE_MESSAGE(conf.ok(), (conf.ok() ? "" : conf.error().message));
        const std::vector<addressbook::BookEntry> book = {
            evm_row(kA, "ETH", "ETH"),       evm_row(kA, "ARBITRUM", "ETH"), evm_row(kB, "ARBITRUM", "TST"),
            evm_row(kA, "ARBITRUM", "TST"),  evm_row(kA, "BSC", "BNB"),      evm_row(kA, "BSC", "USDT"),
            evm_row(kB, "OPTIMISM", "USDT"),
        };
        auto plan = snapshot::plan_scan(book, *conf);
        REQUIRE(plan.ok());
        CHECK(plan->ethereum.size() == 1);
        REQUIRE(plan->evm.size() == 2);
        CHECK(plan->evm[0].name == "arbitrum");
        CHECK(plan->evm[0].targets.size() == 2);  // each address once
        CHECK(plan->evm[1].name == "bsc");
        CHECK(plan->evm[1].targets.size() == 1);
        // USDT on BSC has no token line; OPTIMISM has no section: both unscanned, network named.
        REQUIRE(plan->unscanned.size() == 2);
        std::vector<std::string> chains;
        for (const auto& u : plan->unscanned) chains.push_back(u.chain + ":" + u.asset);
        CHECK(std::count(chains.begin(), chains.end(), "BSC:USDT") == 1);
        CHECK(std::count(chains.begin(), chains.end(), "OPTIMISM:USDT") == 1);
    }

    TEST_CASE("snapshot::assemble sums each EVM chain apart (ASSET@NAME) and keeps one chain's failure its own")
    {
        const std::vector<addressbook::BookEntry> book = {
            evm_row(kA, "ETH", "ETH"),      evm_row(kB, "ETH", "ETH"),      evm_row(kA, "ETH", "TST"),
            evm_row(kA, "ARBITRUM", "ETH"), evm_row(kB, "ARBITRUM", "TST"),
        };
        std::vector<proof::ProofResult> proofs(book.size());
        for (auto& p : proofs) p.status = proof::ProofStatus::verified;
        proofs[3].status = proof::ProofStatus::failed;  // kA's ARBITRUM row: unverified there only
        const auto mainnet = scan("", "1", chain::ChainStatus::complete, {Units{10}, Units{1}, Units{20}, Units{2}});
        const auto arbitrum = scan("arbitrum", "42161", chain::ChainStatus::complete,
                                   {Units{300}, Units{3}, Units{400}, Units{4}}, {"ARBITRUM"});
        const auto s = snapshot::assemble(book, proofs, {mainnet, arbitrum}, 1, 2);
        CHECK(s.status == snapshot::SnapshotStatus::complete);
        std::map<std::string, std::string> totals;
        for (const auto& t : s.totals) {
            totals[t.asset] =
                to_string(t.units) + "/" + std::to_string(t.addresses) + "/" + std::to_string(t.verified_addresses);
        }
        CHECK(totals ==
              std::map<std::string, std::string>{
                  {"ETH", "30/2/2"}, {"TST", "1/1/1"}, {"ETH@arbitrum", "300/1/0"}, {"TST@arbitrum", "4/1/1"}});
        CHECK(snapshot::asset_source("TST@arbitrum") == "arbitrum");
        CHECK(snapshot::asset_source("TST").empty());
        std::set<std::string> balances;
        for (const auto& b : s.balances) balances.insert(b.asset);
        CHECK(balances == std::set<std::string>{"ETH", "TST", "ETH@arbitrum", "TST@arbitrum"});

        const auto down = scan("arbitrum", "42161", chain::ChainStatus::failed, {}, {"ARBITRUM"});
        const auto partial = snapshot::assemble(book, proofs, {mainnet, down}, 1, 2);
        CHECK(partial.status == snapshot::SnapshotStatus::partial);
        std::set<std::string> left;
        for (const auto& t : partial.totals) left.insert(t.asset + "=" + to_string(t.units));
        CHECK(left == std::set<std::string>{"ETH=30", "TST=1"});
        REQUIRE(partial.chains.size() == 2);
        CHECK(chain::source_name(partial.chains[1]) == "arbitrum");
        CHECK(chain::source_name(partial.chains[0]) == "ethereum");
    }
}
