// Every asset is accounted for: a row counts only for its own asset, rows no source reads are
// unscanned with their claimed value, and claim totals are complete or absent.
#include <doctest/doctest.h>

#include <set>

#include "porwatch/snapshot/assemble.hpp"
#include "test_addressbook_support.hpp"

using namespace porwatch;
using address::Chain;

namespace {

const std::string kX = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const std::string kY = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const std::string kZ = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const std::string kLtc1 = "mrcNu71ztWjAQA6ww9kHiW3zBWSQidHXTQ";
const std::string kLtc2 = "rltc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrpcuql2";

std::vector<addressbook::BookEntry> native(const std::string& rows)
{
    auto book = addressbook::parse_book("chain,network,address,asset,message,signatures,script,scheme,label\n" + rows,
                                        "book.csv");
    REQUIRE_MESSAGE(book.ok(), book.error().message);
    return std::move(book).value();
}

config::Config conf(const std::string& text)
{
    auto c = config::parse_config(text, "c.conf");
    REQUIRE_MESSAGE(c.ok(), c.error().message);
    return std::move(c).value();
}

chain::ChainScan evm(std::vector<std::string> addresses, std::vector<chain::AssetInfo> assets, std::vector<Units> units)
{
    chain::ChainScan s;
    s.result.chain = Chain::ethereum;
    s.result.status = chain::ChainStatus::complete;
    s.addresses = std::move(addresses);
    s.assets = std::move(assets);
    s.units = std::move(units);
    return s;
}

std::vector<proof::ProofResult> all(std::size_t n, proof::ProofStatus status)
{
    proof::ProofResult p;
    p.status = status;
    return std::vector<proof::ProofResult>(n, p);
}

}  // namespace

