// The alert stage in a real SQLite file: prior read before the write, evaluation and outbox
// inside the snapshot's transaction, and an alert failure that does not cost the snapshot.
#include <doctest/doctest.h>

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

snapshot::Snapshot btc(std::int64_t at, const std::vector<addressbook::BookEntry>& book,
                       const std::string& each)
{
    snapshot::Snapshot s;
    s.started_at = at;
    s.finished_at = at + 1;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains.push_back(test_chain(Chain::bitcoin, ChainStatus::complete, 101));
    for (const auto& e : book) s.balances.push_back({Chain::bitcoin, e.address->text, "BTC", parse_units(each).value()});
    Units total = 0;
    for (std::size_t i = 0; i < book.size(); ++i) total += parse_units(each).value();
    s.totals.push_back(test_total("BTC", Chain::bitcoin, 8, porwatch::to_string(total), book.size()));
    return s;
}

// One cycle the way daemon::run_cycle stores it: prior, then the stage inside the write.
Cycle run(store::Store& db, const alert::AlertSettings& settings, const snapshot::Snapshot& snap,
          const std::vector<addressbook::BookEntry>& entries)
{
    daemon::LoadedBook book;
    book.entries = entries;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        proof::ProofResult verdict;
        verdict.status = proof::ProofStatus::verified;
        book.verdicts.push_back(verdict);
    }
    Cycle out;
    auto prior = daemon::read_alert_prior(db, settings.rules, snap.started_at);
    REQUIRE_MESSAGE(prior.ok(), prior.error().message);
    const daemon::AlertStage stage = daemon::make_alert_stage(settings, std::move(*prior), out.outcome);
    auto written = db.write_snapshot(
        snap, store::BookInput{book.entries, book.verdicts, snap.started_at, {}}, "",
        [&](store::SnapshotTransaction& tx, const store::WriteReport& report) {
            return stage(tx, daemon::StoredCycle{snap, &book, report, snap.finished_at});
        });
    REQUIRE_MESSAGE(written.ok(), written.error().message);
    out.report = *written;
    return out;
}

std::vector<std::string> keys(const daemon::AlertOutcome& outcome)
{
    std::vector<std::string> out;
    for (const auto& n : outcome.notifications) out.push_back(n.payload.alert + " " + std::string(alert::to_string(n.payload.state)));
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
        settings.rules = alert::parse_rules(std::vector<std::pair<std::string, std::string>>{
                                                {"drop_percent", "BTC:10"}})
                             .value();
        settings.hooks = {"/bin/true"};
        std::vector<addressbook::BookEntry> book;
        for (int i = 0; i < 4; ++i) book.push_back(test_entry(Chain::bitcoin, i, "BTC"));

        auto first = run(*db, settings, btc(1000, book, "100000000"), book);
        CHECK(first.outcome.error.empty());
        CHECK(keys(first.outcome).empty());   // the first book is not drift
        // Same second as the previous snapshot: still compared with it.
        auto drop = run(*db, settings, btc(1000, book, "80000000"), book);
        CHECK(keys(drop.outcome) == std::vector<std::string>{"drop:BTC firing"});
        CHECK(db->queued_deliveries(10).value().size() == 1);
        auto low = run(*db, settings, btc(1600, book, "80000000"), book);
        CHECK(keys(low.outcome).empty());
        book.pop_back();
        auto drift = run(*db, settings, btc(2200, book, "150000000"), book);
        CHECK(keys(drift.outcome) == std::vector<std::string>{"drift:BTC firing", "drop:BTC resolved"});
        CHECK(drift.outcome.notifications[0].payload.detail.find("1 removed") != std::string::npos);
        const auto states = db->alert_states().value();
        CHECK(std::any_of(states.begin(), states.end(),
                          [](const auto& s) { return s.key == "drop:BTC" && s.state == "ok"; }));
    }

    TEST_CASE("daemon::make_alert_stage: a failed evaluation is reported and the snapshot kept")
    {
        TempDir dir("alert-stage-fail");
        auto db = store::Store::open(dir.file("p.db"));
        REQUIRE(db.ok());
        alert::AlertSettings settings;
        // One satoshi's tenth: finer than BTC's 8 decimals, found only at evaluation.
        settings.rules = alert::parse_rules(std::vector<std::pair<std::string, std::string>>{
                                                {"floor", "BTC:0.000000001"}})
                             .value();
        std::vector<addressbook::BookEntry> book{test_entry(Chain::bitcoin, 1, "BTC")};
        auto cycle = run(*db, settings, btc(1000, book, "5"), book);
        CHECK(cycle.outcome.error.find("floor") != std::string::npos);
        CHECK(cycle.outcome.notifications.empty());
        CHECK(db->snapshot_ids().value().size() == 1);
        CHECK(db->alert_states().value().empty());
    }
}
