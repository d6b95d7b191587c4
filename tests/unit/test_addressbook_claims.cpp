// Claims fail loudly, bytes that are not UTF-8 are row errors, and native network names.
#include <doctest/doctest.h>

#include "porwatch/proof/verify.hpp"
#include "test_addressbook_support.hpp"

using namespace porwatch;
using namespace porwatch::addressbook;

namespace {

constexpr const char* kHtxHeader = "coin,address,snapshot height,balance,message,signature\n";
constexpr const char* kNativeHeader = "chain,network,address,asset,message,signatures,script,scheme,label\n";
constexpr const char* kEvm = "0x0cdcdb19a857c2ac24818ca4fdfe38cce071483e";

std::vector<BookEntry> parse_ok(const std::string& text)
{
    auto book = parse_book(text, "book.csv");
    REQUIRE_MESSAGE(book.ok(), book.error().message);
    return std::move(book).value();
}

}  // namespace

TEST_SUITE("addressbook")
{
    TEST_CASE("addressbook::parse_book a claim that is not an exact decimal is a row error with the reason")
    {
        struct Case {
            const char* amount;
            const char* reason;
        };
        const Case cases[] = {
            {"1.0000000000000000001",
             "claimed amount: amount '1.0000000000000000001' has 19 decimal places; the asset has 18"},
            {"-5", "claimed amount: negative amount '-5'"},
            {"0x1bc16d674ec80000", "is not a plain decimal"},
            {"NaN", "is not a plain decimal"},
            {"1,000", "is not a plain decimal"},
            {"1e3", "is not a plain decimal"},
            {"2037035976334486086268445688409378161051468393665936250636140449354381299763336706183397376",
             "exceeds 2^256-1"},
        };
        std::string text = kHtxHeader;
        for (const auto& c : cases) text += "ETH," + std::string(kEvm) + ",100,\"" + c.amount + "\",m,0xsig\n";
        text += "ETH," + std::string(kEvm) + ",100,5.25,m,0xsig\n";
        text += "ETH," + std::string(kEvm) + ",100,-,-,-\n";
        const auto book = parse_ok(text);
        REQUIRE(book.size() == std::size(cases) + 2);
        for (std::size_t i = 0; i < std::size(cases); ++i) {
            CAPTURE(cases[i].amount);
            CHECK(book[i].line == i + 2);
            CHECK_FALSE(book[i].claim);
            CHECK(book[i].has_claim_error());
            CHECK(book[i].claim_error.find(cases[i].reason) != std::string::npos);
            CHECK(book[i].amount_text == cases[i].amount);
            CHECK(book[i].is_signed());  // the signature is still checked
        }
        CHECK(to_string(book[7].claim->units) == "5250000000000000000");
        CHECK(book[7].claim_issue == ClaimIssue::none);
        CHECK(book[8].claim_issue == ClaimIssue::none);  // "-": the file claims nothing
        CHECK_FALSE(book[8].claim);
        // A bad height is a claim error too.
        const auto height = parse_ok(std::string(kHtxHeader) + "ETH," + kEvm + ",12x,1,m,s\n");
        CHECK(height[0].claim_error == "snapshot height '12x' is not a block number");
        CHECK(height[0].has_claim_error());
    }

    TEST_CASE("addressbook::parse_book unknown decimals: no claim and a reason, but not a row error")
    {
        const auto book = test::load_real_book("data/real/htx/huobi_por_20230701.csv");
        std::size_t unknown = 0, invalid = 0;
        for (const auto& e : book) {
            unknown += e.claim_issue == ClaimIssue::unknown_decimals;
            invalid += e.claim_issue == ClaimIssue::invalid;
            if (e.claim_issue == ClaimIssue::unknown_decimals)
                CHECK(e.claim_error.find("are not known") != std::string::npos);
        }
        CHECK(invalid == 0);  // the real file's amounts are all exact
        CHECK(unknown > 0);  // BETH-Heco, ETH-BTTC: decimals porwatch does not know for certain
    }

    TEST_CASE("addressbook::parse_book a field that is not UTF-8 is a row error naming the column")
    {
        const std::string text = std::string(kNativeHeader) + "ethereum,," + kEvm +
                                 "\xff,ETH,m,0xsig,,,\n"
                                 "ethereum,," +
                                 kEvm +
                                 ",ETH,caf\xc3(,0xsig,,,\n"
                                 "ethereum,," +
                                 kEvm + ",ETH,caf\xc3\xa9,0xsig,,,\n";
        const auto book = parse_ok(text);
        REQUIRE(book.size() == 3);
        CHECK(book[0].input_error == "column 'address' is not valid UTF-8 (byte 0xff at offset 42)");
        CHECK(book[1].input_error == "column 'message' is not valid UTF-8 (byte 0xc3 at offset 3)");
        CHECK(book[2].input_error.empty());
        const auto verdict = proof::verify_entry(book[1], {});
        CHECK(verdict.status == proof::ProofStatus::failed);
        CHECK(verdict.reason == book[1].input_error);
    }

    TEST_CASE("addressbook::parse_book native network names")
    {
        std::string text = kNativeHeader;
        for (const char* name : {"", "main", "mainnet", "ethereum", "1", "ETH", "Mainnet"}) {
            text += "ethereum," + std::string(name) + "," + kEvm + ",ETH,,,,,\n";
        }
        text += "ethereum,arbitrum," + std::string(kEvm) + ",ETH,,,,,\n";
        text += "ethereum,goerli," + std::string(kEvm) + ",ETH,,,,,\n";
        text += "bitcoin,testnet,tb1q0xcqpzrky6eff2g52qdye53xkk9jxkvraulyla,BTC,,,,,\n";
        text += "bitcoin,testnet4,tb1q0xcqpzrky6eff2g52qdye53xkk9jxkvraulyla,BTC,,,,,\n";
        text += "litecoin,testnet,QQFKBupQwhdbZgnj9XonwJvFZ4KfGGWGEC,LTC,,,,,\n";
        text += "bitcoin,testnet5,tb1q0xcqpzrky6eff2g52qdye53xkk9jxkvraulyla,BTC,,,,,\n";
        text += "tron,shasta,TJTc3g4AuDoPxCFmTbcTJEmQwhFrTnJGNR,TRX,,,,,\n";
        const auto book = parse_ok(text);
        REQUIRE(book.size() == 14);
        for (std::size_t i = 0; i < 7; ++i) {
            CAPTURE(i);
            CHECK(book[i].address);
            CHECK(book[i].evm_network == "ETH");  // the [ethereum] section's chain
        }
        CHECK(book[7].evm_network == "ARBITRUM");
        CHECK(book[8].address_error.rfind("unknown network 'goerli' for ethereum (accepted: '', main, mainnet, 1, eth,",
                                          0) == 0);
        CHECK(book[9].network == address::Network::test);
        CHECK(book[10].network == address::Network::testnet4);
        CHECK(book[11].network == address::Network::test);
        CHECK(book[11].chain == address::Chain::litecoin);
        CHECK(book[12].address_error == "unknown network 'testnet5' for bitcoin (accepted: main, mainnet, test, "
                                        "testnet, testnet4, signet, regtest)");
        CHECK(book[13].address_error == "unknown network 'shasta' for tron (accepted: '', main, mainnet, tron)");
    }
}
