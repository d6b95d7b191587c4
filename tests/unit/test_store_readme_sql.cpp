// Every SQL query the README's "SQL views" section shows, run as a sqlite3 CLI user would
// (a raw connection, no registered function) against a database with 10^24-unit balances,
// each result checked. A query added to the README without an expectation here fails.
#include <doctest/doctest.h>

#include <ctime>

#include "porwatch/snapshot/solvency.hpp"
#include "porwatch/snapshot/assemble.hpp"
#include "test_store_support.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;

namespace {

// The ```sql block of the README's SQL views section.
std::string readme_sql()
{
    const std::string readme = read_text_file(source_path("README.md"));
    const auto section = readme.find("## SQL views");
    REQUIRE(section != std::string::npos);
    const auto open = readme.find("```sql\n", section);
    REQUIRE(open != std::string::npos);
    const auto close = readme.find("```", open + 7);
    REQUIRE(close != std::string::npos);
    return readme.substr(open + 7, close - open - 7);
}

// Each statement of `sql` (split by SQLite itself) with its rows, columns joined by '|'.
std::vector<std::pair<std::string, std::vector<std::string>>> run_all(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    const char* tail = sql.c_str();
    while (*tail != '\0') {
        sqlite3_stmt* stmt = nullptr;
        const char* start = tail;
        const int rc = sqlite3_prepare_v2(db, tail, -1, &stmt, &tail);
        INFO(start << ": " << sqlite3_errmsg(db));
        REQUIRE(rc == SQLITE_OK);
        if (stmt == nullptr) continue;  // only comments or whitespace left
        std::vector<std::string> rows;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            std::string row;
            for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                const auto* text = sqlite3_column_text(stmt, i);
                row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
            }
            rows.push_back(row);
        }
        out.emplace_back(std::string(start, tail), rows);
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return out;
}

std::string iso(std::int64_t t, const char* format = "%Y-%m-%dT%H:%M:%SZ")
{
    const std::time_t time = t;
    std::tm tm{};
    gmtime_r(&time, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, format, &tm);
    return buffer;
}

const std::string kE1 = "0x18709e89bd403f470088abdacebe86cc60dda12e";  // lower case, as HTX publishes it

