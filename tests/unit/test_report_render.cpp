// porwatch report from a real SQLite history: Store::report_data() reads it, render_report()
// draws it. Gaps (a failed chain, a failed cycle, time without snapshots) must be gaps, every
// figure the exact stored integer as decimal text, and the page must load nothing.
#include <doctest/doctest.h>

#include <regex>

#include "../../src/report/parts.hpp"
#include "porwatch/report/report.hpp"
#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;
using snapshot::SnapshotStatus;

namespace {

constexpr std::int64_t kStart = 1'767'225'600;  // 2026-01-01T00:00:00Z

std::size_t count(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

// Six snapshots 10 minutes apart, then a 5-hour silence, then two more:
//  #1 complete, #2 ethereum failed (partial), #3 the book could not be read (failed, no chains),
//  #4..#6 complete (ETH drops at #5, a drop alert fires through a hook), #7 and #8 after the silence.
struct History {
    TempDir dir{"report"};
    std::string path = dir.file("porwatch.db");
    store::Store db = store::Store::open(path).value();
    addressbook::BookEntry btc = test_entry(Chain::bitcoin, 1, "BTC");
    addressbook::BookEntry eth = test_entry(Chain::ethereum, 2, "ETH");
    addressbook::BookEntry eth2 = test_entry(Chain::ethereum, 3, "ETH");

    void write(std::int64_t at, SnapshotStatus status, bool eth_ok, const std::string& eth_units,
               const std::string& error = "", bool alert = false)
    {
        const std::vector<addressbook::BookEntry> book = {btc, eth, eth2};
        snapshot::Snapshot s;
        s.started_at = at;
        s.finished_at = at + 3;
        s.status = status;
        if (error.empty()) {
            s.chains = {test_chain(Chain::bitcoin, ChainStatus::complete,
                                   800000 + static_cast<std::uint64_t>(at - kStart) / 600),
                        test_chain(Chain::ethereum, eth_ok ? ChainStatus::complete : ChainStatus::failed,
                                   eth_ok ? 19000000 : 0)};
            s.balances = {{Chain::bitcoin, btc.address->text, "BTC", Units{2100000000000000}}};
            s.totals = {test_total("BTC", Chain::bitcoin, 8, "2100000000000000", 1)};
            if (eth_ok) {
                s.balances.push_back({Chain::ethereum, eth.address->text, "ETH", parse_units(eth_units).value()});
                s.balances.push_back({Chain::ethereum, eth2.address->text, "ETH", Units{1}});
                s.totals.push_back(test_total("ETH", Chain::ethereum, 18, eth_units, 2));
                s.totals.back().units += 1;
            }
        }
        store::WriteHook hook;
        if (alert) {
            hook = [at](store::SnapshotTransaction& tx, const store::WriteReport&) -> Status {
                const std::vector<store::SqlValue> params = {std::string("d-") + std::to_string(at), at,
                                                             std::string(R"({"detail":"ETH fell <10%>"})")};
                return tx.execute(
                    "INSERT INTO alert_outbox (delivery_id, created_at, alert_key, state, target, "
                    "payload, next_attempt_at) VALUES (?1, ?2, 'drop:ETH', 'firing', '/bin/hook', ?3, ?2)",
                    params);
            };
        }
        const std::optional<store::BookInput> input =
            error.empty() ? std::optional<store::BookInput>(store::BookInput{book, {}, at, {}}) : std::nullopt;
        REQUIRE(db.write_snapshot(s, input, error, hook).ok());
    }

    History()
    {
        write(kStart, SnapshotStatus::complete, true, "6000000000000000000");
        write(kStart + 600, SnapshotStatus::partial, false, "");
        write(kStart + 1200, SnapshotStatus::failed, false, "", "reserves.csv: cannot read <file>");
        write(kStart + 1800, SnapshotStatus::complete, true, "6000000000000000000");
        write(kStart + 2400, SnapshotStatus::complete, true, "3500000000000000000", "", /*alert=*/true);
        write(kStart + 3000, SnapshotStatus::complete, true, "3500000000000000000");
        write(kStart + 3000 + 5 * 3600, SnapshotStatus::complete, true, "3500000000000000000");
        write(kStart + 3600 + 5 * 3600, SnapshotStatus::complete, true, "3500000000000000000");
    }

    store::ReportData data() const
    {
        store::ReportQuery q;
        q.since = kStart - 86400;
        q.until = kStart + 3600 + 5 * 3600 + 60;
        auto d = db.report_data(q);
        REQUIRE_MESSAGE(d.ok(), (d.ok() ? "" : d.error().message));
        return *d;
    }
};

const report::Series& series_of(const std::vector<report::Series>& all, const std::string& asset)
{
    for (const auto& s : all) {
        if (s.asset == asset) return s;
    }
    FAIL("no series " << asset);
    return all.front();
}

}  // namespace

TEST_SUITE("report")
{
    TEST_CASE("store::report_data reads snapshots, chain evidence, totals, alerts, book and changes")
    {
        History h;
        const store::ReportData d = h.data();
        CHECK(d.snapshots.size() == 8);
        CHECK(d.snapshots[2].status == "failed");
        CHECK(d.snapshots[2].error == "reserves.csv: cannot read <file>");
        CHECK(d.chains.size() == 14);  // two per snapshot, none for the failed cycle
        REQUIRE_FALSE(d.chains[0].endpoints.empty());
        CHECK(d.chains[0].endpoints[0].endpoint == "http://127.0.0.1:18443");
        CHECK(d.chains[0].endpoints[0].block_hash == d.chains[0].block_hash);
        CHECK(d.totals.size() == 13);  // 7 BTC + 6 ETH: no ETH total where ethereum failed
        REQUIRE(d.totals[0].verified_units.has_value());  // the proven part (schema 005)
        CHECK(*d.totals[0].verified_units == d.totals[0].units);  // test_total: all verified
        REQUIRE(d.alerts.size() == 1);
        CHECK(d.alerts[0].alert_key == "drop:ETH");
        CHECK(d.alerts[0].detail == "ETH fell <10%>");
        CHECK(d.book.in_book == std::map<std::string, std::size_t>{{"bitcoin", 1}, {"ethereum", 2}});
        CHECK(d.book.added_in_period == 3);
        REQUIRE(d.changes.size() == 1);  // ETH 6 → 3.5 at #5 (2 addresses, one changed)
        CHECK(d.changes[0].asset == "ETH");
        CHECK(to_string(d.changes[0].before) == "6000000000000000000");
        CHECK(to_string(d.changes[0].after) == "3500000000000000000");
    }

    TEST_CASE("report: failed reads and silences are gaps in the series, never zeros")
    {
        History h;
        const store::ReportData d = h.data();
        const auto quiet = report::quiet_periods(d.snapshots, d.query.until);
        REQUIRE(quiet.size() == 1);
        CHECK(quiet[0].from == kStart + 3000);
        CHECK(quiet[0].to == kStart + 3000 + 5 * 3600);
        const auto all = report::build_series(d, quiet);
        const report::Series& eth = series_of(all, "ETH");
        CHECK(eth.points.size() == 6);
        REQUIRE(eth.missing.size() == 2);
        CHECK(eth.missing[0].why == "failed: connect: connection refused");
        CHECK(eth.missing[1].why == "reserves.csv: cannot read <file>");
        std::vector<bool> starts;
        for (const auto& p : eth.points) starts.push_back(p.starts_segment);
        CHECK(starts == std::vector<bool>{true, true, false, false, true, false});
        const report::Series& btc = series_of(all, "BTC");
        CHECK(btc.points.size() == 7);
        CHECK(btc.missing.size() == 1);  // the failed cycle only

        const std::string svg = report::chart_svg(eth, report::TimeAxis{kStart, d.query.until}, quiet, d.alerts);
        CHECK(count(svg, "<polyline class=\"all\"") == 3);  // #1 | #4–#6 | #7–#8
        CHECK(count(svg, "<line class=\"missing\"") == 2);
        CHECK(count(svg, "<rect class=\"quiet\"") == 1);
        CHECK(count(svg, "<line class=\"alert\"") == 1);
        CHECK(svg.find("ETH fell &lt;10%&gt;") != std::string::npos);
        // The isolated first point is still drawn.
        CHECK(count(svg, "<circle class=\"dot\"") == 6);
        // The BTC chart does not show the ETH alert.
        const std::string btc_svg = report::chart_svg(btc, report::TimeAxis{kStart, d.query.until}, quiet, d.alerts);
        CHECK(count(btc_svg, "<line class=\"alert\"") == 0);
    }

    TEST_CASE("report::render_report: exact figures, escaped text, nothing to load")
    {
        History h;
        const std::string page = report::render_report(h.data(), report::ReportOptions{kStart + 86400});
        CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
        CHECK(page.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        "style-src 'unsafe-inline'; img-src data:\">") != std::string::npos);
        CHECK(page.find("21000000.00000000") != std::string::npos);  // BTC, exact
        CHECK(page.find("3.500000000000000001") != std::string::npos);  // ETH latest, exact
        CHECK(page.find("-2.500000000000000000") != std::string::npos);  // the change
        CHECK(page.find("hash-ethereum-19000000") != std::string::npos);  // evidence
        CHECK(page.find("http://127.0.0.1:18443") != std::string::npos);  // endpoint as text
        CHECK(page.find("reserves.csv: cannot read &lt;file&gt;") != std::string::npos);
        CHECK(page.find("<file>") == std::string::npos);
        // Nothing that could make a request: no scripts, links, sources, imports or url().
        for (const char* never : {"<script", "<link", "src=", "href=", "url(", "@import", "<img", "<iframe"}) {
            CHECK_MESSAGE(page.find(never) == std::string::npos, never);
        }
        // A zero never stands in for a missing ETH figure.
        CHECK(page.find(">0.000000000000000000<") == std::string::npos);
        // Chart coordinates stay inside the viewBox.
        const std::regex coord("(?:x1|x2|cx|x)=\"([0-9.]+)\"");
        for (auto it = std::sregex_iterator(page.begin(), page.end(), coord); it != std::sregex_iterator(); ++it) {
            CHECK(std::stod((*it)[1]) <= 720.0);
        }
    }