TEST_SUITE("snapshot")
{
    TEST_CASE("snapshot::plan_scan: an EVM row is read only for ETH or a configured token, never as ETH")
    {
        const auto book = native("ethereum,main," + kX + ",ETH,,,,,\n" + "ethereum,mainnet," + kY + ",USDT,,,,,\n" +
                                 "ethereum,," + kZ + ",FOO,,,,,\n" + "ethereum,1," + kX + ",TST,,,,,\n");
        const auto c = conf("[ethereum]\nrpc_url = http://h\nchain_id = 1\n"
                            "token = TST:0x00000000000000000000000000000000000a11ce:18\n");
        const auto plan = snapshot::plan_scan(book, c);
        REQUIRE(plan.ok());
        REQUIRE(plan->ethereum.size() == 1);  // `main`, `mainnet`, `1`, "" all mean [ethereum]
        CHECK(plan->ethereum[0].address == kX);
        REQUIRE(plan->unscanned.size() == 2);
        CHECK(plan->unscanned[0].asset == "FOO");
        CHECK(plan->unscanned[0].reason == "no source for FOO in [ethereum] (token = FOO:ADDRESS:DECIMALS)");
        CHECK(plan->unscanned[0].chain == "ethereum");
        CHECK(plan->unscanned[1].asset == "USDT");
        CHECK(plan->unscanned[1].rows == 1);
        CHECK(plan->unscanned[1].claimed_rows == 0);
        CHECK_FALSE(plan->unscanned[1].claimed_units);

        // X holds ETH and TST, Y and Z hold both too; only X's rows name them.
        const auto scan = evm({kX}, {{"ETH", 18}, {"TST", 18}}, {Units{5}, Units{6}});
        const auto s = snapshot::assemble(book, all(book.size(), proof::ProofStatus::verified), {scan}, 1, 2);
        REQUIRE(s.totals.size() == 2);
        CHECK(s.totals[0].asset == "ETH");
        CHECK(s.totals[0].addresses == 1);
        CHECK(s.totals[0].units == Units{5});
        CHECK(s.totals[1].units == Units{6});
    }

    TEST_CASE("snapshot::assemble sums an address only under the assets its rows name")
    {
        const auto book = native("ethereum,," + kX + ",ETH,,,,,\n" + "ethereum,," + kY + ",TST,,,,,\n");
        const auto scan = evm({kX, kY}, {{"ETH", 18}, {"TST", 18}}, {Units{1}, Units{100}, Units{1000}, Units{7}});
        const auto s = snapshot::assemble(book, all(2, proof::ProofStatus::unsigned_entry), {scan}, 1, 2);
        REQUIRE(s.totals.size() == 2);
        CHECK(s.totals[0].units == Units{1});  // X's ETH, not Y's 1000
        CHECK(s.totals[1].units == Units{7});  // Y's TST, not X's 100
        CHECK(s.totals[0].addresses == 1);
        CHECK(s.balances.size() == 4);  // every observed balance is kept
        // A token no row names gets no figure (not a zero).
        const auto only_eth = native("ethereum,," + kX + ",ETH,,,,,\n");
        const auto t = snapshot::assemble(only_eth, all(1, proof::ProofStatus::unsigned_entry),
                                          {evm({kX}, {{"ETH", 18}, {"TST", 18}}, {Units{1}, Units{2}})}, 1, 2);
        REQUIRE(t.totals.size() == 1);
        CHECK(t.totals[0].asset == "ETH");
    }

    TEST_CASE("snapshot::plan_scan: the real HTX file's USDT-ETH rows without `token =` are unscanned claims")
    {
        const auto book = test::load_real_book("data/real/htx/huobi_por_20230701.csv");
        const auto c =
            conf("[bitcoin]\nnetwork = main\nrpc_url = http://h\n[ethereum]\nrpc_url = http://h\nchain_id = 1\n");
        const auto plan = snapshot::plan_scan(book, c);
        REQUIRE_MESSAGE(plan.ok(), plan.error().message);
        const auto usdt =
            std::find_if(plan->unscanned.begin(), plan->unscanned.end(),
                         [](const snapshot::Unscanned& u) { return u.asset == "USDT" && u.chain == "ethereum"; });
        REQUIRE(usdt != plan->unscanned.end());
        CHECK(usdt->rows == 5);
        CHECK(usdt->claimed_rows == 3);  // two owner rows publish no balance ("-")
        REQUIRE(usdt->claimed_units);
        CHECK(format_decimal(*usdt->claimed_units, usdt->decimals) == "89022421.574000");
        CHECK(snapshot::describe(*usdt) ==
              "5 USDT rows on ethereum (no source for USDT in [ethereum] (token = USDT:ADDRESS:DECIMALS)), "
              "claiming 89022421.574000");
        // The Ethereum targets are exactly the addresses of ETH rows (each of these USDT
        // addresses also has an ETH row of its own); HT has no source either.
        std::set<std::string> eth_rows;
        for (const auto& e : book) {
            if (e.address && e.chain == Chain::ethereum && e.asset == "ETH" && snapshot::on_ethereum_mainnet(e)) {
                eth_rows.insert(e.address->text);
            }
        }
        CHECK(plan->ethereum.size() == eth_rows.size());
        CHECK(std::any_of(plan->unscanned.begin(), plan->unscanned.end(),
                          [](const snapshot::Unscanned& u) { return u.asset == "HT" && u.rows == 8; }));
        std::size_t rows = 0;
        for (const auto& u : plan->unscanned) rows += u.rows;
        CHECK(rows + plan->bitcoin.size() + plan->ethereum.size() <= book.size());
        // With the token configured they are read for USDT.
        const auto with_token = conf("[bitcoin]\nnetwork = main\nrpc_url = http://h\n[ethereum]\nrpc_url = http://h\n"
                                     "chain_id = 1\ntoken = USDT:0xdAC17F958D2ee523a2206206994597C13D831ec7:6\n");
        const auto read = snapshot::plan_scan(book, with_token);
        REQUIRE(read.ok());
        CHECK(std::none_of(read->unscanned.begin(), read->unscanned.end(),
                           [](const snapshot::Unscanned& u) { return u.asset == "USDT" && u.chain == "ethereum"; }));
    }

    TEST_CASE("snapshot::plan_scan: a bitcoin-family row whose asset is not the chain's coin is unscanned")
    {
        const auto book =
            native("litecoin,regtest," + kLtc1 + ",LTC,,,,,\n" + "litecoin,regtest," + kLtc2 + ",FOO,,,,,\n");
        const auto plan = snapshot::plan_scan(book, conf("[litecoin]\nnetwork = regtest\nrpc_url = http://h\n"));
        REQUIRE(plan.ok());
        CHECK(plan->litecoin.size() == 1);
        REQUIRE(plan->unscanned.size() == 1);
        CHECK(plan->unscanned[0].reason == "asset FOO is not litecoin's coin LTC (no source reads it)");
    }

    TEST_CASE("snapshot::assemble: a claim error withdraws the claim total and is counted")
    {
        auto book = native("litecoin,regtest," + kLtc1 + ",LTC,,,,,\n" + "litecoin,regtest," + kLtc2 + ",LTC,,,,,\n");
        book[0].claim = addressbook::BalanceClaim{Units{100}, 1};
        book[1].claim_issue = addressbook::ClaimIssue::invalid;
        book[1].claim_error = "claimed amount: negative amount '-1'";
        chain::ChainScan scan;
        scan.result.chain = Chain::litecoin;
        scan.result.status = chain::ChainStatus::complete;
        scan.assets = {{"LTC", 8}};
        scan.addresses = {kLtc1, kLtc2};
        scan.units = {Units{50}, Units{70}};
        auto s = snapshot::assemble(book, all(2, proof::ProofStatus::verified), {scan}, 1, 2);
        REQUIRE(s.totals.size() == 1);
        CHECK_FALSE(s.totals[0].claimed_units);  // never 100 quietly short of the truth
        CHECK(s.totals[0].claim_errors == 1);
        CHECK(s.shortfalls.size() == 1);  // the exact claim is still compared
        book[1].claim_issue = addressbook::ClaimIssue::unknown_decimals;
        s = snapshot::assemble(book, all(2, proof::ProofStatus::verified), {scan}, 1, 2);
        CHECK(s.totals[0].claim_errors == 1);
        book[1].claim_issue = addressbook::ClaimIssue::none;
        book[1].claim = addressbook::BalanceClaim{Units{20}, 1};
        s = snapshot::assemble(book, all(2, proof::ProofStatus::verified), {scan}, 1, 2);
        CHECK(s.totals[0].claim_errors == 0);
        CHECK(*s.totals[0].claimed_units == Units{120});
        // A coin amount read with 6 decimals never adds to a total of 8 (a token's decimals in
        // the config differ from the coin table's): counted as a claim error, not summed.
        book[1].claim->decimals = 6U;
        s = snapshot::assemble(book, all(2, proof::ProofStatus::verified), {scan}, 1, 2);
        CHECK(s.totals[0].claim_errors == 1);
        CHECK_FALSE(s.totals[0].claimed_units);
        book[1].claim->decimals = 8U;
        s = snapshot::assemble(book, all(2, proof::ProofStatus::verified), {scan}, 1, 2);
        CHECK(*s.totals[0].claimed_units == Units{120});
        // Claims that overflow 2^256-1 together are withdrawn, never wrapped.
        book[0].claim->units = std::numeric_limits<Units>::max();
        s = snapshot::assemble(book, all(2, proof::ProofStatus::verified), {scan}, 1, 2);
        CHECK_FALSE(s.totals[0].claimed_units);
        CHECK(s.totals[0].claim_errors == 1);
    }
}
