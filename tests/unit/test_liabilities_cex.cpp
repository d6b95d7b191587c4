// Binance's and Gate's CexAssetsInfo and user configs: the real samples recompute exactly as
// SOURCE.txt says; equity below debt, a bad value and a total that does not add up are
// rejected with the line named.
#include <doctest/doctest.h>

#include "porwatch/liabilities/cex.hpp"
#include "test_liabilities_support.hpp"

using namespace porwatch;
using namespace porwatch::liabilities;
using porwatch::test::liabilities_sample;
using porwatch::test::location;
using porwatch::test::replaced;

namespace {

const std::set<std::string> kTwoDigits = default_two_digit_assets();

const AssetLiability* find(const Liabilities& l, const std::string& asset)
{
    for (const auto& a : l.assets) {
        if (a.asset == asset) return &a;
    }
    return nullptr;
}

}  // namespace

TEST_SUITE("liabilities")
{
    TEST_CASE("liabilities::parse_cex_assets reads Binance's verifier config: net = equity − debt per asset")
    {
        auto assets = parse_cex_assets(liabilities_sample("binance/verifier_config.json"), "config.json", kTwoDigits);
        REQUIRE(assets.ok());
        REQUIRE(assets->size() == 2);
        CHECK((*assets)[0].line == 6);
        CHECK((*assets)[0].base_price == std::optional<Units>(Units(2312848000000ULL)));
        const Liabilities l = cex_liabilities(*assets);
        CHECK(l.format == Format::cex_assets);
        CHECK(l.root.empty());
        REQUIRE(l.assets.size() == 2);
        CHECK(l.assets[0] ==
              AssetLiability{"BTC", 8, Units(5475341087ULL - 71436240ULL), Units(5475341087ULL), Units(71436240ULL)});
        CHECK(l.assets[1] == AssetLiability{"ETH", 8, Units(4715323019137ULL - 11386568646ULL), Units(4715323019137ULL),
                                            Units(11386568646ULL)});
    }

    TEST_CASE("liabilities::parse_cex_assets reads the same table as CSV, in any header case")
    {
        const std::string csv = "Symbol,Index,total_equity,TotalDebt,BasePrice\n"
                                "BTC,0,5475341087,71436240,2312848000000\n"
                                "eth,1,4715323019137,11386568646,158533000000\n";
        auto from_csv = parse_cex_assets(csv, "cex.csv", kTwoDigits);
        REQUIRE(from_csv.ok());
        auto from_json =
            parse_cex_assets(liabilities_sample("binance/verifier_config.json"), "config.json", kTwoDigits);
        REQUIRE(from_json.ok());
        CHECK(cex_liabilities(*from_csv).assets == cex_liabilities(*from_json).assets);
        CHECK((*from_csv)[1].line == 3);
    }

    TEST_CASE("liabilities::parse_cex_assets reads Gate's 462-asset table, DBC counts in hundredths only when listed")
    {
        const std::string text = liabilities_sample("gate/cex_config.json");
        auto assets = parse_cex_assets(text, "cex_config.json", kTwoDigits);
        REQUIRE(assets.ok());
        CHECK(assets->size() == 462);
        const Liabilities l = cex_liabilities(*assets);
        const AssetLiability* dbc = find(l, "DBC");
        REQUIRE(dbc);
        CHECK(dbc->net == 29774);
        CHECK(dbc->decimals == 8);
        std::size_t non_zero = 0;
        for (const auto& a : l.assets) non_zero += a.net != 0;
        CHECK(non_zero == 1);
        auto gate_scale = parse_cex_assets(text, "cex_config.json", {"DBC"});
        REQUIRE(gate_scale.ok());
        CHECK(find(cex_liabilities(*gate_scale), "DBC")->decimals == 2);  // 297.74 DBC
        CHECK(find(cex_liabilities(*gate_scale), "SHIB")->decimals == 8);
    }

    TEST_CASE("liabilities::parse_cex_assets rejects equity below debt and bad values with the line named")
    {
        const std::string sample = liabilities_sample("binance/verifier_config.json");
        auto negative = parse_cex_assets(replaced(sample, "\"TotalDebt\": 71436240", "\"TotalDebt\": 5475341088"),
                                         "c.json", kTwoDigits);
        REQUIRE_FALSE(negative.ok());
        CHECK(negative.error().is(LiabilityError::negative));
        CHECK(negative.error().message == "c.json:6: BTC: TotalEquity 5475341087 is below TotalDebt 5475341088 (users "
                                          "would owe the exchange: the table is invalid)");
        auto fraction = parse_cex_assets(replaced(sample, "5475341087", "5475341087.5"), "c.json", kTwoDigits);
        CHECK(location(fraction.error().message) == "c.json:7: ");
        auto huge = parse_cex_assets(replaced(sample, "5475341087", "18446744073709551616"), "c.json", kTwoDigits);
        CHECK(huge.error().is(LiabilityError::overflow));
        auto twice =
            parse_cex_assets(replaced(sample, "\"Symbol\": \"ETH\"", "\"Symbol\": \"btc\""), "c.json", kTwoDigits);
        CHECK(location(twice.error().message) == "c.json:13: ");
        CHECK(twice.error().message.find("BTC is given twice (first on line 6)") != std::string::npos);
        auto no_table = parse_cex_assets("{\"ProofTable\":\"x\"}", "c.json", kTwoDigits);
        CHECK(no_table.error().message.rfind("c.json:1: expected {\"CexAssetsInfo\"", 0) == 0);
        auto csv_negative = parse_cex_assets("symbol,totalequity,totaldebt\nBTC,1,2\n", "c.csv", kTwoDigits);
        CHECK(location(csv_negative.error().message) == "c.csv:2: ");
        auto csv_short = parse_cex_assets("symbol,totalequity,totaldebt\nBTC,1\n", "c.csv", kTwoDigits);
        CHECK(location(csv_short.error().message) == "c.csv:2: ");
        auto csv_header = parse_cex_assets("symbol,equity,debt\nBTC,1,0\n", "c.csv", kTwoDigits);
        CHECK(location(csv_header.error().message) == "c.csv:1: ");
    }

    TEST_CASE("liabilities::recompute_cex_user: Binance's user totals = Σ Equity × BasePrice with the sample prices")
    {
        auto prices =
            parse_price_csv(liabilities_sample("binance/sampledata_cex_assets_info.csv"), "prices.csv", kTwoDigits);
        REQUIRE(prices.ok());
        REQUIRE(prices->rows.size() == 4);
        CHECK(prices->find(0)->price == Units(6510022000000ULL));
        CHECK(prices->find(3)->symbol == "SHIB");
        CHECK(prices->find(3)->price == Units(1797000000ULL));  // 0.00001797 × 10^14
        CHECK(prices->find(3)->decimals == 2);
        auto user = parse_cex_user(liabilities_sample("binance/verifier_user_config.json"), "user.json");
        REQUIRE(user.ok());
        CHECK(user->layout == "binance");
        CHECK(user->proof_length == 28);
        auto check = recompute_cex_user(*user, *prices, "user.json");
        REQUIRE(check.ok());
        CHECK(porwatch::to_string(check->equity) == "107595993240612342000000");
        CHECK(porwatch::to_string(check->debt) == "4812541145779934000000");
        CHECK(check->totals_stated);

        auto changed = parse_cex_user(
            replaced(liabilities_sample("binance/verifier_user_config.json"), "14571647457", "14571647458"),
            "user.json");
        REQUIRE(changed.ok());
        auto mismatch = recompute_cex_user(*changed, *prices, "user.json");
        REQUIRE_FALSE(mismatch.ok());
        CHECK(mismatch.error().is(LiabilityError::mismatch));
        CHECK(location(mismatch.error().message) == "user.json:4: ");

        auto old = parse_cex_user(liabilities_sample("binance/verifier_user_config_2022-12.json"), "old.json");
        REQUIRE(old.ok());
        CHECK(old->total_equity == std::optional<Units>(Units(123456000)));
        CHECK(recompute_cex_user(*old, *prices, "old.json").error().message ==
              "old.json:5: asset Index 7 has no price in prices.csv");
    }

    TEST_CASE("liabilities::recompute_cex_user: Gate's user TotalAssetEquity = 29774 × 58350000000")
    {
        auto assets = parse_cex_assets(liabilities_sample("gate/cex_config.json"), "cex_config.json", {"DBC"});
        REQUIRE(assets.ok());
        auto prices = prices_of(*assets, "cex_config.json");
        REQUIRE(prices.ok());
        auto user = parse_cex_user(liabilities_sample("gate/user_config.json"), "user_config.json");
        REQUIRE(user.ok());
        CHECK(user->layout == "gate");
        CHECK(user->id == "151471e6f7b7e67511800b8e56f6b8e3df52b0d8854f89d94193a0303682a985");
        auto check = recompute_cex_user(*user, *prices, "user_config.json");
        REQUIRE(check.ok());
        CHECK(check->equity == Units(1737312900000000ULL));
        CHECK(check->debt == 0);
    }
}
