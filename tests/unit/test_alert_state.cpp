#include "test_alert_support.hpp"

using namespace alert_test;

namespace {

// What the store does: every field to text and back (Units as decimal, phase by name,
// members one per line).
std::vector<AlertState> persist_and_reload(const std::vector<AlertState>& states)
{
    std::vector<AlertState> reloaded;
    for (const auto& s : states) {
        const std::string phase(to_string(s.phase));
        const std::string reference = s.reference_units ? to_string(*s.reference_units) : "";
        const std::string current = s.last_current_units ? to_string(*s.last_current_units) : "";
        std::string members;
        for (const auto& m : s.members) members += m + "\n";

        AlertState r;
        r.key = s.key;
        r.phase = alert_phase_from_string(phase).value();
        r.pending_count = s.pending_count;
        r.since = s.since;
        if (!reference.empty()) r.reference_units = parse_units(reference).value();
        if (!current.empty()) r.last_current_units = parse_units(current).value();
        r.last_drop_percent = s.last_drop_percent;
        r.last_detail = s.last_detail;
        r.delivered_firing = s.delivered_firing;
        for (std::size_t pos = 0; pos < members.size();) {
            const auto nl = members.find('\n', pos);
            r.members.push_back(members.substr(pos, nl - pos));
            pos = nl + 1;
        }
        reloaded.push_back(std::move(r));
    }
    return reloaded;
}

std::string iso(std::int64_t t)
{
    return format_utc_timestamp(t);
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert::AlertPhase names are frozen")
    {
        CHECK(to_string(AlertPhase::ok) == "ok");
        CHECK(to_string(AlertPhase::pending) == "pending");
        CHECK(to_string(AlertPhase::firing) == "firing");
        CHECK(alert_phase_from_string("firing") == AlertPhase::firing);
        CHECK_FALSE(alert_phase_from_string("FIRING").has_value());
        CHECK(to_string(RuleKind::below_claim) == "below_claim");
        CHECK(to_string(NotifyState::resolved) == "resolved");
    }

    TEST_CASE("alert::run_cycle a restart with the persisted state neither re-fires nor forgets")
    {
        Harness h({{"drop_percent", "BTC:10"}, {"for", "2"}});
        h.cycle(complete({total("BTC", "1000")}));
        h.cycle(complete({total("BTC", "800")}));  // pending 1/2, reference 1000
        h.states = persist_and_reload(h.states);  // restart while pending
        CHECK(h.states == persist_and_reload(h.states));
        REQUIRE(summary(h.cycle(complete({total("BTC", "800")}))) == Lines{"drop:BTC firing"});
        h.states = persist_and_reload(h.states);  // restart while firing
        CHECK(h.cycle(complete({total("BTC", "800")})).empty());  // no re-fire
        h.states = persist_and_reload(h.states);
        CHECK(summary(h.cycle(complete({total("BTC", "1000")}))) == Lines{"drop:BTC resolved"});  // not forgotten
    }

    TEST_CASE("alert::run_cycle a key not evaluated this cycle keeps its state unchanged")
    {
        Harness h({{"drop_percent", "BTC:10"}, {"for", "3"}});
        h.cycle(complete({total("BTC", "1000")}));
        h.cycle(complete({total("BTC", "800")}));
        const AlertState before = h.state("drop:BTC");
        h.cycle(failed());
        CHECK(h.state("drop:BTC") == before);  // count neither advanced nor reset
    }

    TEST_CASE(
        "alert::run_cycle maintenance silences notifications but records them, and delivers what is still true after")
    {
        const std::int64_t start = 1'700'000'000;
        const std::string window = iso(start + 1500) + "/" + iso(start + 2500);  // covers cycles 3 and 4
        Harness h({{"drop_percent", "BTC:10"}, {"maintenance", window.c_str()}});
        h.cycle(complete({total("BTC", "1000")}));  // t+600
        h.cycle(complete({total("BTC", "1000")}));  // t+1200
        CHECK(summary(h.cycle(complete({total("BTC", "500")}))) == Lines{"drop:BTC firing silenced"});  // t+1800
        CHECK(h.state("drop:BTC").phase == AlertPhase::firing);  // the transition is recorded
        CHECK_FALSE(h.state("drop:BTC").delivered_firing);
        CHECK(h.cycle(complete({total("BTC", "500")})).empty());  // t+2400, no repeat
        // The window is over and it is still firing: receivers hear it once now.
        CHECK(summary(h.cycle(complete({total("BTC", "500")}))) == Lines{"drop:BTC firing"});  // t+3000
        CHECK(h.cycle(complete({total("BTC", "500")})).empty());
        CHECK(summary(h.cycle(complete({total("BTC", "1000")}))) == Lines{"drop:BTC resolved"});
    }

    TEST_CASE("alert::run_cycle an alert that fires and resolves inside a maintenance window is never delivered")
    {
        const std::int64_t start = 1'700'000'000;
        const std::string window = iso(start + 1500) + "/" + iso(start + 2500);
        Harness h({{"drop_percent", "BTC:10"}, {"maintenance", window.c_str()}});
        h.cycle(complete({total("BTC", "1000")}));
        h.cycle(complete({total("BTC", "1000")}));
        CHECK(summary(h.cycle(complete({total("BTC", "500")}))) == Lines{"drop:BTC firing silenced"});
        CHECK(summary(h.cycle(complete({total("BTC", "1000")}))) == Lines{"drop:BTC resolved silenced"});
        CHECK(h.cycle(complete({total("BTC", "1000")})).empty());
    }

    TEST_CASE("alert::run_cycle a delivered alert that resolves during maintenance is resolved for receivers after")
    {
        const std::int64_t start = 1'700'000'000;
        const std::string window = iso(start + 1500) + "/" + iso(start + 2500);
        Harness h({{"drop_percent", "BTC:10"}, {"maintenance", window.c_str()}});
        h.cycle(complete({total("BTC", "1000")}));
        CHECK(summary(h.cycle(complete({total("BTC", "500")}))) == Lines{"drop:BTC firing"});
        CHECK(summary(h.cycle(complete({total("BTC", "1000")}))) == Lines{"drop:BTC resolved silenced"});
        CHECK(h.cycle(complete({total("BTC", "1000")})).empty());  // still inside
        CHECK(summary(h.cycle(complete({total("BTC", "1000")}))) == Lines{"drop:BTC resolved"});
        CHECK(h.cycle(complete({total("BTC", "1000")})).empty());
    }

    TEST_CASE("alert::advance a fresh key that is fine creates an ok state and no notification")
    {
        Condition c;
        c.key = "floor:BTC";
        c.kind = RuleKind::floor;
        c.fire = false;
        StepContext context;
        context.now = 42;
        AlertState fresh;
        fresh.key = "floor:BTC";
        const auto step = advance(fresh, c, context);
        CHECK(step.state.phase == AlertPhase::ok);
        CHECK_FALSE(step.notification.has_value());
    }

    TEST_CASE("alert::payload_to_json has every field, units are strings, absent figures are null")
    {
        Harness h({{"drop_percent", "ETH:2.5:24h"}});
        auto eth = total("ETH", "1000000000000000000000", 18, address::Chain::ethereum);
        eth.verified_units = parse_units("600000000000000000000").value();
        Snapshot s = complete({eth});
        s.chains[0].height = 19000000;
        s.chains[0].block_hash = "0xbeef";
        s.chains.push_back(chain_result(address::Chain::bitcoin, ChainStatus::complete));
        h.cycle(s);
        s.totals[0].units = parse_units("975000000000000000000").value();
        const auto n = h.cycle(s);
        REQUIRE(n.size() == 1);
        CHECK(payload_to_json(n[0].payload) ==
              "{\"alert\":\"drop:ETH:1d\",\"state\":\"firing\",\"asset\":\"ETH\",\"chain\":\"ethereum\",\"basis\":"
              "\"all\","
              "\"previous_units\":\"1000000000000000000000\",\"current_units\":\"975000000000000000000\","
              "\"units\":\"975000000000000000000\",\"verified_units\":\"600000000000000000000\","
              "\"drop_percent\":\"2.5\",\"window\":\"1d\",\"drop_basis\":\"book\",\"book_change\":null,"
              "\"snapshot_id\":2,\"taken_at\":\"2023-11-14T22:33:20Z\",\"taken_at_unix\":1700001200,"
              "\"heights\":{\"ethereum\":19000000,\"bitcoin\":120},"
              "\"block_hashes\":{\"ethereum\":\"0xbeef\",\"bitcoin\":\"00aa\"},\"value\":null,"
              "\"detail\":\"ETH total 975.000000000000000000 ETH is 2.5% below 1000.000000000000000000 ETH "
              "(the maximum over 1d; rule 2.5%)\",\"solvency\":null}");

        Payload stale;
        stale.alert = "stale";
        stale.state = NotifyState::resolved;
        stale.taken_at = 7;
        stale.detail = "quote \" and newline \n";
        CHECK(payload_to_json(stale, "42-stale-1") ==
              "{\"alert\":\"stale\",\"state\":\"resolved\",\"asset\":null,\"chain\":null,\"basis\":null,"
              "\"previous_units\":null,\"current_units\":null,\"units\":null,\"verified_units\":null,"
              "\"drop_percent\":null,\"window\":null,\"drop_basis\":null,\"book_change\":null,"
              "\"snapshot_id\":null,\"taken_at\":\"1970-01-01T00:00:07Z\",\"taken_at_unix\":7,"
              "\"heights\":{},\"block_hashes\":{},\"value\":null,\"detail\":\"quote \\\" and newline "
              "\\n\",\"solvency\":null,\"delivery_id\":\"42-stale-1\"}");
    }
}
