// The reserve ratio per asset: exact integer arithmetic, the newest liabilities, fail closed on
// a file that did not verify, reserves of failed chains withheld, staleness by height.
#include <doctest/doctest.h>

#include "porwatch/snapshot/assemble.hpp"
#include "porwatch/snapshot/solvency.hpp"

using namespace porwatch;
using namespace porwatch::snapshot;
using liabilities::AssetLiability;
using liabilities::FileResult;
using liabilities::Format;

namespace {

Units u(const char* text)
{
    return parse_units(text).value();
}

FileResult verified(Format format, const std::string& path, std::vector<AssetLiability> assets,
                    std::optional<std::uint64_t> height = std::nullopt)
{
    FileResult f;
    f.spec = {format, path, 1};
    f.sha256 = "ab";
    liabilities::Liabilities l;
    l.format = format;
    l.height = height;
    l.root = "cafe";
    l.assets = std::move(assets);
    f.liabilities = l;
    return f;
}

FileResult failed(Format format, const std::string& path)
{
    FileResult f;
    f.spec = {format, path, 1};
    f.error = path + ":7: digest does not recompute";
    return f;
}

AssetLiability owed(const std::string& asset, const char* units, unsigned decimals = 8)
{
    return AssetLiability{asset, decimals, u(units), std::nullopt, std::nullopt};
}

ChainResult chain_at(address::Chain c, ChainStatus status, std::uint64_t height)
{
    ChainResult r;
    r.chain = c;
    r.status = status;
    r.height = height;
    r.block_hash = status == ChainStatus::complete ? "00ff" : "";
    if (status != ChainStatus::complete) r.error = "connect: refused";
    return r;
}

AssetTotal total(const std::string& asset, address::Chain c, unsigned decimals, const char* units,
                 const char* verified_units)
{
    AssetTotal t;
    t.asset = asset;
    t.chain = c;
    t.decimals = decimals;
    t.units = u(units);
    t.verified_units = u(verified_units);
    return t;
}

const std::vector<config::ConfiguredAsset> kAssets{
    {"LTC", address::Chain::litecoin, 8}, {"ETH", address::Chain::ethereum, 18}, {"usdt", address::Chain::ethereum, 6}};

Snapshot both_chains()
{
    Snapshot s;
    s.chains = {chain_at(address::Chain::litecoin, ChainStatus::complete, 150),
                chain_at(address::Chain::ethereum, ChainStatus::complete, 80)};
    s.totals = {total("LTC", address::Chain::litecoin, 8, "450000000", "300000000"),
                total("ETH", address::Chain::ethereum, 18, "10000000000000000000", "4000000000000000000")};
    return s;
}

liabilities::Settings settings(std::optional<std::uint64_t> max_age = std::nullopt)
{
    liabilities::Settings s;
    s.bitmex_asset = "LTC";
    s.max_age_blocks = max_age;
    return s;
}

const Solvency* row(const std::vector<Solvency>& rows, const std::string& asset)
{
    for (const auto& r : rows) {
        if (r.asset == asset) return &r;
    }
    return nullptr;
}

prices::AssetPrice usd_price(const std::string& asset, std::uint64_t answer)
{
    prices::AssetPrice p;
    p.asset = asset;
    p.status = prices::PriceStatus::priced;
    p.price = prices::Price{"USD", 8, Units(answer), Units(1), 0, 0};
    return p;
}

// LTC at 70.12345678 USD and ETH at 2000 USD (8-decimal feeds), as Chainlink's USD feeds.
prices::PriceBook usd_prices()
{
    prices::PriceBook book;
    book.quote = "USD";
    book.prices = {usd_price("LTC", 7'012'345'678), usd_price("ETH", 200'000'000'000)};
    return book;
}

}  // namespace

