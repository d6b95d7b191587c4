// The alert engine's persistence, [alerts] settings and the delivery worker, against a real
// SQLite file and real hook programs (shell scripts written by the test).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "porwatch/alert/delivery.hpp"
#include "porwatch/alert/persist.hpp"
#include "test_alert_support.hpp"
#include "test_store_support.hpp"
#include "test_support.hpp"

using namespace alert_test;
using porwatch::test::TempDir;

namespace {

std::string write_script(const TempDir& dir, const std::string& name, const std::string& body)
{
    const std::string path = dir.file(name);
    std::ofstream(path) << "#!/bin/sh\n" << body;
    ::chmod(path.c_str(), 0755);
    return path;
}

Result<AlertSettings> settings_from(const std::string& alerts_section)
{
    // [bitcoin] after [alerts], so that the alerts keys start on line 3.
    auto config = config::parse_config("database = x.db\n[alerts]\n" + alerts_section +
                                           "\n[bitcoin]\nnetwork = regtest\nrpc_url = http://127.0.0.1:1/\n",
                                       "p.conf");
    if (!config) return config.error();
    return load_alert_settings(*config);
}

// A firing drop and the states after it, from one harness cycle.
CycleResult drop_cycle()
{
    Harness h{{"drop_percent", "BTC:10"}};
    h.cycle(complete({total("BTC", "1000")}));
    auto snap = complete({total("BTC", "800")});
    CycleInput input;
    input.snapshot_id = 7;
    input.taken_at = input.now = h.now + 600;
    input.history = h.history;
    input.chains = h.chains;
    auto result = run_cycle(h.rules, snap, input, h.states);
    REQUIRE(result.notifications.size() == 1);
    return result;
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE("alert::load_alert_settings parses rules and delivery keys with FILE:LINE errors")
    {
        TempDir dir("alert-settings");
        const std::string hook = write_script(dir, "hook.sh", "exit 0\n");
        const std::string secret = dir.file("secret");
        std::ofstream(secret) << "s3cret\n";
        auto ok = settings_from("drop_percent = BTC:10\nhook = " + hook + "\nhook = " + hook +
                                "\nhook_timeout = 5s\nwebhook = http://127.0.0.1:9/x\n"
                                "webhook_secret_file = " +
                                secret +
                                "\ngive_up_after = 2h\n"
                                "retry_initial = 10s\nretry_max = 5m\n");
        REQUIRE_MESSAGE(ok.ok(), ok.error().message);
        CHECK(ok->rules.drops.size() == 1);
        CHECK(ok->hooks.size() == 2);
        CHECK(ok->hook_timeout == std::chrono::milliseconds(5000));
        CHECK(ok->webhooks.size() == 1);
        CHECK(ok->webhook_secret.has_value());
        CHECK(ok->retry.give_up_after_s == 7200);
        CHECK(ok->retry.initial_s == 10);
        CHECK(ok->retry.max_s == 300);

        auto error_of = [](const std::string& text) {
            auto r = settings_from(text);
            REQUIRE_FALSE(r.ok());
            return r.error().message;
        };
        CHECK(error_of("drop_percent = BTC:x\n").starts_with("p.conf:3: alerts: drop_percent"));
        CHECK(error_of("for = 1\nhook = relative.sh\n").starts_with("p.conf:4: alerts: hook = "));
        CHECK(error_of("hook = /nonexistent/hook\n").find("no such file") != std::string::npos);
        CHECK(error_of("hook = " + secret + "\n").find("not executable") != std::string::npos);
        CHECK(error_of("webhook = https://example.com/h\n").find("webhook_secret_file") != std::string::npos);
        CHECK(error_of("webhook = http://example.com/h\nwebhook_secret_file = " + secret + "\n")
                  .starts_with("p.conf:3:"));
        CHECK(error_of("webhook = https://e.com/\nwebhook_secret_file = /nonexistent\n").starts_with("p.conf:4:"));
        CHECK(error_of("bogus = 1\n") == "p.conf:3: unknown key 'bogus' in section [alerts]");
        CHECK(error_of("give_up_after = 1h\ngive_up_after = 2h\n").starts_with("p.conf:4:"));
        CHECK(settings_from("").ok());
    }

    TEST_CASE("alert::to_row and from_row round-trip every AlertState field")
    {
        AlertState s;
        s.key = "ownership:BTC";
        s.phase = AlertPhase::firing;
        s.pending_count = 2;
        s.since = 123;
        s.reference_units =
            parse_units("115792089237316195423570985008687907853269984665640564039457584007913129639935").value();
        s.last_current_units = parse_units("0").value();
        s.last_drop_percent = "12.5";
        s.last_detail = "two addresses";
        s.delivered_firing = true;
        s.members = {"addr1", "addr2"};
        s.reference_snapshot_id = 7;
        const auto row = to_row(s, 9, 456);
        CHECK(row.reference_snapshot_id == 7);
        CHECK(row.rule == "ownership");
        CHECK(row.asset == "BTC");
        CHECK(row.members == "addr1\naddr2");
        CHECK(from_row(row).value() == s);
        AlertState windowed;
        windowed.key = "drop:ETH:1d";
        CHECK(to_row(windowed, std::nullopt, 1).asset == "ETH");
        AlertState disputed;
        disputed.key = "disputed:bitcoin";
        CHECK(to_row(disputed, std::nullopt, 1).asset.empty());
        for (const char* key : {"stale:litecoin", "stale"}) {
            AlertState stale;
            stale.key = key;
            CHECK(to_row(stale, std::nullopt, 1).rule == "stale");
            CHECK(to_row(stale, std::nullopt, 1).asset.empty());
        }
        AlertState broken;
        broken.key = "alerts_broken:floor:LTC:verified";
        CHECK(to_row(broken, std::nullopt, 1).rule == "alerts_broken");
        CHECK(to_row(broken, std::nullopt, 1).asset == "LTC");
        AlertState verified;
        verified.key = "drop:BTC:24h:verified";
        CHECK(to_row(verified, std::nullopt, 1).asset == "BTC");
        auto bad = row;
        bad.state = "exploded";
        CHECK_FALSE(from_row(bad).ok());
        bad = row;
        bad.reference_units = "1.5";
        CHECK_FALSE(from_row(bad).ok());
    }

    TEST_CASE("alert::outbox_rows makes one row per target with stable delivery ids")
    {
        const auto cycle = drop_cycle();
        AlertSettings settings;
        settings.hooks = {"/usr/local/bin/page"};
        settings.webhooks = {"https://hooks.example.com/services/T0/B0/SECRETTOKEN"};
        const auto rows = outbox_rows(cycle.notifications, settings, 99);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].target_kind == "hook");
        CHECK(rows[0].delivery_id == "7-drop:BTC-firing-" + target_hash("/usr/local/bin/page").substr(0, 12));
        CHECK(rows[1].target_kind == "webhook");
        CHECK(rows[1].target.find("SECRETTOKEN") == std::string::npos);  // redacted in the DB
        CHECK(rows[1].target_hash == target_hash(settings.webhooks[0]));
        CHECK(rows[0].delivery_id != rows[1].delivery_id);
        CHECK(rows[1].payload.find("\"delivery_id\":\"" + rows[1].delivery_id + "\"") != std::string::npos);
        CHECK(rows[0].snapshot_id == std::optional<std::int64_t>(7));
        CHECK(outbox_rows(cycle.notifications, AlertSettings{}, 99).empty());
    }

    TEST_CASE("alert::retry_delay doubles up to the cap, with bounded jitter")
    {
        const RetryPolicy p{30, 600, 86400};
        CHECK(retry_delay(p, 1, {}) == 30);
        CHECK(retry_delay(p, 2, {}) == 60);
        CHECK(retry_delay(p, 5, {}) == 480);
        CHECK(retry_delay(p, 6, {}) == 600);
        CHECK(retry_delay(p, 60, {}) == 600);
        CHECK(retry_delay(p, 2, [](std::int64_t max) { return max; }) == 75);
        CHECK(retry_delay(p, 2, [](std::int64_t) { return 1'000'000; }) == 75);
        CHECK(retry_delay(p, 9, [](std::int64_t max) { return max; }) == 600);
    }

    TEST_CASE("alert::deliver_pending runs hooks after the commit, retries in order, gives up")
    {
        TempDir dir("alert-deliver");
        const std::string log = dir.file("log");
        const std::string good =
            write_script(dir, "good.sh",
                         "{ printf '%s %s %s %s ' \"$PORWATCH_ALERT\" \"$PORWATCH_STATE\" \"$PORWATCH_ASSET\" "
                         "\"$PORWATCH_DELIVERY_ID\"; cat; echo; } >> " +
                             log + "\n");
        const std::string flag = dir.file("fail");
        const std::string flaky =
            write_script(dir, "flaky.sh", "cat > /dev/null\n[ -e " + flag + " ] && exit 3\nexit 0\n");
        std::ofstream(flag) << "x";
        auto db = store::Store::open(dir.file("p.db"));
        REQUIRE(db.ok());
        AlertSettings settings;
        settings.hooks = {good, flaky};
        settings.retry = RetryPolicy{30, 600, 3600};
        const auto cycle = drop_cycle();
        auto written = db->write_snapshot(complete({total("BTC", "800")}), std::nullopt, "",
                                          [&](store::SnapshotTransaction& tx, const store::WriteReport& w) {
                                              return save_cycle(tx, cycle, settings, w.snapshot_id, 1000);
                                          });
        REQUIRE_MESSAGE(written.ok(), written.error().message);
        CHECK(from_rows(db->alert_states().value()).value() == cycle.states);

        std::int64_t now = 1000;
        std::vector<std::string> lines;
        DeliveryEnv env{
            [&] { return now; }, [&](DeliveryEvent, const std::string& line) { lines.push_back(line); }, {}, {}};
        auto first = deliver_pending(*db, settings, env);
        REQUIRE(first.ok());
        CHECK(first->delivered == 1);
        CHECK(first->retried == 1);
        const std::string recorded = porwatch::test::read_text_file(log);
        CHECK(recorded.starts_with("drop:BTC firing BTC 7-drop:BTC-firing-"));
        CHECK(recorded.find("\"alert\":\"drop:BTC\"") != std::string::npos);

        // The flaky hook's retry is not due yet: nothing runs.
        auto again = deliver_pending(*db, settings, env);
        REQUIRE(again.ok());
        CHECK(again->delivered + again->retried == 0);
        std::remove(flag.c_str());
        now = 1030;
        auto later = deliver_pending(*db, settings, env);
        REQUIRE(later.ok());
        CHECK(later->delivered == 1);
        const auto delivered = db->delivery_log({10, false}).value();
        REQUIRE(delivered.size() == 2);
        CHECK(delivered[0].attempts == 2);
        CHECK(delivered[0].delivered_at == std::optional<std::int64_t>(1030));
        CHECK(delivered[0].last_exit_code == std::optional<std::int64_t>(0));
        CHECK(db->queued_deliveries(10).value().empty());

        SUBCASE("a row older than give_up_after, or for a removed target, is given up")
        {
            auto second = db->write_snapshot(complete({total("BTC", "800")}), std::nullopt, "",
                                             [&](store::SnapshotTransaction& tx, const store::WriteReport& w) {
                                                 CycleResult r = cycle;
                                                 r.notifications[0].payload.snapshot_id = w.snapshot_id;
                                                 return save_cycle(tx, r, settings, w.snapshot_id, 2000);
                                             });
            REQUIRE(second.ok());
            AlertSettings fewer;
            fewer.hooks = {good};
            fewer.retry = RetryPolicy{30, 600, 3600};
            now = 2000 + 3600;
            lines.clear();
            auto pass = deliver_pending(*db, fewer, env);
            REQUIRE(pass.ok());
            CHECK(pass->gave_up == 2);
            REQUIRE(lines.size() == 2);
            CHECK(lines[0].find("give_up_after (1h)") != std::string::npos);
            CHECK(lines[1].find("target no longer configured") != std::string::npos);
            CHECK(db->queued_deliveries(10).value().empty());
        }
    }
}
