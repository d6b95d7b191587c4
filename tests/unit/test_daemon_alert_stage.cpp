// The alert stage in a real SQLite file: prior read before the write, evaluation and outbox
// inside the snapshot's transaction, per-chain evaluation over partial snapshots, stale per
// chain, the book split read from balance_changes, and an alert failure that does not cost
// the snapshot.
#include <doctest/doctest.h>

#include <algorithm>

#include "porwatch/daemon/alert_stage.hpp"
#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;
using snapshot::ChainStatus;

namespace {

struct Cycle {
    store::WriteReport report;
    daemon::AlertOutcome outcome;
};

// One chain of a test snapshot: its book rows and each address's balance (up), or down.
struct Part {
    Chain chain = Chain::bitcoin;
    std::string asset;
    unsigned decimals = 8;
    std::vector<addressbook::BookEntry> book;
    std::vector<std::string> units;  // per book row, when up
    bool up = true;
};

struct Input {
    snapshot::Snapshot snapshot;
    std::vector<addressbook::BookEntry> book;
    bool with_book = true;
};

// A snapshot taken at `at` of `parts` (a part that is down is a failed chain: no totals).
// `verified` sets every total's verified_units (default: all of it).
Input snap(std::int64_t at, std::vector<Part> parts, std::optional<std::string> verified = {})
{
    Input in;
    snapshot::Snapshot& s = in.snapshot;
    s.started_at = at;
    s.finished_at = at + 1;
    std::size_t up = 0;
    for (const auto& part : parts) {
        in.book.insert(in.book.end(), part.book.begin(), part.book.end());
        s.chains.push_back(test_chain(part.chain, part.up ? ChainStatus::complete : ChainStatus::failed, 101));
        if (!part.up) continue;
        ++up;
        Units sum = 0;
        for (std::size_t i = 0; i < part.book.size(); ++i) {
            const Units units = parse_units(part.units.at(i)).value();
            s.balances.push_back({part.chain, part.book[i].address->text, part.asset, units});
            sum += units;
        }
        auto total = test_total(part.asset, part.chain, part.decimals, porwatch::to_string(sum), part.book.size());
        total.verified_units = verified ? parse_units(*verified).value() : sum;
        s.totals.push_back(total);
    }
    s.status = up == parts.size() ? snapshot::SnapshotStatus::complete
               : up == 0          ? snapshot::SnapshotStatus::failed
                                  : snapshot::SnapshotStatus::partial;
    return in;
}

// The old single-chain helper: every address of `book` holds `each`.
Input btc(std::int64_t at, const std::vector<addressbook::BookEntry>& book, const std::string& each)
{
    return snap(at, {{Chain::bitcoin, "BTC", 8, book, std::vector<std::string>(book.size(), each)}});
}

std::vector<addressbook::BookEntry> book_of(Chain chain, int n, const std::string& asset)
{
    std::vector<addressbook::BookEntry> book;
    for (int i = 0; i < n; ++i) book.push_back(test_entry(chain, i, asset));
    return book;
}

alert::Rules rules_of(std::vector<std::pair<std::string, std::string>> settings)
{
    auto rules = alert::parse_rules(settings);
    REQUIRE_MESSAGE(rules.ok(), (rules.ok() ? "" : rules.error().message));
    return *rules;
}

// One cycle the way daemon::run_cycle stores it: prior, then the stage inside the write.
Cycle run(store::Store& db, const alert::AlertSettings& settings, const Input& in)
{
    const snapshot::Snapshot& snap = in.snapshot;
    daemon::LoadedBook book;
    book.entries = in.book;
    for (std::size_t i = 0; i < in.book.size(); ++i) {
        proof::ProofResult verdict;
        verdict.status = proof::ProofStatus::verified;
        book.verdicts.push_back(verdict);
    }
    Cycle out;
    auto prior = daemon::read_alert_prior(db, settings.rules, snap.started_at);
    REQUIRE_MESSAGE(prior.ok(), prior.error().message);
    const daemon::AlertStage stage = daemon::make_alert_stage(settings, std::move(*prior), out.outcome);
    std::optional<store::BookInput> input;
    if (in.with_book) input = store::BookInput{book.entries, book.verdicts, snap.started_at, {}};
    auto written = db.write_snapshot(
        snap, input, in.with_book ? "" : "cannot open address book",
        [&](store::SnapshotTransaction& tx, const store::WriteReport& report) {
            return stage(tx, daemon::StoredCycle{snap, in.with_book ? &book : nullptr, report, snap.finished_at});
        });
    REQUIRE_MESSAGE(written.ok(), written.error().message);
    out.report = *written;
    return out;
}

std::vector<std::string> keys(const daemon::AlertOutcome& outcome)
{
    std::vector<std::string> out;
    for (const auto& n : outcome.notifications)
        out.push_back(n.payload.alert + " " + std::string(alert::to_string(n.payload.state)));
    return out;
}

}  // namespace

