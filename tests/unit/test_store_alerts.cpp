#include <doctest/doctest.h>

#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;

namespace {

snapshot::Snapshot btc_snapshot(std::int64_t at, const std::string& units)
{
    snapshot::Snapshot s;
    s.started_at = at;
    s.finished_at = at + 1;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains.push_back(test_chain(Chain::bitcoin, ChainStatus::complete, 101));
    s.totals.push_back(test_total("BTC", Chain::bitcoin, 8, units, 0));
    return s;
}

store::AlertStateRow state_row(const std::string& key, const std::string& state, std::int64_t at)
{
    store::AlertStateRow r;
    r.key = key;
    r.rule = key.substr(0, key.find(':'));
    r.asset = "BTC";
    r.state = state;
    r.consecutive = state == "ok" ? 0 : 1;
    r.since = at;
    r.reference_units = "150000000";
    r.last_current_units = "100000000";
    r.last_drop_percent = "33.3333";
    r.last_detail = "BTC fell";
    r.delivered_firing = state == "firing";
    r.members = "a\nb";
    r.updated_at = at;
    r.reference_snapshot_id = 4;
    return r;
}

store::OutboxInsert outbox(const std::string& id, std::int64_t at, const std::string& target)
{
    store::OutboxInsert o;
    o.delivery_id = id;
    o.created_at = at;
    o.alert_key = "drop:BTC";
    o.state = "firing";
    o.target_kind = "hook";
    o.target = target;
    o.target_hash = "h-" + target;
    o.payload = "{\"alert\":\"drop:BTC\"}";
    return o;
}

// Write a snapshot whose transaction also saves `states` and queues `rows`.
Result<store::WriteReport> write_with(store::Store& db, std::int64_t at, std::vector<store::AlertStateRow> states,
                                      std::vector<store::OutboxInsert> rows, bool fail = false)
{
    return db.write_snapshot(btc_snapshot(at, "100000000"), std::nullopt, "",
                             [&](store::SnapshotTransaction& tx, const store::WriteReport& report) -> Status {
                                 const std::int64_t id = report.snapshot_id;
                                 for (auto& r : states) r.last_snapshot_id = id;
                                 for (auto& r : rows) r.snapshot_id = id;
                                 if (Status s = store::save_alert_states(tx, states); !s) return s;
                                 if (Status s = store::enqueue_deliveries(tx, rows); !s) return s;
                                 auto loaded = store::load_alert_states(tx);
                                 if (!loaded) return loaded.error();
                                 if (!states.empty() && loaded->back() != states.back()) return Error{"reload differs"};
                                 if (fail) return Error{"alert evaluation failed"};
                                 return Ok{};
                             });
}

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store::write_snapshot saves alert states and outbox rows in the snapshot's transaction")
    {
        TempDir dir("alerts-tx");
        auto db = store::Store::open(dir.file("p.db"));
        REQUIRE(db.ok());
        auto written = write_with(*db, 1000, {state_row("drop:BTC", "firing", 1000)},
                                  {outbox("1-a", 1000, "/hook/a"), outbox("1-b", 1000, "/hook/b")});
        REQUIRE_MESSAGE(written.ok(), written.error().message);
        auto states = db->alert_states();
        REQUIRE(states.ok());
        REQUIRE(states->size() == 1);
        auto expected = state_row("drop:BTC", "firing", 1000);
        expected.last_snapshot_id = written->snapshot_id;
        CHECK((*states)[0] == expected);
        CHECK(sql_one(dir.file("p.db"), "SELECT detail FROM alert_state") == "{\"reference_snapshot_id\":4}");
        auto queued = db->queued_deliveries(10);
        REQUIRE(queued.ok());
        REQUIRE(queued->size() == 2);
        CHECK((*queued)[0].delivery_id == "1-a");
        CHECK((*queued)[0].snapshot_id == written->snapshot_id);
        CHECK((*queued)[0].next_attempt_at == 1000);
        CHECK(db->next_delivery_at().value() == std::optional<std::int64_t>(1000));

        SUBCASE("an error in the callback rolls back the snapshot too")
        {
            auto failed = write_with(*db, 2000, {state_row("drop:BTC", "ok", 2000)}, {outbox("2-a", 2000, "/hook/a")},
                                     /*fail=*/true);
            REQUIRE_FALSE(failed.ok());
            CHECK(failed.error().message.find("alert evaluation failed") != std::string::npos);
            CHECK(db->snapshot_ids().value().size() == 1);
            CHECK(db->alert_states().value()[0].state == "firing");
            CHECK(db->queued_deliveries(10).value().size() == 2);
        }
        SUBCASE("a duplicate delivery id fails the whole write")
        {
            auto dup = write_with(*db, 2000, {}, {outbox("1-a", 2000, "/hook/a")});
            REQUIRE_FALSE(dup.ok());
            CHECK(db->snapshot_ids().value().size() == 1);
        }
        SUBCASE("the plain overload still works")
        {
            auto plain = db->write_snapshot(btc_snapshot(3000, "1"), std::nullopt);
            REQUIRE(plain.ok());
            CHECK(db->first_snapshot_at().value() == std::optional<std::int64_t>(1000));
        }
    }