TEST_SUITE("snapshot")
{
    TEST_CASE("snapshot::ratio_hundredths is exact and truncated, whatever the two sides' decimals")
    {
        CHECK(ratio_hundredths(u("150000000"), 8, u("100000000"), 8) == Units(15000));  // 150.00 %
        CHECK(ratio_hundredths(u("2"), 8, u("3"), 8) == Units(6666));  // 66.66 %, not 66.67
        CHECK(ratio_hundredths(u("1000000000000000000"), 18, u("30000000"), 8) == Units(33333));  // 1 ETH / 0.3 ETH
        CHECK(ratio_hundredths(u("1"), 18, u("1"), 8) == Units(0));  // 1 wei / 10^-8 ETH
        CHECK(ratio_hundredths(u("5"), 8, u("0"), 8) == std::nullopt);  // no liabilities
        CHECK(ratio_hundredths(u("2500"), 6, u("100000000"), 8) == Units(25));  // 0.0025 USDT / 1 USDT
        // 1.2 × 10^8 ETH in wei against 3 × 10^-8 ETH: beyond any double's exactness, still exact.
        CHECK(to_string(*ratio_hundredths(u("123456789012345678901234567"), 18, u("3"), 8)) == "41152263004115226300");
        CHECK(format_ratio(Units(6666)) == "66.66");
        CHECK(format_ratio(Units(5)) == "0.05");
    }

    TEST_CASE("snapshot::ratio_below compares exactly at the boundary")
    {
        const Units ninety = Units(90) * 10000;
        CHECK_FALSE(ratio_below(u("90000000"), 8, u("100000000"), 8, ninety));  // exactly 90 %
        CHECK(ratio_below(u("89999999"), 8, u("100000000"), 8, ninety));  // 89.999999 %
        CHECK_FALSE(
            ratio_below(u("899999999999999999"), 18, u("100000000"), 8, Units(899999)));  // 89.99999…% vs 89.9999
        CHECK(ratio_below(u("899999999999999999"), 18, u("100000000"), 8, ninety));
        CHECK_FALSE(ratio_below(u("0"), 8, u("0"), 8, ninety));  // nothing owed
    }

    TEST_CASE("snapshot::assess_solvency puts reserves and liabilities side by side with both heights")
    {
        const std::vector<FileResult> files{
            verified(Format::bitmex, "/t/ltc.txt", {owed("LTC", "300000000")}, 140),
            verified(Format::okx_merkle, "/t/okx.txt",
                     {owed("BTC", "5000"), owed("ETH", "500000000"), owed("USDT", "142045977")})};
        const auto rows = assess_solvency(both_chains(), files, kAssets, settings(20));
        REQUIRE(rows.size() == 3);
        const Solvency* ltc = row(rows, "LTC");
        REQUIRE(ltc);
        CHECK(ltc->status == SolvencyStatus::ok);
        CHECK(ltc->ratio_hundredths == Units(15000));  // 4.5 / 3.0
        CHECK(ltc->verified_ratio_hundredths == Units(10000));  // 3.0 / 3.0
        CHECK(ltc->reserves_height == std::optional<std::uint64_t>(150));
        CHECK(ltc->liabilities_height == std::optional<std::uint64_t>(140));
        CHECK(ltc->age_blocks == std::optional<std::int64_t>(10));
        CHECK_FALSE(ltc->stale);
        CHECK(ltc->liabilities_root == "cafe");
        const Solvency* eth = row(rows, "ETH");
        REQUIRE(eth);
        CHECK(eth->ratio_hundredths == Units(20000));  // 10 ETH / 5 ETH
        CHECK(eth->verified_ratio_hundredths == Units(8000));  // 4 ETH / 5 ETH
        CHECK(eth->reserves_height == std::optional<std::uint64_t>(80));
        CHECK_FALSE(eth->liabilities_height.has_value());
        // OKX's Merkle files carry no height of their own: with max_age their age cannot be known.
        CHECK(eth->stale);
        CHECK(eth->stale_reason.find("carries no height of its own") != std::string::npos);
        const Solvency* usdt = row(rows, "usdt");  // the configured symbol, matched in any case
        REQUIRE(usdt);
        CHECK(usdt->units == std::optional<Units>(Units(0)));  // no USDT address in the book
        CHECK(usdt->ratio_hundredths == Units(0));
        CHECK(describe(*ltc) == "LTC 150.00 % (proven 100.00 %): reserves 4.50000000 @ 150 vs liabilities 3.00000000 "
                                "(bitmex /t/ltc.txt @ 140)");
        const auto uncovered = uncovered_liabilities(files, kAssets);
        CHECK(uncovered == std::vector<std::string>{"BTC 0.00005000 (okx-merkle /t/okx.txt)"});
    }

    TEST_CASE("snapshot::assess_solvency: liabilities older than max_age are stale")
    {
        const std::vector<FileResult> files{verified(Format::bitmex, "/t/ltc.txt", {owed("LTC", "300000000")}, 100)};
        const auto rows = assess_solvency(both_chains(), files, kAssets, settings(49));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].age_blocks == std::optional<std::int64_t>(50));
        CHECK(rows[0].stale);
        CHECK(rows[0].stale_reason == "the liabilities of /t/ltc.txt are at height 100, 50 blocks before the reserves' "
                                      "height 150 (max_age 49 blocks)");
        CHECK_FALSE(assess_solvency(both_chains(), files, kAssets, settings(50))[0].stale);
        CHECK_FALSE(assess_solvency(both_chains(), files, kAssets, settings())[0].max_age_blocks.has_value());
    }

    TEST_CASE("snapshot::assess_solvency fails closed: a file that did not verify withholds what it may hold")
    {
        SUBCASE("an OKX tree that failed withholds BTC, ETH and USDT, not LTC")
        {
            const std::vector<FileResult> files{verified(Format::bitmex, "/t/ltc.txt", {owed("LTC", "300000000")}, 140),
                                                failed(Format::okx_merkle, "/t/okx.txt"),
                                                verified(Format::okx_merkle, "/t/okx-old.txt", {owed("ETH", "1")})};
            const auto rows = assess_solvency(both_chains(), files, kAssets, settings());
            CHECK(row(rows, "LTC")->status == SolvencyStatus::ok);
            const Solvency* eth = row(rows, "ETH");
            REQUIRE(eth);
            CHECK(eth->status == SolvencyStatus::liabilities_failed);
            CHECK(eth->reason ==
                  "liabilities okx-merkle /t/okx.txt did not verify: /t/okx.txt:7: digest does not recompute");
            CHECK_FALSE(eth->ratio_hundredths.has_value());
            CHECK(row(rows, "usdt")->status == SolvencyStatus::liabilities_failed);
        }
        SUBCASE("a cex-assets table that failed may hold any asset")
        {
            const std::vector<FileResult> files{verified(Format::bitmex, "/t/ltc.txt", {owed("LTC", "300000000")}, 140),
                                                failed(Format::cex_assets, "/t/cex.json")};
            const auto rows = assess_solvency(both_chains(), files, kAssets, settings());
            REQUIRE(rows.size() == 3);
            for (const auto& r : rows) CHECK(r.status == SolvencyStatus::liabilities_failed);
        }
        SUBCASE("two verified files: the greatest height wins; without heights, no guess")
        {
            const std::vector<FileResult> newer{verified(Format::bitmex, "/t/a.txt", {owed("LTC", "300000000")}, 140),
                                                verified(Format::bitmex, "/t/b.txt", {owed("LTC", "900000000")}, 145)};
            const auto rows = assess_solvency(both_chains(), newer, kAssets, settings());
            CHECK(row(rows, "LTC")->liabilities_file == "/t/b.txt");
            CHECK(row(rows, "LTC")->ratio_hundredths == Units(5000));
            const std::vector<FileResult> tied{verified(Format::bitmex, "/t/a.txt", {owed("LTC", "300000000")}, 140),
                                               verified(Format::bitmex, "/t/b.txt", {owed("LTC", "900000000")}, 140)};
            CHECK(row(assess_solvency(both_chains(), tied, kAssets, settings()), "LTC")->status ==
                  SolvencyStatus::liabilities_failed);
            const std::vector<FileResult> unheighted{verified(Format::okx_merkle, "/t/a.txt", {owed("ETH", "1")}),
                                                     verified(Format::cex_assets, "/t/b.json", {owed("ETH", "2")})};
            const auto unheighted_rows = assess_solvency(both_chains(), unheighted, kAssets, settings());
            const Solvency* eth = row(unheighted_rows, "ETH");
            REQUIRE(eth);
            CHECK(eth->status == SolvencyStatus::liabilities_failed);
            CHECK(eth->reason.find("porwatch does not add liabilities files") != std::string::npos);
        }
    }

    TEST_CASE("snapshot::assess_solvency withholds the reserves of a chain that failed")
    {
        Snapshot s = both_chains();
        s.chains[0] = chain_at(address::Chain::litecoin, ChainStatus::failed, 0);
        s.totals.erase(s.totals.begin());
        const std::vector<FileResult> files{verified(Format::bitmex, "/t/ltc.txt", {owed("LTC", "300000000")}, 140)};
        const auto rows = assess_solvency(s, files, kAssets, settings(10));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].status == SolvencyStatus::reserves_missing);
        CHECK(rows[0].reason == "litecoin failed: connect: refused");
        CHECK_FALSE(rows[0].units.has_value());
        CHECK_FALSE(rows[0].ratio_hundredths.has_value());
        CHECK_FALSE(rows[0].stale);  // its age is unknown this snapshot: not judged
        CHECK(rows[0].liabilities_units == std::optional<Units>(u("300000000")));
        Snapshot none;
        const auto unscanned = assess_solvency(none, files, kAssets, settings());
        CHECK(unscanned[0].status == SolvencyStatus::reserves_missing);
    }
    TEST_CASE("snapshot::aggregate_solvency values each asset's liabilities with its reserves' price, exactly")
    {
        Snapshot s = both_chains();  // 4.5 LTC (3 proven) and 10 ETH (4 proven)
        s.valuation = value_totals(s, usd_prices());
        s.liabilities = {verified(Format::bitmex, "/t/ltc.txt", {owed("LTC", "300000000")}, 140),
                         verified(Format::okx_merkle, "/t/okx.txt", {owed("ETH", "500000000")})};
        s.solvency = assess_solvency(s, s.liabilities, kAssets, settings());
        const auto a = aggregate_solvency(s, kAssets);
        REQUIRE(a);
        CHECK(a->complete);
        CHECK_FALSE(a->liabilities_failed);
        CHECK(a->included == std::vector<std::string>{"LTC", "ETH"});
        // 4.5 × 70.12345678 = 315.55555551 and 10 × 2000; proven 3 LTC = 210.37037034 and 4 ETH.
        CHECK(prices::to_string(a->reserves_value) == "2031555555551");
        CHECK(prices::to_string(a->verified_reserves_value) == "821037037034");
        // Liabilities 3 LTC and 5 ETH at the same prices: 210.37037034 + 10000.
        CHECK(prices::to_string(a->liabilities_value) == "1021037037034");
        CHECK(a->ratio_hundredths == Units(19896));  // 198.96 %, truncated
        CHECK(a->verified_ratio_hundredths == Units(8041));  // 80.41 %
        CHECK(describe(*a) == "value 198.96 % (proven 80.41 %): reserves 20315.55555551 USD vs liabilities "
                              "10210.37037034 USD (LTC, ETH)");
        // Exactly at the boundary: 8210.37037034 ÷ 10210.37037034 is 80.41…%, not below 80.41 %.
        CHECK_FALSE(value_ratio_below(a->verified_reserves_value, a->liabilities_value, Units(804100)));
        CHECK(value_ratio_below(a->verified_reserves_value, a->liabilities_value, Units(804200)));
        CHECK_FALSE(value_ratio_below(a->reserves_value, prices::Value(0), Units(804200)));
        // Without prices there is no aggregate (never a ratio of units of different assets).
        Snapshot unpriced = s;
        unpriced.valuation.reset();
        CHECK_FALSE(aggregate_solvency(unpriced, kAssets));
    }

    TEST_CASE("snapshot::aggregate_solvency is incomplete when anything owed is left out")
    {
        Snapshot s = both_chains();
        s.valuation = value_totals(s, usd_prices());
        // USDT is owed and scanned but has no feed; BTC is owed and not scanned at all.
        s.liabilities = {verified(Format::okx_merkle, "/t/okx.txt",
                                  {owed("BTC", "5000"), owed("ETH", "500000000"), owed("USDT", "142045977")})};
        s.solvency = assess_solvency(s, s.liabilities, kAssets, settings());
        auto a = aggregate_solvency(s, kAssets);
        REQUIRE(a);
        CHECK_FALSE(a->complete);
        CHECK_FALSE(a->liabilities_failed);
        CHECK(a->included == std::vector<std::string>{"ETH"});
        REQUIRE(a->excluded.size() == 2);
        CHECK(a->excluded[0].first == "usdt");
        CHECK(a->excluded[0].second == "unpriced: no feed for usdt in [prices]");
        CHECK(a->excluded[1].first == "BTC");
        CHECK(a->excluded[1].second.find("no configured chain scans it") != std::string::npos);
        CHECK(a->ratio_hundredths == Units(20000));  // over ETH only, and marked incomplete
        CHECK(describe(*a).find("INCOMPLETE; usdt left out: unpriced") != std::string::npos);
        // A liabilities file that did not verify: what it may hold is unknown.
        s.liabilities.push_back(failed(Format::bitmex, "/t/ltc.txt"));
        s.solvency = assess_solvency(s, s.liabilities, kAssets, settings());
        a = aggregate_solvency(s, kAssets);
        REQUIRE(a);
        CHECK_FALSE(a->complete);
        CHECK(a->liabilities_failed);
        // A chain that failed: its reserves are missing, the aggregate cannot be complete.
        Snapshot down = both_chains();
        down.chains[1] = chain_at(address::Chain::ethereum, ChainStatus::failed, 0);
        down.totals.pop_back();
        down.valuation = value_totals(down, usd_prices());
        down.liabilities = {verified(Format::okx_merkle, "/t/okx.txt", {owed("ETH", "500000000")})};
        down.solvency = assess_solvency(down, down.liabilities, kAssets, settings());
        a = aggregate_solvency(down, kAssets);
        REQUIRE(a);
        CHECK_FALSE(a->complete);
        CHECK(a->included.empty());
        CHECK(a->excluded.at(0).second.starts_with("reserves_missing"));
    }
}
