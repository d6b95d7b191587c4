// same_asset (issue 15): the config lines, the exact sum of per-chain totals across decimals,
// fail-closed sums, and members priced with their SYMBOL's feed.
#include <doctest/doctest.h>

#include "porwatch/config/config.hpp"
#include "porwatch/snapshot/assemble.hpp"

using namespace porwatch;

namespace {

const std::string kEth = "[ethereum]\nrpc_url = http://127.0.0.1:1\nchain_id = 1\ntoken = "
                         "USDT:0x00000000000000000000000000000000000a11ce:6\n";
const std::string kArb = "[evm.arbitrum]\nrpc_url = http://127.0.0.1:2\nchain_id = 42161\n"
                         "token = USDT:0x00000000000000000000000000000000000a11ce:6\n";
const std::string kBsc = "[evm.bsc]\nrpc_url = http://127.0.0.1:3\nchain_id = 56\nnative = BNB\n"
                         "token = USDT:0x00000000000000000000000000000000000b0b00:18\n";

snapshot::ChainResult chain_read(const std::string& source, snapshot::ChainStatus status)
{
    snapshot::ChainResult r;
    r.chain = address::Chain::ethereum;
    r.source = source;
    r.status = status;
    if (status != snapshot::ChainStatus::complete) r.error = "connect refused";
    return r;
}

snapshot::AssetTotal total(const std::string& asset, unsigned decimals, const std::string& units,
                           const std::string& verified, std::optional<std::string> claimed)
{
    snapshot::AssetTotal t;
    t.asset = asset;
    t.chain = address::Chain::ethereum;
    t.decimals = decimals;
    t.units = parse_units(units).value();
    t.verified_units = parse_units(verified).value();
    if (claimed) t.claimed_units = parse_units(*claimed).value();
    t.addresses = 2;
    t.verified_addresses = 1;
    t.unverified_addresses = 1;
    return t;
}

config::Config same_config()
{
    auto c =
        config::parse_config("same_asset = USDT@ethereum, USDT@arbitrum,USDT@bsc\n" + kEth + kArb + kBsc, "s.conf");
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message));
    return std::move(c.value());
}

// A snapshot of three complete chains: USDT 1.5 on Ethereum (6 decimals), 2.25 on Arbitrum
// (6) and 0.000000000001 + 3 on BSC (18).
snapshot::Snapshot three_chains()
{
    snapshot::Snapshot s;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains = {chain_read("", snapshot::ChainStatus::complete),
                chain_read("arbitrum", snapshot::ChainStatus::complete),
                chain_read("bsc", snapshot::ChainStatus::complete)};
    s.totals = {total("USDT", 6, "1500000", "1000000", "1500000"), total("USDT@arbitrum", 6, "2250000", "0", "2000000"),
                total("USDT@bsc", 18, "3000000000001000000", "3000000000000000000", "3000000000000000000")};
    return s;
}

const snapshot::AssetTotal* find_total(const snapshot::Snapshot& s, const std::string& asset)
{
    for (const auto& t : s.totals) {
        if (t.asset == asset) return &t;
    }
    return nullptr;
}

}  // namespace

