// The HTX importer against the three real snapshots in ../shared/data/real/htx.
#include <doctest/doctest.h>

#include "test_addressbook_support.hpp"

using namespace porwatch;
using namespace porwatch::addressbook;
using porwatch::test::at_line;
using porwatch::test::count_book;
using porwatch::test::load_real_book;

namespace {

// Rows per chain family, as por-formats.md §9.1 counts them.
std::map<std::string, int> by_chain(const std::vector<BookEntry>& book)
{
    std::map<std::string, int> out;
    for (const auto& e : book) ++out[e.chain ? std::string(address::to_string(*e.chain)) : "unsupported"];
    return out;
}

}  // namespace

TEST_SUITE("addressbook")
{
    TEST_CASE("addressbook::load_book_file HTX 2026-02: BOM, unsigned '-' rows, owner rows")
    {
        const auto book = load_real_book("data/real/htx/huobi_por_20260201.csv");
        const auto c = count_book(book);
        CHECK(c.rows == 95);
        CHECK(c.supported == 66);
        CHECK(c.unsupported == 29);  // DOGE 23, SOL 3, USDC-SOL 1, XRP 2
        CHECK(c.signed_rows == 51);
        CHECK(c.unsigned_rows == 44);
        CHECK(c.address_errors == 0);
        CHECK(c.by_coin.at("DOGE") == 23);
        const auto chains = by_chain(book);
        CHECK(chains.at("bitcoin") == 8);
        CHECK(chains.at("ethereum") == 37);
        CHECK(chains.at("tron") == 21);
        CHECK(chains.at("unsupported") == 29);

        // 37 summary rows + header + blank: the detail header is line 40.
        CHECK(book.front().line == 41);
        const auto& first = book.front();
        CHECK(first.format == FileFormat::htx);
        CHECK(first.coin == "BTC");
        CHECK(first.address->text == "143gLvWYUojXaWZRrxquRKpVNTkhmr415B");
        CHECK(first.ownership.message == "huobi");
        CHECK(to_string(first.claim->units) == "698370000000");  // 6983.70 BTC
        CHECK(first.claim->height == 934496u);

        const auto& unsigned_row = at_line(book, 45);  // BTC,12AxQ3…,934496,80.57,-,-
        CHECK_FALSE(unsigned_row.is_signed());
        CHECK(unsigned_row.ownership.message.empty());
        CHECK(to_string(unsigned_row.claim->units) == "8057000000");

        const auto& owner = at_line(book, 63);  // ETH owner EOA: height "-", balance "-"
        CHECK(owner.address->text == "0xef72CC0Bb3EE2236b3B875C66a8A5D06b53Adb99");
        CHECK(owner.is_signed());
        CHECK(owner.ownership.message == "htx");
        CHECK_FALSE(owner.claim);
        CHECK(owner.claim_error.empty());
        CHECK(owner.amount_text == "-");

        const auto& bsc = at_line(book, 107);  // USDT-BEP20: 18 decimals on BSC
        CHECK(bsc.evm_network == "BSC");
        CHECK(to_string(bsc.claim->units) == "7516168700000000000000000");

        const auto& jtoken = at_line(book, 60);  // jsTRX: decimals not known → no claim, a reason
        CHECK(jtoken.is_supported());
        CHECK_FALSE(jtoken.claim);
        CHECK(jtoken.claim_error == "decimals of jsTRX on tron are not known; amount '922473805.94' not claimed");

        CHECK(at_line(book, 113).unsupported_reason == "coin DOGE is not supported yet");
    }

    TEST_CASE("addressbook::load_book_file HTX 2023-07")
    {
        const auto book = load_real_book("data/real/htx/huobi_por_20230701.csv");
        const auto c = count_book(book);
        CHECK(c.rows == 71);
        CHECK(c.supported == 69);
        CHECK(c.unsupported == 2);  // USDT-ALGO, USDT-SOL
        CHECK(c.signed_rows == 68);
        CHECK(c.unsigned_rows == 3);
        CHECK(c.address_errors == 0);
        const auto chains = by_chain(book);
        CHECK(chains.at("bitcoin") == 7);
        CHECK(chains.at("ethereum") == 45);
        CHECK(chains.at("tron") == 17);
        // TRON "huobi" signatures are published without 0x; kept as published.
        const auto& trx = at_line(book, 39);
        CHECK(trx.coin == "TRX");
        CHECK(trx.ownership.signatures.at(0).rfind("24d160af", 0) == 0);
    }

    TEST_CASE("addressbook::load_book_file HTX 2022-12 part: empty signatures are unsigned")
    {
        const auto book = load_real_book("data/real/htx/huobi_por_20221201_part.csv");
        const auto c = count_book(book);
        CHECK(c.rows == 67);
        CHECK(c.supported == 67);
        CHECK(c.signed_rows == 39);
        CHECK(c.unsigned_rows == 28);
        const auto chains = by_chain(book);
        CHECK(chains.at("bitcoin") == 5);
        CHECK(chains.at("ethereum") == 48);
        CHECK(chains.at("tron") == 14);
        const auto& empty_sig = at_line(book, 15);  // message present, signature empty
        CHECK(empty_sig.ownership.message == "King will be back!");
        CHECK_FALSE(empty_sig.is_signed());
        CHECK(to_string(empty_sig.claim->units) == "1234596934000");  // 12345.96934 BTC
        CHECK(empty_sig.claim->height == 765333u);
    }
}
