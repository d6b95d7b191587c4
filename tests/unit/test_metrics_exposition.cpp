#include <doctest/doctest.h>

#include "porwatch/metrics/exporter.hpp"
#include "porwatch/metrics/exposition.hpp"
#include "test_store_support.hpp"

using namespace porwatch;
using address::Chain;

namespace {

// The sample lines of `text` (no comments), for exact comparison.
std::vector<std::string> samples(const std::string& text, const std::string& family)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        if (line.rfind(family, 0) == 0 && (line[family.size()] == '{' || line[family.size()] == ' ')) {
            out.push_back(line);
        }
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

metrics::MetricsInput two_chains()
{
    metrics::MetricsInput in;
    in.version = "9.9.9";
    // 2^200 + 1 wei: no float64 holds it; the text must still be exact.
    const Units huge = (Units(1) << 200) + 1;
    in.reserves.push_back({"ETH", "ethereum", 18, huge, Units(5)});
    in.reserves.push_back({"LTC", "litecoin", 8, Units(762500000), std::nullopt});
    in.chains.push_back({"ethereum", "complete", 19000000});
    in.chains.push_back({"litecoin", "complete", 104});
    in.last_complete_at = {{"ethereum", 1700000000}, {"litecoin", 1700000000}};
    in.addresses = std::map<std::string, std::uint64_t>{{"verified", 3}, {"unsigned", 1}};
    in.alerts = {{"drop:ETH", true}, {"stale", false}};
    in.cycles = {{"complete", 2}};
    in.cycle_duration_ms = 1234;
    in.last_cycle_at = 1700000005;
    return in;
}

}  // namespace