// BTC at 65000.12345678 USD; ETH at 3000.5 USD, or unpriced (stale); read at ethereum `height`.
prices::PriceBook price_book(bool eth_priced, std::uint64_t height)
{
    prices::PriceBook book;
    book.quote = "USD";
    book.pinned = true;
    book.height = height;
    book.block_hash = "0xprice" + std::to_string(height);
    for (const auto& [asset, answer] : {std::pair{"BTC", 6500012345678ULL}, std::pair{"ETH", 300050000000ULL}}) {
        prices::AssetPrice p;
        p.asset = asset;
        p.feed = "0x00";
        p.reading.status = chain::FeedStatus::read;
        p.reading.decimals = 8;
        p.reading.description = std::string(asset) + " / USD";
        p.reading.round =
            chain::FeedRound{Units(1), chain::SignedUnits{false, Units(answer)}, Units(1), Units(1), Units(1)};
        if (std::string(asset) == "ETH" && !eth_priced) {
            p.reason = "stale: updated 7200 s before the block (updatedAt 1), max_age is 1h";
        } else {
            p.status = prices::PriceStatus::priced;
            p.price = prices::Price{"USD", 8, Units(answer), Units(1), 0, 0};
        }
        book.prices.push_back(p);
    }
    return book;
}

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store README SQL: every query runs exactly on 10^24-unit balances")
    {
        TempDir dir("readme-sql");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path).value();
        const std::int64_t now = std::time(nullptr) / 3600 * 3600;
        const std::int64_t t1 = now - 3 * 3600, t2 = now - 2 * 3600, t3 = now - 3600;

        auto b1 = test_entry(Chain::bitcoin, 1, "BTC");
        auto b2 = test_entry(Chain::bitcoin, 2, "BTC");
        auto e1 = test_entry(Chain::ethereum, 3, "ETH");
        e1.address = address::parse_evm_address(kE1).value();
        e1.address_text = kE1;
        auto e2 = test_entry(Chain::ethereum, 4, "ETH");
        const std::vector<addressbook::BookEntry> book = {b1, b2, e1, e2};
        proof::ProofResult ok, bad;
        ok.status = proof::ProofStatus::verified;
        bad.status = proof::ProofStatus::failed;
        bad.reason = "message does not match the policy";
        const std::vector<proof::ProofResult> verdicts = {ok, bad, ok, bad};
        const std::string e24 = "1000000000000000000000000", e24_minus = "999997500000000000000000";
        const auto u = [](const std::string& text) { return parse_units(text).value(); };

        snapshot::Snapshot s1;
        s1.started_at = t1;
        s1.finished_at = t1 + 5;
        s1.status = snapshot::SnapshotStatus::complete;
        s1.chains = {test_chain(Chain::bitcoin, ChainStatus::complete, 800000),
                     test_chain(Chain::ethereum, ChainStatus::complete, 19000000)};
        s1.balances = {{Chain::bitcoin, b1.address->text, "BTC", Units{100000000}},
                       {Chain::bitcoin, b2.address->text, "BTC", Units{50000000}},
                       {Chain::ethereum, e1.address->text, "ETH", u(e24)},
                       {Chain::ethereum, e2.address->text, "ETH", u("2" + e24.substr(1))}};
        s1.totals = {test_total("BTC", Chain::bitcoin, 8, "150000000", 2),
                     test_total("ETH", Chain::ethereum, 18, "3" + e24.substr(1), 2)};
        s1.totals[0].verified_units = Units{100000000};
        s1.totals[1].verified_units = u(e24);
        s1.totals[1].claimed_units = u("3" + e24.substr(1));
        for (auto& t : s1.totals) t.verified_addresses = 1;
        // Liabilities: 2 BTC (a BitMEX tree at height 799990) and 2 000 000 ETH (an OKX tree).
        liabilities::FileResult bitmex, okx;
        bitmex.spec = {liabilities::Format::bitmex, "/srv/bitmex.txt", 1};
        bitmex.liabilities = liabilities::Liabilities{
            liabilities::Format::bitmex, 799990, "85b0", 15, {{"BTC", 8, Units{200000000}, {}, {}}}, ""};
        okx.spec = {liabilities::Format::okx_merkle, "/srv/okx.txt", 2};
        okx.liabilities = liabilities::Liabilities{
            liabilities::Format::okx_merkle, std::nullopt, "9e98", 47, {{"ETH", 8, u("200000000000000"), {}, {}}}, ""};
        const std::vector<liabilities::FileResult> owed = {bitmex, okx};
        const std::vector<config::ConfiguredAsset> assets = {{"BTC", Chain::bitcoin, 8}, {"ETH", Chain::ethereum, 18}};
        const auto with_ratios = [&](snapshot::Snapshot& s) {
            s.liabilities = owed;
            s.solvency = snapshot::assess_solvency(s, owed, assets, liabilities::Settings{});
        };
        with_ratios(s1);
        s1.valuation = snapshot::value_totals(s1, price_book(true, 19000000));
        REQUIRE(db.write_snapshot(s1, store::BookInput{book, verdicts, t1, {}}).ok());

        snapshot::Snapshot s2 = s1;  // 2.5 ETH leave E1
        s2.started_at = t2;
        s2.finished_at = t2 + 5;
        s2.chains = {test_chain(Chain::bitcoin, ChainStatus::complete, 800001),
                     test_chain(Chain::ethereum, ChainStatus::complete, 19000001)};
        s2.balances[2].units = u(e24_minus);
        s2.totals[1].units = u("2999997500000000000000000");
        s2.totals[1].verified_units = u(e24_minus);
        with_ratios(s2);
        s2.valuation = snapshot::value_totals(s2, price_book(false, 19000001));  // ETH's price is stale
        REQUIRE(db.write_snapshot(s2, store::BookInput{book, {}, t2, {}}).ok());

        snapshot::Snapshot s3;  // ethereum down; B2 left the book; B1 now holds 9.99999999 BTC
        s3.started_at = t3;
        s3.finished_at = t3 + 5;
        s3.status = snapshot::SnapshotStatus::partial;
        s3.chains = {test_chain(Chain::bitcoin, ChainStatus::complete, 800002),
                     test_chain(Chain::ethereum, ChainStatus::failed, 0)};
        s3.balances = {{Chain::bitcoin, b1.address->text, "BTC", Units{999999999}}};
        s3.totals = {test_total("BTC", Chain::bitcoin, 8, "999999999", 1)};
        s3.totals[0].verified_units = Units{999999999};
        s3.totals[0].claimed_units = Units{1000000000};
        snapshot::Unscanned usdt;
        usdt.reason = "no source for USDT in [ethereum] (token = USDT:ADDRESS:DECIMALS)";
        usdt.asset = "USDT";
        usdt.chain = "ethereum";
        usdt.rows = 5;
        usdt.claimed_rows = 3;
        usdt.claimed_units = Units{89022421574000};
        usdt.decimals = 6;
        s3.unscanned = {usdt};
        const std::vector<addressbook::BookEntry> book3 = {b1, e1, e2};
        with_ratios(s3);
        REQUIRE(db.write_snapshot(s3, store::BookInput{book3, {}, t3, {}}).ok());

        const std::string h1 = "hash-bitcoin-800000", h2 = "hash-bitcoin-800001", h3 = "hash-bitcoin-800002";
        const std::string E1 = e1.address->text, E2 = e2.address->text;
        const std::vector<std::vector<std::string>> expected = {
            // BTC over 7 days
            {iso(t1) + "|800000|" + h1 + "|1.50000000|1.00000000", iso(t2) + "|800001|" + h2 + "|1.50000000|1.00000000",
             iso(t3) + "|800002|" + h3 + "|9.99999999|9.99999999"},
            // latest_reserves: ETH's is older (its chain failed last)
            {"BTC|bitcoin|9.99999999|9.99999999|10.00000000|0|" + iso(t3) + "|800002",
             "ETH|ethereum|2999997.500000000000000000|999997.500000000000000000|3000000.000000000000000000|0|" +
                 iso(t2) + "|19000001"},
            // proven below the claim: 999999999 < 1000000000, although '999999999' > '1000000000' as text
            {"BTC|bitcoin|9.99999999|10.00000000", "ETH|ethereum|999997.500000000000000000|3000000.000000000000000000"},
            // drops, exact to the wei (CAST(units AS INTEGER) would saturate both sides at 2^63-1)
            {"ETH|ethereum|all|" + iso(t2) + "|-2.500000000000000000",
             "ETH|ethereum|verified|" + iso(t2) + "|-2.500000000000000000"},
            // E1 in lower case at snapshot 2, and its history
            {"ETH|" + e24_minus + "|2|complete"},
            {"1|" + iso(t1) + "|ETH|" + e24, "2|" + iso(t2) + "|ETH|" + e24_minus},
            // largest addresses: 2·10^24 > 999997.5·10^18 > … (text order would put 999… first)
            {E2 + "|ETH|2000000000000000000000000|" + iso(t1), E1 + "|ETH|" + e24_minus + "|" + iso(t2),
             b1.address->text + "|BTC|999999999|" + iso(t3)},
            // removed addresses, proofs that do not verify
            {b2.address->text + "|" + iso(t3) + "|reserves.csv"},
            {b2.address->text + "|BTC|failed|message does not match the policy|" + iso(t1),
             E2 + "|ETH|failed|message does not match the policy|" + iso(t1)},
            // unscanned claims of the latest snapshot
            {"USDT|ethereum|5|89022421.574000|no source for USDT in [ethereum] (token = USDT:ADDRESS:DECIMALS)"},
            // the latest ratios: ETH's reserves were not read in snapshot 3 (no ratio, never 0)
            {"BTC|499.99|499.99|800002|799990|0", "ETH|NULL|NULL|NULL|NULL|0"},
            // proven below 100 %: 49.99 % (999997.5 of 2 000 000 ETH, truncated) is below, as a number
            {iso(t1) + "|BTC|50.00", iso(t1) + "|ETH|50.00", iso(t2) + "|BTC|50.00", iso(t2) + "|ETH|49.99"},
            // value over time: 1.5 BTC × 65000.12345678 + 3·10^6 ETH × 3000.5, then ETH unpriced (incomplete)
            {iso(t1) + "|9001597500.18518517|3000565000.12345678|1|", iso(t2) + "|97500.18518517|65000.12345678|0|ETH"},
            // the latest values with both blocks: BTC's balances at bitcoin 800001, its price at ethereum 19000001
            {"BTC|bitcoin|800001|97500.18518517|65000.12345678|19000001|",
             "ETH|ethereum|19000001|NULL|NULL|19000001|stale: updated 7200 s before the block (updatedAt 1), max_age "
             "is 1h"},
            // failed or partial snapshots
            {"3|" + iso(t3, "%Y-%m-%d %H:%M:%S") + "|partial|ethereum: connect: connection refused"},
        };
        const auto results = run_all(path, readme_sql());
        REQUIRE(results.size() == expected.size());
        for (std::size_t i = 0; i < results.size(); ++i) {
            INFO("README query " << i + 1 << ":" << results[i].first);
            CHECK(results[i].second == expected[i]);
        }
        // The old README query lost the 2.5 ETH: CAST saturates at 2^63-1 on both sides.
        CHECK(
            sql_one(
                path,
                "SELECT CAST('2999997500000000000000000' AS INTEGER) - CAST('3000000000000000000000000' AS INTEGER)") ==
            "0");
    }
}
