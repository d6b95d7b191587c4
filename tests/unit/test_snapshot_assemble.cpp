#include <doctest/doctest.h>

#include "porwatch/snapshot/assemble.hpp"

using namespace porwatch;
using address::Chain;

namespace {

addressbook::BookEntry row(const std::string& text, Chain chain, address::Network network, const std::string& asset,
                           std::optional<Units> claim = std::nullopt)
{
    addressbook::BookEntry e;
    e.file = "book.csv";
    e.line = 7;
    e.coin = asset;
    e.asset = asset;
    e.chain = chain;
    e.network = network;
    e.address_text = text;
    auto parsed = address::parse_address(text, chain, chain == Chain::ethereum ? std::nullopt : std::optional(network));
    REQUIRE_MESSAGE(parsed.ok(), text);
    e.address = parsed->address;
    if (claim) e.claim = addressbook::BalanceClaim{*claim, 100};
    return e;
}

proof::ProofResult verdict(proof::ProofStatus status, std::vector<std::string> signers = {})
{
    proof::ProofResult p;
    p.status = status;
    p.signers = std::move(signers);
    return p;
}

const std::string kLtc1 = "mrcNu71ztWjAQA6ww9kHiW3zBWSQidHXTQ";
const std::string kLtc2 = "rltc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrpcuql2";
const std::string kEth = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const std::string kOwner1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

chain::ChainScan ltc_scan(chain::ChainStatus status, Units a, Units b)
{
    chain::ChainScan s;
    s.result.chain = Chain::litecoin;
    s.result.network = address::Network::regtest;
    s.result.status = status;
    s.result.height = 102;
    s.result.block_hash = "00ab";
    s.assets = {{"LTC", 8}};
    if (status == chain::ChainStatus::complete) {
        s.addresses = {kLtc1, kLtc2};
        s.units = {a, b};
    }
    return s;
}

chain::ChainScan eth_scan(chain::ChainStatus status, Units eth, Units token)
{
    chain::ChainScan s;
    s.result.chain = Chain::ethereum;
    s.result.status = status;
    s.assets = {{"ETH", 18}, {"TST", 18}};
    if (status == chain::ChainStatus::complete) {
        s.addresses = {kEth};
        s.units = {eth, token};
    }
    return s;
}

}  // namespace