TEST_SUITE("metrics")
{
    TEST_CASE("metrics::render_exposition writes exact decimal amounts computed from integers")
    {
        const std::string text = metrics::render_exposition(two_chains());
        CHECK(samples(text, "porwatch_reserve") ==
              std::vector<std::string>{
                  "porwatch_reserve{asset=\"ETH\",chain=\"ethereum\",basis=\"all\"} "
                  "1606938044258990275541962092341162602522202.993782792835301377",
                  "porwatch_reserve{asset=\"ETH\",chain=\"ethereum\",basis=\"verified\"} 0.000000000000000005",
                  "porwatch_reserve{asset=\"LTC\",chain=\"litecoin\",basis=\"all\"} 7.62500000"});
        CHECK(samples(text, "porwatch_snapshot_height") ==
              std::vector<std::string>{"porwatch_snapshot_height{chain=\"ethereum\"} 19000000",
                                       "porwatch_snapshot_height{chain=\"litecoin\"} 104"});
        CHECK(samples(text, "porwatch_cycle_duration_seconds") ==
              std::vector<std::string>{"porwatch_cycle_duration_seconds 1.234"});
        CHECK(samples(text, "porwatch_build_info") ==
              std::vector<std::string>{"porwatch_build_info{version=\"9.9.9\"} 1"});
        CHECK(samples(text, "porwatch_alert_firing") ==
              std::vector<std::string>{"porwatch_alert_firing{alert=\"drop:ETH\"} 1",
                                       "porwatch_alert_firing{alert=\"stale\"} 0"});
        // Every family has HELP and TYPE; the reserve's HELP says where the exact figures are.
        CHECK(text.find("# TYPE porwatch_cycles_total counter\n") != std::string::npos);
        CHECK(text.find("float64, which is not exact for wei-scale amounts: the exact figures are in the database") !=
              std::string::npos);
        CHECK(text.find("\n\n") == std::string::npos);
        CHECK(text.back() == '\n');
    }

    TEST_CASE("metrics::render_exposition: a failed chain has status failed and no reserve, never 0")
    {
        metrics::MetricsInput in = two_chains();
        in.reserves.erase(in.reserves.begin());  // the snapshot has no ETH total
        in.chains[0] = {"ethereum", "failed", std::nullopt};
        const std::string text = metrics::render_exposition(in);
        CHECK(text.find("asset=\"ETH\"") == std::string::npos);
        CHECK(samples(text, "porwatch_chain_status") ==
              std::vector<std::string>{"porwatch_chain_status{chain=\"ethereum\",status=\"complete\"} 0",
                                       "porwatch_chain_status{chain=\"ethereum\",status=\"failed\"} 1",
                                       "porwatch_chain_status{chain=\"ethereum\",status=\"disputed\"} 0",
                                       "porwatch_chain_status{chain=\"litecoin\",status=\"complete\"} 1",
                                       "porwatch_chain_status{chain=\"litecoin\",status=\"failed\"} 0",
                                       "porwatch_chain_status{chain=\"litecoin\",status=\"disputed\"} 0"});
        CHECK(samples(text, "porwatch_snapshot_height") ==
              std::vector<std::string>{"porwatch_snapshot_height{chain=\"litecoin\"} 104"});
        // Without a book, the address series is absent rather than zero.
        in.addresses.reset();
        CHECK(samples(metrics::render_exposition(in), "porwatch_addresses").empty());
    }

    TEST_CASE("metrics::render_exposition: porwatch_reserve_value per priced asset, absent when unpriced")
    {
        metrics::MetricsInput in = two_chains();
        // 2^256 - 1 in 1e-8 USD: far past float64, written exactly.
        const prices::Value big = (prices::Value(1) << 256) - 1;
        in.values.push_back({"ETH", "USD", big});
        in.value_total = metrics::ValueFigure{"", "USD", big};
        in.prices = {{"ETH", true}, {"LTC", false}};
        const std::string text = metrics::render_exposition(in);
        CHECK(samples(text, "porwatch_reserve_value") ==
              std::vector<std::string>{
                  "porwatch_reserve_value{asset=\"ETH\",quote=\"USD\"} "
                  "1157920892373161954235709850086879078532699846656405640394575840079131.29639935"});
        CHECK(samples(text, "porwatch_reserve_value_total") ==
              std::vector<std::string>{
                  "porwatch_reserve_value_total{quote=\"USD\"} "
                  "1157920892373161954235709850086879078532699846656405640394575840079131.29639935"});
        CHECK(samples(text, "porwatch_price_usable") ==
              std::vector<std::string>{"porwatch_price_usable{asset=\"ETH\"} 1",
                                       "porwatch_price_usable{asset=\"LTC\"} 0"});
        CHECK(text.find("asset=\"LTC\",quote") == std::string::npos);  // unpriced: no sample, never 0
        CHECK(text.find("\n\n") == std::string::npos);
    }

    TEST_CASE("metrics::render escapes label values and HELP text, cycles_total shows every result")
    {
        metrics::MetricsInput in;
        in.version = "a\"b\\c\nd";
        const std::string text = metrics::render_exposition(in);
        CHECK(text.find("porwatch_build_info{version=\"a\\\"b\\\\c\\nd\"} 1\n") != std::string::npos);
        CHECK(samples(text, "porwatch_cycles_total") ==
              std::vector<std::string>{"porwatch_cycles_total{result=\"complete\"} 0",
                                       "porwatch_cycles_total{result=\"partial\"} 0",
                                       "porwatch_cycles_total{result=\"failed\"} 0"});
        const std::string help = metrics::render({{"x", "line1\nback\\slash", "gauge", {}}});
        CHECK(help == "# HELP x line1\\nback\\\\slash\n# TYPE x gauge\n");
    }

    TEST_CASE("metrics::from_cycle: reserves of complete chains, addresses by state, book errors fail every chain")
    {
        using proof::ProofStatus;
        daemon::CycleResult result;
        result.snapshot.status = snapshot::SnapshotStatus::partial;
        result.snapshot.chains = {test::test_chain(Chain::litecoin, snapshot::ChainStatus::complete, 104),
                                  test::test_chain(Chain::ethereum, snapshot::ChainStatus::disputed, 7)};
        snapshot::AssetTotal ltc = test::test_total("LTC", Chain::litecoin, 8, "762500000", 3);
        ltc.verified_units = Units(500000000);
        result.snapshot.totals = {ltc};
        daemon::LoadedBook book;
        auto row = [&](int i, ProofStatus s, Chain chain = Chain::litecoin) {
            book.entries.push_back(test::test_entry(chain, i, chain == Chain::litecoin ? "LTC" : "ETH"));
            proof::ProofResult r;
            r.status = s;
            book.verdicts.push_back(r);
        };
        row(1, ProofStatus::unsigned_entry);
        row(1, ProofStatus::verified);  // address 1: one verified row → verified
        row(2, ProofStatus::unsigned_entry);
        row(2, ProofStatus::failed);  // address 2: the worst row → failed
        row(3, ProofStatus::unsigned_entry);  // address 3: unsigned
        row(4, ProofStatus::owners_signed, Chain::ethereum);
        result.book = book;
        config::Config config;
        const metrics::MetricsInput in = metrics::from_cycle(result, config);
        REQUIRE(in.reserves.size() == 1);
        CHECK(in.reserves[0].chain == "litecoin");
        CHECK(in.reserves[0].verified_units == Units(500000000));
        REQUIRE(in.chains.size() == 2);
        CHECK(in.chains[0].height == std::optional<std::uint64_t>(104));
        CHECK(in.chains[1].status == "disputed");
        CHECK_FALSE(in.chains[1].height.has_value());
        REQUIRE(in.addresses.has_value());
        CHECK(*in.addresses ==
              std::map<std::string, std::uint64_t>{
                  {"failed", 1}, {"owners-signed", 1}, {"unsigned", 1}, {"unsupported", 0}, {"verified", 1}});

        daemon::CycleResult broken;
        broken.error = "reserves.csv: cannot read";
        config.litecoin.emplace();
        config.ethereum.emplace();
        const metrics::MetricsInput none = metrics::from_cycle(broken, config);
        REQUIRE(none.chains.size() == 2);
        CHECK(none.chains[0].chain == "litecoin");
        CHECK(none.chains[0].status == "failed");
        CHECK(none.chains[1].chain == "ethereum");
        CHECK(none.reserves.empty());
        CHECK_FALSE(none.addresses.has_value());
    }
}