TEST_SUITE("daemon")
{
    TEST_CASE("daemon::make_alert_stage evaluates drops and drift from the store's history")
    {
        TempDir dir("alert-stage");
        auto db = store::Store::open(dir.file("p.db"));
        REQUIRE(db.ok());
        alert::AlertSettings settings;
        settings.rules = rules_of({{"drop_percent", "BTC:10"}});
        settings.hooks = {"/bin/true"};
        auto book = book_of(Chain::bitcoin, 4, "BTC");

        auto first = run(*db, settings, btc(1000, book, "100000000"));
        CHECK(first.outcome.error.empty());
        CHECK(keys(first.outcome).empty());  // the first book is not drift
        // Same second as the previous snapshot: still compared with it.
        auto drop = run(*db, settings, btc(1000, book, "80000000"));
        CHECK(keys(drop.outcome) == std::vector<std::string>{"drop:BTC firing"});
        CHECK(db->queued_deliveries(10).value().size() == 1);
        auto low = run(*db, settings, btc(1600, book, "80000000"));
        CHECK(keys(low.outcome).empty());
        book.pop_back();
        auto drift = run(*db, settings, btc(2200, book, "150000000"));
        CHECK(keys(drift.outcome) == std::vector<std::string>{"drift:BTC firing", "drop:BTC resolved"});
        CHECK(drift.outcome.notifications[0].payload.detail.find("1 removed") != std::string::npos);
        const auto states = db->alert_states().value();
        CHECK(std::any_of(states.begin(), states.end(),
                          [](const auto& s) { return s.key == "drop:BTC" && s.state == "ok"; }));
    }

    TEST_CASE("daemon::make_alert_stage: a floor finer than its asset fires alerts_broken and a 41 % ETH drop is still "
              "delivered")
    {
        // Before issue 9, one bad floor made the whole evaluation fail: "alerts not evaluated"
        // every cycle, and the real ETH drop below was never queued.
        TempDir dir("alert-stage-broken");
        auto db = store::Store::open(dir.file("p.db"));
        REQUIRE(db.ok());
        alert::AlertSettings settings;
        // Rules parsed without the config's assets (load_alert_settings would reject the floor).
        settings.rules = rules_of({{"floor", "LTC:1.123456789"}, {"drop_percent", "ETH:10"}});
        settings.hooks = {"/bin/true"};
        const auto ltc = book_of(Chain::litecoin, 2, "LTC");
        const auto eth = book_of(Chain::ethereum, 2, "ETH");
        auto first =
            run(*db, settings,
                snap(1000, {{Chain::litecoin, "LTC", 8, ltc, {"200000000", "200000000"}},
                            {Chain::ethereum, "ETH", 18, eth, {"5000000000000000000", "5000000000000000000"}}}));
        CHECK(first.outcome.error.empty());
        CHECK(keys(first.outcome) == std::vector<std::string>{"alerts_broken:floor:LTC firing"});
        CHECK(first.outcome.notifications[0].payload.detail.find("more than 8 decimal places") != std::string::npos);
        auto drop = run(*db, settings,
                        snap(1600, {{Chain::litecoin, "LTC", 8, ltc, {"200000000", "200000000"}},
                                    {Chain::ethereum, "ETH", 18, eth, {"5000000000000000000", "900000000000000000"}}}));
        CHECK(drop.outcome.error.empty());
        REQUIRE(keys(drop.outcome) == std::vector<std::string>{"drop:ETH firing"});
        CHECK(drop.outcome.notifications[0].payload.drop_percent == "41");
        CHECK(db->queued_deliveries(10).value().size() == 2);  // the broken floor and the drop
    }

    TEST_CASE("daemon::make_alert_stage: an SQL failure is reported and the snapshot kept")
    {
        TempDir dir("alert-stage-fail");
        const std::string path = dir.file("p.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        alert::AlertSettings settings;
        settings.rules = rules_of({{"drop_percent", "BTC:10"}});
        const auto book = book_of(Chain::bitcoin, 1, "BTC");
        sql_rows(path, "ALTER TABLE alert_state RENAME TO alert_state_gone");
        auto cycle = run(*db, settings, snap(1000, {{Chain::bitcoin, "BTC", 8, book, {"5"}}}));
        CHECK(cycle.outcome.error.find("alert_state") != std::string::npos);
        CHECK(cycle.outcome.notifications.empty());
        CHECK(db->snapshot_ids().value().size() == 1);
    }

    TEST_CASE(
        "daemon::make_alert_stage: a drain during an outage fires when the chain is back, against the figure before it")
    {
        TempDir dir("alert-stage-gap");
        auto db = store::Store::open(dir.file("p.db"));
        REQUIRE(db.ok());
        alert::AlertSettings settings;
        settings.rules = rules_of({{"drop_percent", "*:10"}, {"drop_percent", "LTC:10:1h"}, {"stale_after", "30m"}});
        settings.hooks = {"/bin/true"};
        const auto ltc = book_of(Chain::litecoin, 2, "LTC");
        const auto eth = book_of(Chain::ethereum, 1, "ETH");
        const std::vector<std::string> ltc_full{"300000000", "300000000"};
        const std::vector<std::string> eth_full{"1000"};
        auto base =
            run(*db, settings,
                snap(1000, {{Chain::litecoin, "LTC", 8, ltc, ltc_full}, {Chain::ethereum, "ETH", 18, eth, eth_full}}));
        CHECK(keys(base.outcome).empty());
        // ETH's node is down and LTC is drained: the LTC drops fire in the partial snapshot.
        auto partial = run(*db, settings,
                           snap(1600, {{Chain::litecoin, "LTC", 8, ltc, {"300000000", "100000000"}},
                                       {Chain::ethereum, "ETH", 18, eth, {}, /*up=*/false}}));
        CHECK(keys(partial.outcome) == std::vector<std::string>{"drop:LTC firing", "drop:LTC:1h firing"});
        // Now LTC is down for 2 h (while it is drained further), ETH is back and fine.
        std::int64_t at = 1600;
        for (int i = 0; i < 4; ++i) {
            at += 1800;
            auto down = run(*db, settings,
                            snap(at, {{Chain::litecoin, "LTC", 8, ltc, {}, /*up=*/false},
                                      {Chain::ethereum, "ETH", 18, eth, eth_full}}));
            // 30 min after litecoin's last complete reading: stale, once.
            CHECK(keys(down.outcome) ==
                  (i == 0 ? std::vector<std::string>{"stale:litecoin firing"} : std::vector<std::string>{}));
        }
        // Back lower: both LTC drops are still firing (frozen references, no repeat) …
        at += 1800;
        auto back = run(*db, settings,
                        snap(at, {{Chain::litecoin, "LTC", 8, ltc, {"100000000", "0"}},
                                  {Chain::ethereum, "ETH", 18, eth, eth_full}}));
        CHECK(keys(back.outcome) == std::vector<std::string>{"stale:litecoin resolved"});
        // … and a fresh database with the same history (no frozen state) compares with the
        // figure before the gap, which is 2 h old: older than the 1 h window.
        TempDir fresh_dir("alert-stage-gap-fresh");
        auto fresh = store::Store::open(fresh_dir.file("p.db"));
        REQUIRE(fresh.ok());
        run(*fresh, settings,
            snap(1000, {{Chain::litecoin, "LTC", 8, ltc, ltc_full}, {Chain::ethereum, "ETH", 18, eth, eth_full}}));
        run(*fresh, settings,
            snap(1600, {{Chain::litecoin, "LTC", 8, ltc, {}, false}, {Chain::ethereum, "ETH", 18, eth, eth_full}}));
        run(*fresh, settings,
            snap(9000, {{Chain::litecoin, "LTC", 8, ltc, {}, false}, {Chain::ethereum, "ETH", 18, eth, eth_full}}));
        auto later = run(*fresh, settings,
                         snap(9600, {{Chain::litecoin, "LTC", 8, ltc, {"100000000", "0"}},
                                     {Chain::ethereum, "ETH", 18, eth, eth_full}}));
        REQUIRE(keys(later.outcome) ==
                std::vector<std::string>{"drop:LTC firing", "drop:LTC:1h firing", "stale:litecoin resolved"});
        for (const auto& n : later.outcome.notifications) {
            if (n.payload.alert.starts_with("drop:")) CHECK(n.payload.previous_units == "600000000");
        }
        CHECK(later.outcome.notifications[1].payload.detail.find("none within 1h") != std::string::npos);
    }

    TEST_CASE("daemon::make_alert_stage: an unreadable book still watches the chains of the last scan, the old global "
              "stale is retired")
    {
        TempDir dir("alert-stage-stale");
        const std::string path = dir.file("p.db");
        auto db = store::Store::open(path);
        REQUIRE(db.ok());
        alert::AlertSettings settings;
        settings.rules = rules_of({{"stale_after", "20m"}});
        settings.hooks = {"/bin/true"};
        const auto btc_book = book_of(Chain::bitcoin, 1, "BTC");
        run(*db, settings, snap(1000, {{Chain::bitcoin, "BTC", 8, btc_book, {"5"}}}));
        // An older porwatch left a firing global `stale` whose firing was delivered.
        sql_rows(path, "INSERT OR REPLACE INTO alert_state (alert_key, rule, asset, state, consecutive, since, "
                       "detail, last_detail, delivered_firing, members, updated_at) "
                       "VALUES ('stale', 'stale', '', 'firing', 0, 900, '{}', 'old', 1, '', 900)");
        snapshot::Snapshot no_book;  // the address file could not be read: no chain scanned
        no_book.started_at = 1600;
        no_book.finished_at = 1601;
        no_book.status = snapshot::SnapshotStatus::failed;
        auto first = run(*db, settings, Input{no_book, {}, /*with_book=*/false});
        REQUIRE(keys(first.outcome) == std::vector<std::string>{"stale resolved"});
        CHECK(first.outcome.notifications[0].payload.detail.starts_with("retired: staleness is now watched per chain"));
        no_book.started_at = 2400;
        no_book.finished_at = 2401;
        auto second = run(*db, settings, Input{no_book, {}, false});
        REQUIRE(keys(second.outcome) == std::vector<std::string>{"stale:bitcoin firing"});
        CHECK(second.outcome.notifications[0].payload.detail.find("the cycle failed before scanning") !=
              std::string::npos);
        no_book.started_at = 3000;
        no_book.finished_at = 3001;
        CHECK(keys(run(*db, settings, Input{no_book, {}, false}).outcome).empty());  // neither repeats
        CHECK(sql_one(path, "SELECT state FROM alert_state WHERE alert_key = 'stale'") == "ok");
    }

    TEST_CASE(
        "daemon::make_alert_stage: a drop names the book change, drop_basis = same_addresses compares like for like")
    {
        for (const bool like_for_like : {false, true}) {
            CAPTURE(like_for_like);
            TempDir dir("alert-stage-split");
            auto db = store::Store::open(dir.file("p.db"));
            REQUIRE(db.ok());
            alert::AlertSettings settings;
            settings.rules =
                rules_of({{"drop_percent", "BTC:10"}, {"drop_basis", like_for_like ? "same_addresses" : "book"}});
            settings.hooks = {"/bin/true"};
            auto book = book_of(Chain::bitcoin, 4, "BTC");
            run(*db, settings, snap(1000, {{Chain::bitcoin, "BTC", 8, book, {"100", "100", "100", "500"}}}));
            // The exchange drops its largest address from the file; another one gains 20.
            book.pop_back();
            auto shrunk = run(*db, settings, snap(1600, {{Chain::bitcoin, "BTC", 8, book, {"100", "120", "100"}}}));
            if (!like_for_like) {
                REQUIRE(keys(shrunk.outcome) == std::vector<std::string>{"drift:BTC firing", "drop:BTC firing"});
                const alert::Payload& p = shrunk.outcome.notifications[1].payload;
                CHECK(p.drop_percent == "60");
                CHECK(p.drop_basis == "book");
                REQUIRE(p.book_change.has_value());
                CHECK(p.book_change->removed_addresses == 1);
                CHECK(p.book_change->removed_units == "500");
                CHECK(p.book_change->added_addresses == 0);
                CHECK(p.book_change->same_addresses == 3);
                CHECK(p.book_change->same_previous_units == "300");
                CHECK(p.book_change->same_current_units == "320");
                CHECK(p.detail.find("book change since snapshot 1: -0.00000500 BTC from 1 removed address(es), "
                                    "+0.00000000 BTC from 0 added, +0.00000020 BTC from balance changes of 3 "
                                    "address(es) in both") != std::string::npos);
                continue;
            }
            CHECK(keys(shrunk.outcome) == std::vector<std::string>{"drift:BTC firing"});  // not a drain
            // A real like-for-like drain of the three addresses still in the book: 320 → 280.
            auto drained = run(*db, settings, snap(2200, {{Chain::bitcoin, "BTC", 8, book, {"100", "80", "100"}}}));
            REQUIRE(keys(drained.outcome) == std::vector<std::string>{"drop:BTC firing"});
            const alert::Payload& p = drained.outcome.notifications[0].payload;
            CHECK(p.drop_basis == "same_addresses");
            CHECK(p.previous_units == "320");
            CHECK(p.current_units == "280");
            CHECK(p.drop_percent == "12.5");
            CHECK(p.detail.starts_with("BTC like for like (3 address(es) in both snapshots)"));
            // The book regrows with a new address: still compared like for like against the
            // frozen reference (snapshot 2), so the newcomer's 1000 hides nothing.
            book.push_back(test_entry(Chain::bitcoin, 9, "BTC"));
            auto grown =
                run(*db, settings, snap(2800, {{Chain::bitcoin, "BTC", 8, book, {"100", "80", "100", "1000"}}}));
            CHECK(keys(grown.outcome) == std::vector<std::string>{"drift:BTC firing"});
            const auto states = db->alert_states().value();
            const auto drop =
                std::find_if(states.begin(), states.end(), [](const auto& s) { return s.key == "drop:BTC"; });
            REQUIRE(drop != states.end());
            CHECK(drop->state == "firing");
            CHECK(drop->reference_snapshot_id == 2);
            CHECK(drop->last_current_units == "280");
        }
    }

    TEST_CASE("daemon::make_alert_stage: verified drops read stored verified totals, and need them")
    {
        TempDir dir("alert-stage-verified");
        const std::string path = dir.file("p.db");
        // Schema 4: the last one without verified totals, whatever later migrations add.
        store::OpenOptions at_v4;
        at_v4.migrate_to = 4;
        auto db = store::Store::open(path, at_v4);
        REQUIRE(db.ok());
        alert::AlertSettings settings;
        auto config = config::parse_config("[alerts]\ndrop_percent = BTC:10:verified\n[bitcoin]\nnetwork = regtest\n"
                                           "rpc_url = http://127.0.0.1:1/\n",
                                           "v.conf");
        REQUIRE(config.ok());
        auto loaded = alert::load_alert_settings(*config);
        REQUIRE(loaded.ok());
        settings.rules = loaded->rules;
        auto refused = daemon::check_alerts_against_store(settings, *db, "v.conf");
        REQUIRE_FALSE(refused.ok());
        CHECK(
            refused.error().message.starts_with("v.conf:2: alerts: drop_percent = 'BTC:10:verified': a verified drop"));
        // The proven-reserves schema (005) adds asset_totals.verified_units and writes it.
        db = store::Store::open(path);
        REQUIRE(db.ok());
        CHECK(daemon::check_alerts_against_store(settings, *db, "v.conf").ok());
        settings.hooks = {"/bin/true"};
        const auto book = book_of(Chain::bitcoin, 2, "BTC");
        auto first = run(*db, settings, snap(1000, {{Chain::bitcoin, "BTC", 8, book, {"500", "500"}}}, "600"));
        CHECK(first.outcome.notifications.empty());
        CHECK(sql_rows(path, "SELECT verified_units FROM asset_totals WHERE snapshot_id = 1") ==
              std::vector<std::string>{"600"});
        // Observed unchanged; the proven part fell from 600 to 500: only the verified drop fires.
        auto second = run(*db, settings, snap(1600, {{Chain::bitcoin, "BTC", 8, book, {"500", "500"}}}, "500"));
        REQUIRE(keys(second.outcome) == std::vector<std::string>{"drop:BTC:verified firing"});
        const alert::Payload& p = second.outcome.notifications[0].payload;
        CHECK(p.basis == "verified");
        CHECK(p.previous_units == "600");
        CHECK(p.current_units == "500");
        CHECK(p.units == "1000");
        CHECK(p.verified_units == "500");
    }
}