TEST_SUITE("snapshot")
{
    TEST_CASE("snapshot::assemble sums complete chains with claims, verified counts and shortfalls")
    {
        const auto net = address::Network::regtest;
        std::vector<addressbook::BookEntry> book = {row(kLtc1, Chain::litecoin, net, "LTC", Units{150000000}),
                                                    row(kLtc2, Chain::litecoin, net, "LTC", Units{100000000}),
                                                    row(kLtc2, Chain::litecoin, net, "LTC", Units{999})};
        std::vector<proof::ProofResult> proofs = {verdict(proof::ProofStatus::verified),
                                                  verdict(proof::ProofStatus::failed),
                                                  verdict(proof::ProofStatus::unsigned_entry)};
        const auto s =
            snapshot::assemble(book, proofs, {ltc_scan(chain::ChainStatus::complete, 150000000, 75000000)}, 1, 2);
        CHECK(s.status == snapshot::SnapshotStatus::complete);
        REQUIRE(s.totals.size() == 1);
        CHECK(s.totals[0].units == Units{225000000});
        CHECK(*s.totals[0].claimed_units == Units{250000000});  // first claim per address
        CHECK(s.totals[0].addresses == 2);
        CHECK(s.totals[0].verified_addresses == 1);
        CHECK(s.totals[0].unverified_addresses == 1);
        CHECK(s.totals[0].verified_units == Units{150000000});  // only kLtc1 is proven
        REQUIRE(s.shortfalls.size() == 1);
        CHECK(s.shortfalls[0].address == kLtc2);
        CHECK(s.shortfalls[0].observed == Units{75000000});
        CHECK(s.balances.size() == 2);
    }

    TEST_CASE("snapshot::assemble never sums a failed or disputed chain")
    {
        std::vector<addressbook::BookEntry> book = {row(kLtc1, Chain::litecoin, address::Network::regtest, "LTC"),
                                                    row(kEth, Chain::ethereum, address::Network::main, "ETH"),
                                                    row(kEth, Chain::ethereum, address::Network::main, "TST")};
        std::vector<proof::ProofResult> proofs(3, verdict(proof::ProofStatus::verified));
        auto partial = snapshot::assemble(
            book, proofs, {ltc_scan(chain::ChainStatus::failed, 0, 0), eth_scan(chain::ChainStatus::complete, 5, 6)}, 1,
            2);
        CHECK(partial.status == snapshot::SnapshotStatus::partial);
        REQUIRE(partial.totals.size() == 2);
        CHECK(partial.totals[0].asset == "ETH");
        CHECK(partial.totals[1].units == Units{6});
        auto failed = snapshot::assemble(book, proofs, {ltc_scan(chain::ChainStatus::disputed, 1, 1)}, 1, 2);
        CHECK(failed.status == snapshot::SnapshotStatus::failed);
        CHECK(failed.totals.empty());
        CHECK(failed.balances.empty());
        CHECK(snapshot::assemble(book, proofs, {}, 1, 2).status == snapshot::SnapshotStatus::failed);
    }

    TEST_CASE("snapshot::assemble withdraws a chain whose total overflows uint256")
    {
        std::vector<addressbook::BookEntry> book = {row(kEth, Chain::ethereum, address::Network::main, "TST"),
                                                    row(kOwner1, Chain::ethereum, address::Network::main, "TST")};
        auto scan = eth_scan(chain::ChainStatus::complete, 1, 1);
        const Units max = std::numeric_limits<Units>::max();
        scan.addresses = {kEth, kOwner1};
        scan.units = {1, max, 1, max};  // ETH, TST per address
        const auto s = snapshot::assemble(
            book, {verdict(proof::ProofStatus::verified), verdict(proof::ProofStatus::failed)}, {scan}, 1, 2);
        CHECK(s.status == snapshot::SnapshotStatus::failed);
        CHECK(s.totals.empty());
        CHECK(s.chains[0].status == chain::ChainStatus::failed);
    }

    TEST_CASE("snapshot::assemble expands compact balances and withdraws a malformed scan")
    {
        auto scan = eth_scan(chain::ChainStatus::complete, 5, 7);
        CHECK(scan.balance_count() == 2);
        CHECK(scan.balance(1).asset == "TST");
        CHECK(scan.balance(1).units == 7);
        CHECK(scan.balance(1).address == kEth);
        std::vector<addressbook::BookEntry> book = {row(kEth, Chain::ethereum, address::Network::main, "ETH")};
        auto s = snapshot::assemble(book, {verdict(proof::ProofStatus::verified)}, {scan}, 1, 2);
        REQUIRE(s.balances.size() == 2);
        CHECK(s.balances[0].asset == "ETH");
        CHECK(s.balances[0].units == 5);
        scan.units.pop_back();  // not addresses × assets: never summed
        s = snapshot::assemble(book, {verdict(proof::ProofStatus::verified)}, {scan}, 1, 2);
        CHECK(s.status == snapshot::SnapshotStatus::failed);
        CHECK(s.totals.empty());
        CHECK(s.balances.empty());
    }

    TEST_CASE("snapshot::effective_status promotes owners-signed only when the owner check confirms")
    {
        auto e = row(kEth, Chain::ethereum, address::Network::main, "ETH");
        e.ownership.owners = {kOwner1};
        const auto p = verdict(proof::ProofStatus::owners_signed, {kOwner1});
        chain::OwnerCheck safe{kEth, true, true, {kOwner1, kEth}, 1, ""};
        CHECK(snapshot::effective_status(e, p, {safe}) == proof::ProofStatus::verified);
        auto high = safe;
        high.threshold = 2;
        CHECK(snapshot::effective_status(e, p, {high}) == proof::ProofStatus::owners_signed);
        auto other = safe;
        other.owners = {kEth};
        CHECK(snapshot::effective_status(e, p, {other}) == proof::ProofStatus::owners_signed);
        auto no_code = safe;
        no_code.has_code = false;
        CHECK(snapshot::effective_status(e, p, {no_code}) == proof::ProofStatus::owners_signed);
        CHECK(snapshot::effective_status(e, p, {}) == proof::ProofStatus::owners_signed);
        CHECK(snapshot::effective_status(e, verdict(proof::ProofStatus::failed), {safe}) == proof::ProofStatus::failed);
    }

    TEST_CASE("snapshot::plan_scan routes rows and demands a section per chain")
    {
        auto conf = config::parse_config("[litecoin]\nnetwork = regtest\nrpc_url = http://h:1\n", "c.conf");
        REQUIRE(conf.ok());
        std::vector<addressbook::BookEntry> book = {row(kLtc1, Chain::litecoin, address::Network::regtest, "LTC"),
                                                    row(kLtc1, Chain::litecoin, address::Network::regtest, "LTC")};
        addressbook::BookEntry sol;
        sol.unsupported_reason = "SOL";
        book.push_back(sol);
        auto plan = snapshot::plan_scan(book, *conf);
        REQUIRE(plan.ok());
        CHECK(plan->litecoin.size() == 1);  // repeated address scanned once
        CHECK(plan->unscanned.size() == 1);
        book.push_back(row(kEth, Chain::ethereum, address::Network::main, "ETH"));
        auto missing = snapshot::plan_scan(book, *conf);
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message ==
              "book.csv:7: the book has Ethereum rows but the config has no [ethereum] section");
        auto main_conf = config::parse_config("[litecoin]\nnetwork = main\nrpc_url = http://h:1\n", "c.conf");
        auto wrong_net = snapshot::plan_scan({book[0]}, *main_conf);
        REQUIRE_FALSE(wrong_net.ok());
        CHECK(wrong_net.error().message.find("regtest address but [litecoin] network = main") != std::string::npos);
    }
}