TEST_SUITE("snapshot")
{
    TEST_CASE("config: same_asset names [ethereum]'s and [evm.NAME]'s totals of one symbol")
    {
        const config::Config c = same_config();
        REQUIRE(c.same_assets.size() == 1);
        CHECK(c.same_assets[0].symbol == "USDT");
        CHECK(c.same_assets[0].members == std::vector<std::string>{"USDT", "USDT@arbitrum", "USDT@bsc"});
        CHECK(c.same_assets[0].line == 1);
        CHECK(config::find_same_asset(c, "USDT@all") == &c.same_assets[0]);
        CHECK(config::find_same_asset(c, "USDT@bsc") == &c.same_assets[0]);
        CHECK(config::find_same_asset(c, "BNB@bsc") == nullptr);
        // The sum is a configured asset (rules may name it) at the largest decimals.
        const auto assets = config::configured_assets(c);
        const auto sum =
            std::find_if(assets.begin(), assets.end(), [](const auto& a) { return a.symbol == "USDT@all"; });
        REQUIRE(sum != assets.end());
        CHECK(sum->decimals == 18);
    }

    TEST_CASE("snapshot::add_sums sums 6- and 18-decimal totals exactly at 18 decimals")
    {
        const config::Config c = same_config();
        snapshot::Snapshot s = three_chains();
        snapshot::add_sums(s, c.same_assets, config::configured_assets(c));
        REQUIRE(s.sums.size() == 1);
        CHECK(s.sums[0].complete);
        CHECK(s.sums[0].asset == "USDT@all");
        const auto* sum = find_total(s, "USDT@all");
        REQUIRE(sum);
        CHECK(sum->decimals == 18);
        // 1.5 + 2.25 + 3.000000000001 = 6.750000000001, not a unit lost to rounding.
        CHECK(sum->units == parse_units("6750000000001000000").value());
        CHECK(sum->verified_units == parse_units("4000000000000000000").value());
        REQUIRE(sum->claimed_units);
        CHECK(*sum->claimed_units == parse_units("6500000000000000000").value());
        CHECK(sum->addresses == 6);
        CHECK(sum->verified_addresses == 3);
        // The members keep their own totals (and names): USDT is still [ethereum]'s alone.
        CHECK(find_total(s, "USDT")->units == Units(1500000));

        SUBCASE("a member without a claim leaves the sum without one")
        {
            snapshot::Snapshot t = three_chains();
            t.totals[1].claimed_units.reset();
            snapshot::add_sums(t, c.same_assets, config::configured_assets(c));
            REQUIRE(find_total(t, "USDT@all"));
            CHECK_FALSE(find_total(t, "USDT@all")->claimed_units);
        }
        SUBCASE("a complete chain whose book lists no address for a member adds zero")
        {
            snapshot::Snapshot t = three_chains();
            t.totals.erase(t.totals.begin() + 1);
            snapshot::add_sums(t, c.same_assets, config::configured_assets(c));
            REQUIRE(find_total(t, "USDT@all"));
            CHECK(find_total(t, "USDT@all")->units == parse_units("4500000000001000000").value());
        }
        SUBCASE("a sum past 2^256-1 is no sum, never a wrapped number")
        {
            snapshot::Snapshot t = three_chains();
            t.totals[2].units = std::numeric_limits<Units>::max();
            snapshot::add_sums(t, c.same_assets, config::configured_assets(c));
            CHECK_FALSE(find_total(t, "USDT@all"));
            CHECK_FALSE(t.sums[0].complete);
            CHECK(t.sums[0].reason.find("2^256-1") != std::string::npos);
        }
    }

    TEST_CASE("snapshot::add_sums fails closed when a member's chain is not complete")
    {
        const config::Config c = same_config();
        snapshot::Snapshot s = three_chains();
        // [evm.bsc] failed: its total is absent, as assemble leaves it.
        s.chains[2] = chain_read("bsc", snapshot::ChainStatus::failed);
        s.totals.pop_back();
        s.status = snapshot::SnapshotStatus::partial;
        snapshot::add_sums(s, c.same_assets, config::configured_assets(c));
        REQUIRE(s.sums.size() == 1);
        CHECK_FALSE(s.sums[0].complete);
        CHECK(s.sums[0].reason.find("chain bsc failed") != std::string::npos);
        CHECK_FALSE(find_total(s, "USDT@all"));  // never the smaller 3.75

        SUBCASE("a member chain that was not scanned at all")
        {
            snapshot::Snapshot t = three_chains();
            t.chains.pop_back();
            t.totals.pop_back();
            snapshot::add_sums(t, c.same_assets, config::configured_assets(c));
            CHECK_FALSE(find_total(t, "USDT@all"));
            CHECK(t.sums[0].reason.find("bsc not scanned") != std::string::npos);
        }
    }

    TEST_CASE("snapshot::value_totals prices same_asset members with their SYMBOL's feed, each once")
    {
        const config::Config c = same_config();
        snapshot::Snapshot s = three_chains();
        snapshot::AssetTotal bnb = total("BNB@bsc", 18, "1000000000000000000", "0", std::nullopt);
        s.totals.insert(s.totals.begin(), bnb);
        snapshot::add_sums(s, c.same_assets, config::configured_assets(c));
        prices::PriceBook book;
        book.quote = "USD";
        prices::AssetPrice usdt;
        usdt.asset = "USDT";
        usdt.status = prices::PriceStatus::priced;
        usdt.price = prices::Price{"USD", 8, Units(99'990'000), Units(1), 0, 0};  // 0.9999 USD
        book.prices = {usdt};
        const snapshot::Valuation v = snapshot::value_totals(s, book);
        // 3.000000000001 USDT on BSC (18 decimals) × 0.9999 = 2.9997000000009999 → 2.99970000 USD
        const auto* on_bsc = v.find("USDT@bsc", address::Chain::ethereum);
        REQUIRE(on_bsc);
        REQUIRE(on_bsc->value);
        CHECK(*on_bsc->value == prices::Value(299'970'000));
        // 1.5 on Ethereum and 2.25 on Arbitrum at 0.9999: 1.49985 + 2.249775
        CHECK(*v.find("USDT", address::Chain::ethereum)->value == prices::Value(149'985'000));
        CHECK(*v.find("USDT@arbitrum", address::Chain::ethereum)->value == prices::Value(224'977'500));
        // The sum is valued too, but VALUE counts the members once, not the sum again.
        CHECK(*v.find("USDT@all", address::Chain::ethereum)->value == prices::Value(674'932'500));
        CHECK(v.total == prices::Value(149'985'000 + 224'977'500 + 299'970'000));
        // BNB@bsc is not declared the same as anything: unpriced, outside VALUE.
        CHECK_FALSE(v.find("BNB@bsc", address::Chain::ethereum)->value);
        CHECK(v.unpriced.size() == 1);
        CHECK(v.unpriced[0].first == "BNB@bsc");
    }
}
