// Exact SQL on uint256 amounts: reserve_changes against uint256 arithmetic on random values up
// to 2^256-1, key order against numeric order, NOCASE address lookups, and the proven-reserve,
// claim-error and unscanned columns through the store's readers.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;

namespace {

std::string signed_difference(const Units& now, const Units& before)
{
    if (now >= before) return to_string(now - before);
    return "-" + to_string(before - now);
}

snapshot::Snapshot eth_snapshot(std::int64_t at, const addressbook::BookEntry& e, const Units& units)
{
    snapshot::Snapshot s;
    s.started_at = at;
    s.finished_at = at + 1;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains = {test_chain(Chain::ethereum, ChainStatus::complete, 19000000 + static_cast<std::uint64_t>(at))};
    s.balances = {{Chain::ethereum, e.address->text, "ETH", units}};
    snapshot::AssetTotal t;
    t.asset = "ETH";
    t.chain = Chain::ethereum;
    t.decimals = 18;
    t.units = units;
    t.verified_units = units / 3;
    t.addresses = 1;
    s.totals = {t};
    return s;
}

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store views: reserve_changes is exact for any uint256 and change_key sorts numerically")
    {
        TempDir dir("exact");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path).value();
        const auto e = test_entry(Chain::ethereum, 1, "ETH");
        const std::vector<addressbook::BookEntry> book = {e};
        std::mt19937_64 rng(42);
        const Units max = std::numeric_limits<Units>::max();
        std::vector<Units> series = {Units{0},
                                     max,
                                     Units{0},
                                     Units{1},
                                     parse_units("10000000000000000").value(),
                                     parse_units("9999999999999999").value(),
                                     max - 1,
                                     max,
                                     parse_units("1000000000000000000000000").value(),
                                     parse_units("999997500000000000000000").value()};
        for (int i = 0; i < 60; ++i) {
            Units v = 0;
            const int words = 1 + static_cast<int>(rng() % 4);  // 64 to 256 bits
            for (int w = 0; w < words; ++w) v = (v << 64) | Units{rng()};
            if (rng() % 3 == 0) v = series.back() + (v & 0xffff);  // small steps too
            series.push_back(v);
        }
        for (std::size_t i = 0; i < series.size(); ++i) {
            REQUIRE(db.write_snapshot(eth_snapshot(1000 + static_cast<std::int64_t>(i), e, series[i]),
                                      store::BookInput{book, {}, 1000, {}})
                        .ok());
        }
        const auto rows = sql_rows(path, "SELECT change_units, change_key FROM reserve_changes WHERE basis = 'all' "
                                         "ORDER BY snapshot_id");
        REQUIRE(rows.size() == series.size());
        CHECK(rows[0] == "NULL|NULL");
        std::vector<std::pair<std::string, std::size_t>> keys;  // change_key → index into series
        for (std::size_t i = 1; i < series.size(); ++i) {
            CAPTURE(i);
            const std::string expected = signed_difference(series[i], series[i - 1]);
            const auto bar = rows[i].find('|');
            CHECK(rows[i].substr(0, bar) == expected);
            keys.emplace_back(rows[i].substr(bar + 1), i);
        }
        // ORDER BY change_key is the numeric order of the changes.
        std::sort(keys.begin(), keys.end());
        for (std::size_t k = 1; k < keys.size(); ++k) {
            const auto change = [&](std::size_t i) {
                const bool rise = series[i] >= series[i - 1];
                return std::make_pair(rise, rise ? series[i] - series[i - 1] : series[i - 1] - series[i]);
            };
            const auto [rise_a, a] = change(keys[k - 1].second);
            const auto [rise_b, b] = change(keys[k].second);
            CAPTURE(k);
            CHECK((rise_a == rise_b ? (rise_a ? a <= b : a >= b) : !rise_a));
        }
        // The verified basis is its own series, and amounts carry the decimals.
        CHECK(sql_one(path, "SELECT change_amount FROM reserve_changes WHERE basis = 'all' AND snapshot_id = 2") ==
              format_decimal(max, 18));
        CHECK(sql_one(path, "SELECT count(*) FROM reserve_changes WHERE basis = 'verified'") ==
              std::to_string(series.size()));
        // units_key compares as numbers.
        CHECK(sql_one(path, "SELECT max(units_key) = (SELECT units_key FROM reserve_history WHERE snapshot_id = 2) "
                            "FROM reserve_history") == "1");
    }

    TEST_CASE("store views: EVM address lookups accept any case, readers return proven figures and unscanned rows")
    {
        TempDir dir("nocase");
        const std::string path = dir.file("porwatch.db");
        auto db = store::Store::open(path).value();
        const auto e = test_entry(Chain::ethereum, 7, "ETH");
        auto s = eth_snapshot(5000, e, parse_units("1000000000000000000000000").value());
        s.totals[0].claim_errors = 2;
        snapshot::Unscanned u;
        u.reason = "unsupported coin";
        u.asset = "SOL";
        u.rows = 3;
        u.claimed_rows = 3;
        s.unscanned = {u};
        REQUIRE(db.write_snapshot(s, store::BookInput{std::vector<addressbook::BookEntry>{e}, {}, 5000, {}}).ok());
        std::string lower = e.address->text, upper = e.address->text;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        std::transform(upper.begin() + 2, upper.end(), upper.begin() + 2,
                       [](unsigned char c) { return std::toupper(c); });
        REQUIRE(lower != e.address->text);
        for (const auto& text : {lower, upper, e.address->text}) {
            CAPTURE(text);
            for (const char* view :
                 {"address_balance_at", "address_balances_latest", "balance_history", "address_book"}) {
                CAPTURE(view);
                CHECK(sql_one(path, std::string("SELECT count(*) FROM ") + view + " WHERE address = '" + text + "'") ==
                      "1");
            }
        }
        CHECK(sql_one(path, "SELECT address FROM address_balances_latest WHERE address = '" + lower + "'") ==
              e.address->text);

        auto history = db.history({});
        REQUIRE(history.ok());
        REQUIRE(history->size() == 1);
        CHECK(to_string(*(*history)[0].verified_units) == "333333333333333333333333");
        CHECK((*history)[0].claim_errors == 2U);
        CHECK((*history)[0].unverified_addresses == 1);
        auto status = db.status();
        REQUIRE(status.ok());
        REQUIRE(status->latest_totals.size() == 1);
        CHECK(status->latest_totals[0].asset == "ETH");
        CHECK(status->latest_snapshot_id == 1);
        REQUIRE(status->unscanned.size() == 1);
        CHECK(status->unscanned[0] == u);
        CHECK(sql_one(path, "SELECT asset, row_count, claimed_row_count, claimed_amount FROM unscanned_claims") ==
              "SOL|3|3|NULL");
    }
}