    TEST_CASE("store::record_attempt records deliveries, retries and giving up exactly once")
    {
        TempDir dir("alerts-attempts");
        auto db = store::Store::open(dir.file("p.db"));
        REQUIRE(db.ok());
        REQUIRE(
            write_with(*db, 1000, {}, {outbox("1-a", 1000, "/a"), outbox("1-b", 1000, "/b"), outbox("1-c", 1000, "/c")})
                .ok());
        auto silenced = outbox("1-s", 1000, "/s");
        silenced.silenced = true;
        REQUIRE(write_with(*db, 1001, {}, {silenced}).ok());
        const auto queued = db->queued_deliveries(10).value();
        REQUIRE(queued.size() == 3);  // the silenced row is never queued

        store::DeliveryAttempt retry{queued[0].id, 1010, store::AttemptOutcome::retry, true, "exit 3", 3,
                                     std::nullopt, 1040};
        REQUIRE(db->record_attempt(retry).ok());
        store::DeliveryAttempt done{queued[1].id, 1011, store::AttemptOutcome::delivered, true, "", std::nullopt,
                                    200,          0};
        REQUIRE(db->record_attempt(done).ok());
        store::DeliveryAttempt give_up{
            queued[2].id, 1012, store::AttemptOutcome::gave_up, false, "target no longer configured", std::nullopt,
            std::nullopt, 0};
        REQUIRE(db->record_attempt(give_up).ok());
        CHECK_FALSE(db->record_attempt(done).ok());  // already delivered: not recorded twice

        const auto left = db->queued_deliveries(10).value();
        REQUIRE(left.size() == 1);
        CHECK(left[0].attempts == 1);
        CHECK(left[0].next_attempt_at == 1040);
        CHECK(left[0].last_exit_code == std::optional<std::int64_t>(3));
        CHECK(left[0].last_error == "exit 3");
        CHECK(db->next_delivery_at().value() == std::optional<std::int64_t>(1040));

        const auto log = db->delivery_log({10, false}).value();
        REQUIRE(log.size() == 4);
        CHECK(log[0].delivery_id == "1-s");  // newest first
        CHECK(log[0].silenced);
        CHECK(log[2].delivered_at == std::optional<std::int64_t>(1011));
        CHECK(log[2].last_http_status == std::optional<std::int64_t>(200));
        CHECK(log[1].gave_up_at == std::optional<std::int64_t>(1012));
        CHECK(log[1].attempts == 0);
        CHECK(db->delivery_log({10, true}).value().size() == 1);
    }

    TEST_CASE("store::total_history and chain_readings: per-chain figures, from partial snapshots too")
    {
        TempDir dir("alerts-history");
        const std::string path = dir.file("p.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        auto two = [](std::int64_t at, bool btc_up, bool eth_up) {
            snapshot::Snapshot s;
            s.started_at = at;
            s.finished_at = at + 1;
            s.chains.push_back(test_chain(Chain::bitcoin, btc_up ? ChainStatus::complete : ChainStatus::failed, 101));
            s.chains.push_back(test_chain(Chain::ethereum, eth_up ? ChainStatus::complete : ChainStatus::failed, 55));
            if (btc_up) s.totals.push_back(test_total("BTC", Chain::bitcoin, 8, std::to_string(at), 0));
            if (eth_up) s.totals.push_back(test_total("ETH", Chain::ethereum, 18, std::to_string(at), 0));
            for (auto& t : s.totals) t.verified_units = t.units / 2;  // the proven part, stored since 005
            s.status = btc_up && eth_up   ? snapshot::SnapshotStatus::complete
                       : btc_up || eth_up ? snapshot::SnapshotStatus::partial
                                          : snapshot::SnapshotStatus::failed;
            return s;
        };
        REQUIRE(db->write_snapshot(two(1000, true, true), std::nullopt).ok());
        REQUIRE(db->write_snapshot(two(2000, true, false), std::nullopt).ok());  // ETH down
        REQUIRE(db->write_snapshot(two(3000, true, false), std::nullopt).ok());
        REQUIRE(db->write_snapshot(two(4000, false, false), std::nullopt).ok());
        auto points = db->total_history(2500);
        REQUIRE(points.ok());
        std::vector<std::string> seen;
        for (const auto& p : *points) seen.push_back(p.asset + "@" + std::to_string(p.taken_at));
        // Within the horizon: BTC at 3000 (a partial snapshot); and the latest of each (asset,
        // chain) however old: ETH at 1000.
        CHECK(seen == std::vector<std::string>{"ETH@1000", "BTC@3000"});
        CHECK((*points)[0].verified_units == Units{500});
        CHECK((*points)[1].verified_units == Units{1500});
        CHECK(db->has_verified_totals().value());

        auto readings = db->chain_readings();
        REQUIRE(readings.ok());
        REQUIRE(readings->size() == 2);
        CHECK((*readings)[0].chain == "bitcoin");
        CHECK((*readings)[0].last_complete_at == 3000);
        CHECK((*readings)[0].first_seen_at == 1000);
        CHECK((*readings)[0].in_last_scan);
        CHECK((*readings)[1].chain == "ethereum");
        CHECK((*readings)[1].last_complete_at == 1000);
    }
}