    TEST_CASE("report: a verified series is drawn when the database stores verified_units, huge values scale")
    {
        History h;
        sql_rows(h.path, "UPDATE asset_totals SET verified_units = '1' WHERE asset = 'ETH'");
        // A hostile-token-sized total (2^256 - 1) must not overflow the chart math.
        sql_rows(h.path, "UPDATE asset_totals SET units = "
                         "'115792089237316195423570985008687907853269984665640564039457584007913129639935' "
                         "WHERE asset = 'BTC' AND snapshot_id = 1");
        const store::ReportData d = h.data();
        const auto all = report::build_series(d, {});
        const report::Series& eth = series_of(all, "ETH");
        CHECK(eth.has_verified);
        CHECK(eth.points.back().verified_units == Units(1));
        const std::string page = report::render_report(d, report::ReportOptions{kStart});
        CHECK(count(page, "<polyline class=\"verified\"") >= 1);
        CHECK(page.find("0.000000000000000001 ETH") != std::string::npos);  // the verified figure, exact
        CHECK(page.find("1157920892373161954235709850086879078532699846656405640394575840079131.29639935") !=
              std::string::npos);
        const std::regex y("(?:y1|y2|cy)=\"([0-9.]+)\"");
        for (auto it = std::sregex_iterator(page.begin(), page.end(), y); it != std::sregex_iterator(); ++it) {
            CHECK(std::stod((*it)[1]) <= 220.0);
        }
    }
}
