// Synthetic edge cases: RFC 4180 quoting, CRLF, the native format, forced formats, and
// errors that must name file:line.
#include <doctest/doctest.h>

#include "test_addressbook_support.hpp"

using namespace porwatch;
using namespace porwatch::addressbook;

namespace {

constexpr const char* kNativeHeader = "chain,network,address,asset,message,signatures,script,scheme,label\n";
constexpr const char* kOkx7Header = "coin,address,amount,message,signature1,signature2,redeem script/ public key\n";
constexpr const char* kEvmAddress = "0x0cdcdb19a857c2ac24818ca4fdfe38cce071483e";

std::vector<BookEntry> parse_ok(const std::string& text, std::optional<FileFormat> format = std::nullopt)
{
    auto book = parse_book(text, "book.csv", format);
    REQUIRE_MESSAGE(book.ok(), book.error().message);
    return std::move(book).value();
}

}  // namespace

TEST_SUITE("addressbook")
{
    TEST_CASE("addressbook::parse_book RFC 4180 quoting and CRLF")
    {
        const std::string text = std::string(kNativeHeader) + "ethereum,,\"" + kEvmAddress +
                                 "\",ETH,\"Hello, \"\"world\"\"\",0xaa|0xbb,,eip191,\"cold, 1\"\r\n"
                                 "ethereum,,\"" +
                                 kEvmAddress +
                                 "\",ETH,\"two\nlines\",0xcc,,,\r\n"
                                 "\r\n";
        const auto book = parse_ok(text);
        REQUIRE(book.size() == 2);
        CHECK(book[0].line == 2);
        CHECK(book[0].ownership.message == "Hello, \"world\"");
        CHECK(book[0].ownership.signatures == std::vector<std::string>{"0xaa", "0xbb"});
        CHECK(book[0].ownership.scheme == "eip191");
        CHECK(book[0].label == "cold, 1");
        CHECK(book[0].address->text == "0x0CDcDB19a857C2Ac24818CA4Fdfe38CcE071483e");
        // A quoted line break: the record starts on line 3 and the message keeps the LF.
        CHECK(book[1].line == 3);
        CHECK(book[1].ownership.message == "two\nlines");
        CHECK(book[1].ownership.scheme.empty());
    }

    TEST_CASE("addressbook::parse_book native format: chains, unsigned rows, unknown chain")
    {
        const std::string text = std::string(kNativeHeader) +
                                 "litecoin,regtest,rltc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrpcuql2,LTC,,,,,\n"
                                 "bitcoin,main,3QVtn5nHRxBXX7C7sKw2qdkoGqMMwFUgwF,BTC,msg,H1|H2,5221aa,multisig,ms\n"
                                 "solana,main,So1ana,SOL,msg,sig,,,\n"
                                 "bitcoin,main,not-an-address,BTC,msg,sig,,,\n"
                                 "tron,,TJTc3g4AuDoPxCFmTbcTJEmQwhFrTnJGNR,USDT,m,s,,,\n";
        const auto book = parse_ok(text);
        REQUIRE(book.size() == 5);
        CHECK(book[0].format == FileFormat::porwatch);
        CHECK(book[0].layout == "porwatch");
        CHECK(book[0].chain == address::Chain::litecoin);
        CHECK(book[0].network == address::Network::regtest);
        CHECK(book[0].address);
        CHECK_FALSE(book[0].is_signed());  // empty message and signatures: unsigned, still an entry
        CHECK(book[0].decimals == 8);
        CHECK_FALSE(book[0].claim);
        CHECK(book[1].ownership.signatures == std::vector<std::string>{"H1", "H2"});
        CHECK(book[1].ownership.script == "5221aa");
        CHECK(book[1].address->type == address::AddressType::p2sh);
        CHECK(book[2].unsupported_reason == "chain 'solana' is not supported yet");
        CHECK(book[3].is_supported());
        CHECK_FALSE(book[3].address);
        CHECK_FALSE(book[3].address_error.empty());
        CHECK(book[4].chain == address::Chain::tron);
        CHECK(book[4].decimals == 6);
    }

    TEST_CASE("addressbook::parse_book OKX quirks: sentinels, spaces, amounts that do not parse")
    {
        const std::string text = std::string("coin,snapshot height,amount\nETH,100, 1.5\n\n") + kOkx7Header + "ETH, " +
                                 kEvmAddress +
                                 ",1000,I am an OKX address,0xsig,\\N,null\n"
                                 "ETH," +
                                 kEvmAddress +
                                 ",1.5,I am an OKX address,0xsig,-\n"
                                 "SOL,So1,5,I am an OKX address,sig,,\n"
                                 "\n\n";
        const auto book = parse_ok(text);
        REQUIRE(book.size() == 3);
        CHECK(book[0].line == 5);
        CHECK(book[0].address);
        CHECK(book[0].ownership.signatures == std::vector<std::string>{"0xsig"});
        CHECK(book[0].ownership.script.empty());
        CHECK(to_string(book[0].claim->units) == "1000");
        CHECK(book[0].claim->height == 100u);
        // The 2022 layout is in base units: "1.5" is not an exact claim; the row stays.
        CHECK_FALSE(book[1].claim);
        CHECK(book[1].claim_error == "claimed amount: invalid integer amount '1.5'");
        CHECK(book[1].claim_issue == addressbook::ClaimIssue::invalid);
        CHECK(book[1].is_signed());
        CHECK(book[2].unsupported_reason == "coin SOL is not supported yet");

        const std::string decimal = std::string("coin,Network,Snapshot Height,address,amount,message,signature1,"
                                                "signature2,redeem script/ public key\n") +
                                    "USDT-ERC20,ETH,-," + kEvmAddress + ",1.1234567,m,s,,\n";
        const auto rows = parse_ok(decimal);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].layout == "okx-9");
        CHECK(rows[0].asset == "USDT");
        CHECK_FALSE(rows[0].claim);
        CHECK(rows[0].claim_error == "claimed amount: amount '1.1234567' has 7 decimal places; the asset has 6");
        CHECK(rows[0].has_claim_error());
    }

    TEST_CASE("addressbook::parse_book errors name file:line")
    {
        CHECK(parse_book("coin,address,foo\nBTC,1,2\n", "x.csv").error().message ==
              "x.csv:1: unrecognised header 'coin,address,foo' (expected an OKX, HTX or porwatch "
              "address-book header)");
        CHECK(parse_book("coin,amount\nBTC,1\n\nbad,header\n", "x.csv").error().message.rfind("x.csv:4: ", 0) == 0);
        CHECK(parse_book("coin,amount\nBTC,1\n", "x.csv").error().message ==
              "x.csv:1: summary section with no detail section after it");
        CHECK(parse_book("", "x.csv").error().message == "x.csv: empty file, no address-book header");
        CHECK(parse_book(std::string(kNativeHeader) + "bitcoin,main,\"unterminated\n", "x.csv").error().message ==
              "x.csv:2: unterminated quoted field");
        CHECK(parse_book(std::string(kNativeHeader) + "bitcoin,\"main\"x,a,b,,,,,\n", "x.csv").error().message ==
              "x.csv:2: unexpected text after a closing quote");
        CHECK(parse_book(std::string(kNativeHeader) + "bitcoin,main,a,BTC,,,,,,extra\n", "x.csv").error().message ==
              "x.csv:2: 10 fields, but the header at line 1 has 9");
        // A forced format must match the header.
        CHECK(parse_book(std::string(kOkx7Header), "x.csv", FileFormat::htx)
                  .error()
                  .message.rfind("x.csv:1: unrecognised header", 0) == 0);
        // Rows are read one at a time, yet a CSV syntax error anywhere in the file still comes
        // before an error of an earlier row or header (as when the file was split first).
        CHECK(parse_book(std::string(kNativeHeader) + "bitcoin,main,a,BTC,,,,,,extra\nx,\"open\n", "x.csv")
                  .error()
                  .message == "x.csv:3: unterminated quoted field");
        CHECK(parse_book("coin,address,foo\nBTC,\"1\"2\n", "x.csv").error().message ==
              "x.csv:2: unexpected text after a closing quote");
        CHECK(detect_format(std::string(kNativeHeader) + "bitcoin,\"main\"x\n", "x.csv").error().message ==
              "x.csv:2: unexpected text after a closing quote");
        const auto missing = load_book_file("/nonexistent/book.csv");
        CHECK(missing.error().message.find("/nonexistent/book.csv") != std::string::npos);
    }

    TEST_CASE("addressbook::detect_format")
    {
        CHECK(detect_format(kNativeHeader, "a").value() == FileFormat::porwatch);
        CHECK(detect_format("\xEF\xBB\xBF"
                            "coin,address,snapshot height,balance,message,signature\r\n",
                            "a")
                  .value() == FileFormat::htx);
        CHECK(detect_format(std::string("coin,amount\nEOS,1\n\n") + kOkx7Header, "a").value() == FileFormat::okx);
        CHECK(detect_format(" coin , Type,Network,Snapshot Height,address,amount,message,signature1,signature2,"
                            "redeem script/public key,EOA1,EOA2\n",
                            "a")
                  .value() == FileFormat::okx);
        CHECK_FALSE(detect_format("a,b\n", "a").ok());
        CHECK(to_string(FileFormat::htx) == "htx");
        CHECK(file_format_from_string("okx") == FileFormat::okx);
        CHECK_FALSE(file_format_from_string("auto"));
    }
}
