// The OKX importers against the real files in ../shared/data/real/okx.
#include <doctest/doctest.h>

#include "test_addressbook_support.hpp"

using namespace porwatch;
using namespace porwatch::addressbook;
using porwatch::test::at_line;
using porwatch::test::count_book;
using porwatch::test::load_real_book;

TEST_SUITE("addressbook")
{
    TEST_CASE("addressbook::load_book_file OKX 2022 7-column file: 33 rows, base units")
    {
        const auto book = load_real_book("data/real/okx/okx_por_example_2022-11_7col.csv");
        const auto c = count_book(book);
        CHECK(c.rows == 33);
        CHECK(c.supported == 33);
        CHECK(c.signed_rows == 33);
        CHECK(c.address_errors == 0);
        CHECK(c.claims == 33);
        CHECK(c.by_coin.at("BTC") == 9);
        CHECK(c.by_coin.at("ETH") == 6);
        CHECK(c.by_coin.at("ETH-ARBITRUM") == 3);
        CHECK(c.by_coin.at("ETH-OPTIMISM") == 7);
        CHECK(c.by_coin.at("USDT-OPTIMISM") == 1);
        CHECK(c.by_coin.at("USDT-TRC20") == 7);

        int multisig = 0, evm = 0, tron = 0;
        for (const auto& e : book) {
            CHECK(e.format == FileFormat::okx);
            CHECK(e.layout == "okx-7");
            CHECK(e.ownership.message == "I am an OKX address");
            REQUIRE(e.address);
            if (e.chain == address::Chain::bitcoin) {
                ++multisig;
                CHECK(e.ownership.signatures.size() == 2);
                CHECK(e.ownership.script.size() == 210);  // 2-of-3, compressed keys
            } else if (e.chain == address::Chain::ethereum) {
                ++evm;
                CHECK(e.ownership.signatures.size() == 1);  // "null" signature2 removed
            } else if (e.chain == address::Chain::tron) {
                ++tron;
            }
            CHECK(e.ownership.owners.empty());
        }
        CHECK(multisig == 9);
        CHECK(evm == 17);
        CHECK(tron == 7);

        // Line 15 is the detail header (12 summary rows, blank line 14); rows start at 16.
        CHECK(book.front().line == 16);
        CHECK(book.back().line == 48);
        const auto& first = at_line(book, 16);
        CHECK(first.coin == "USDT-TRC20");
        CHECK(first.asset == "USDT");
        CHECK(first.decimals == 6);
        CHECK(first.address->text == "TJTc3g4AuDoPxCFmTbcTJEmQwhFrTnJGNR");
        CHECK(to_string(first.claim->units) == "111000000");
        CHECK(first.claim->height == 46095694u);  // from the summary row USDT-TRC20,46095694,…

        const auto& p2sh = at_line(book, 19);
        CHECK(p2sh.address->type == address::AddressType::p2sh);
        CHECK(p2sh.network == address::Network::main);
        CHECK(to_string(p2sh.claim->units) == "17263933");
        CHECK(p2sh.claim->height == 763861u);
        CHECK(p2sh.ownership.script.rfind("5221035e228cfa", 0) == 0);

        const auto& p2wsh = at_line(book, 40);
        CHECK(p2wsh.address->type == address::AddressType::p2wsh);
        CHECK(to_string(p2wsh.claim->units) == "11827799780");

        const auto& op = at_line(book, 17);
        CHECK(op.coin == "USDT-OPTIMISM");
        CHECK(op.evm_network == "OPTIMISM");
        CHECK(op.asset == "USDT");

        const auto& eth = at_line(book, 37);
        CHECK(eth.evm_network == "ETH");
        CHECK(eth.decimals == 18);
        CHECK(to_string(eth.claim->units) == "5000000803935811584");
        CHECK(eth.claim->height == 16005122u);  // summary "ETH,16005122, 5.2834" (leading space)

        const auto& arb = at_line(book, 48);
        CHECK(arb.evm_network == "ARBITRUM");
        CHECK(arb.address->text == "0x223FB9969fA8d9988eB760d40259E2D3f7b583Ba");
    }

    TEST_CASE("addressbook::load_book_file OKX 2026 11-column example: short rows, owners, unsupported")
    {
        const auto book = load_real_book("data/real/okx/okx_por_example_2026_11col.csv");
        const auto c = count_book(book);
        CHECK(c.rows == 5);
        CHECK(c.supported == 3);
        CHECK(c.unsupported == 2);
        CHECK(c.signed_rows == 5);
        CHECK(c.address_errors == 0);

        // 9 fields under an 11-column header: eoa columns omitted.
        const auto& eoa = at_line(book, 16);
        CHECK(eoa.layout == "okx-11");
        CHECK(eoa.address->text == "0x0CDcDB19a857C2Ac24818CA4Fdfe38CcE071483e");
        CHECK(to_string(eoa.claim->units) == "58959708849230328");
        CHECK(eoa.claim->height == 20914735u);
        CHECK(eoa.ownership.owners.empty());

        const auto& contract = at_line(book, 18);
        CHECK(contract.address->text == "0x57e2dcD253527A0f70C6a3De3556F6e6e163F19C");
        REQUIRE(contract.ownership.owners.size() == 2);
        CHECK(contract.ownership.owners[0] == "0x0cdcdb19a857c2ac24818ca4fdfe38cce071483e");
        CHECK(contract.ownership.owners[1] == "0x16f01cfc16b0b8c3400fb8e5099b0974fcc9fc12");
        REQUIRE(contract.ownership.signatures.size() == 2);
        CHECK(contract.ownership.signatures[1].rfind("0xf6e60fd5", 0) == 0);
        CHECK(contract.ownership.script.empty());

        const auto& ton = at_line(book, 19);
        CHECK_FALSE(ton.is_supported());
        CHECK(ton.unsupported_reason == "coin USDT-TON on network TON is not supported yet");
        CHECK_FALSE(ton.chain);
        CHECK_FALSE(ton.claim);
        CHECK(ton.amount_text == "170.479995");

        const auto& aptos = at_line(book, 20);
        CHECK(aptos.unsupported_reason == "coin APTOS on network APTOS is not supported yet");
        CHECK(aptos.address_text == "0xdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
    }

    TEST_CASE("addressbook::load_book_file OKX 12-column staking example: Type column")
    {
        const auto book = load_real_book("data/real/okx/okx_por_staking_example_12col.csv");
        const auto c = count_book(book);
        CHECK(c.rows == 3);
        CHECK(c.supported == 3);
        CHECK(c.signed_rows == 3);
        CHECK(c.address_errors == 2);  // the synthetic 48-byte validator-key placeholders

        const auto& plain = at_line(book, 5);
        CHECK(plain.layout == "okx-12");
        CHECK(plain.label == "Non Staking");
        CHECK(plain.address);
        CHECK(plain.ownership.owners.empty());

        const auto& native = at_line(book, 6);
        CHECK(native.label == "Native ETH Staking");
        CHECK_FALSE(native.address);
        CHECK(native.address_error.find("96 hex digits") != std::string::npos);
        CHECK(native.ownership.owners == std::vector<std::string>{"0x0cdcdb19a857c2ac24818ca4fdfe38cce071483e"});
        CHECK(native.ownership.signatures.size() == 1);
        CHECK(to_string(native.claim->units) == "32000000000000000000");

        const auto& eigen = at_line(book, 7);
        CHECK(eigen.label == "Eigenlayer Staking");
        CHECK(eigen.ownership.owners.size() == 2);
        CHECK(eigen.ownership.signatures.size() == 2);
    }

    TEST_CASE("addressbook::load_book_file OKX 2026 BTC sample: 25 rows at height 961893")
    {
        const auto book = load_real_book("data/real/okx/okx_por_2026_h961893_address_sample.csv");
        const auto c = count_book(book);
        CHECK(c.rows == 25);
        CHECK(c.supported == 25);
        CHECK(c.signed_rows == 25);
        CHECK(c.claims == 25);
        int p2pkh = 0, p2sh = 0;
        for (const auto& e : book) {
            REQUIRE(e.address);
            CHECK(e.chain == address::Chain::bitcoin);
            CHECK(e.claim->height == 961893u);
            CHECK(e.ownership.signatures.size() == 2);
            if (e.address->type == address::AddressType::p2pkh) {
                ++p2pkh;
                CHECK(e.ownership.script.empty());
            } else if (e.address->type == address::AddressType::p2sh) {
                ++p2sh;
                CHECK(e.ownership.script.size() == 210);
            }
        }
        CHECK(p2pkh == 16);
        CHECK(p2sh == 9);
        CHECK(book.front().line == 2);  // no summary section
        CHECK(to_string(at_line(book, 10).claim->units) == "1000000037200");  // 10000.00037200 BTC
        CHECK(to_string(at_line(book, 26).claim->units) == "3149349");  // 0.03149349 BTC
    }

    TEST_CASE("addressbook::load_book_file OKX auditor layout: no amounts, dispatch by network")
    {
        const auto book = load_real_book("data/real/okx/okx_auditor_format_test.csv");
        const auto c = count_book(book);
        CHECK(c.rows == 9);
        CHECK(c.supported == 3);  // USDT on ETH, BTC, TRX on TRON
        CHECK(c.unsupported == 6);
        CHECK(c.claims == 0);
        const auto& btc = at_line(book, 4);
        CHECK(btc.layout == "okx-auditor");
        CHECK(btc.address->type == address::AddressType::p2wsh);
        CHECK(btc.ownership.message == "OKC_DTT_AUP2025");
        CHECK(btc.ownership.signatures.size() == 2);
        CHECK(at_line(book, 3).unsupported_reason == "coin ETH on network STARKNET is not supported yet");
        CHECK(at_line(book, 9).chain == address::Chain::tron);
    }
}
