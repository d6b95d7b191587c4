#include "test_alert_support.hpp"

using namespace alert_test;
using proof::ProofStatus;

namespace {

OwnershipObservation seen(const std::string& address, std::optional<ProofStatus> previous, ProofStatus current,
                          const std::string& reason = "")
{
    return OwnershipObservation{"BTC", address, previous, current, reason};
}

CycleInput with_ownership(std::vector<OwnershipObservation> observations, bool first_book = false)
{
    CycleInput input;
    input.ownership = std::move(observations);
    input.first_book = first_book;
    return input;
}

CycleInput with_diff(std::vector<BookChange> added, std::vector<BookChange> removed)
{
    CycleInput input;
    input.book_diff = BookDiff{std::move(added), std::move(removed)};
    return input;
}

}  // namespace

TEST_SUITE("alert")
{
    TEST_CASE(
        "alert::run_cycle ownership: a verified address that now fails fires once, resolves when it verifies again")
    {
        Harness h({});
        const auto btc = complete({total("BTC", "1000")});
        // First run: a baseline with one unsigned row is not news.
        CHECK(h.cycle(btc, with_ownership({seen("bc1a", std::nullopt, ProofStatus::verified),
                                           seen("bc1u", std::nullopt, ProofStatus::unsigned_entry)},
                                          /*first_book=*/true))
                  .empty());
        CHECK(h.state("ownership:BTC").phase == AlertPhase::ok);

        const auto n =
            h.cycle(btc, with_ownership({seen("bc1a", ProofStatus::verified, ProofStatus::failed, "bad signature"),
                                         seen("bc1u", ProofStatus::unsigned_entry, ProofStatus::unsigned_entry)}));
        REQUIRE(summary(n) == Lines{"ownership:BTC firing"});
        CHECK(n[0].payload.detail ==
              "1 BTC address(es) do not prove ownership: bc1a (verified → failed: bad signature)");
        CHECK(n[0].payload.chain == "bitcoin");
        CHECK(h.state("ownership:BTC").members == Lines{"bc1a"});

        // Still failing (previous is now "failed"): stays firing, no repeat.
        CHECK(h.cycle(btc, with_ownership({seen("bc1a", ProofStatus::failed, ProofStatus::failed),
                                           seen("bc1u", ProofStatus::unsigned_entry, ProofStatus::unsigned_entry)}))
                  .empty());
        CHECK(h.state("ownership:BTC").phase == AlertPhase::firing);

        CHECK(summary(h.cycle(
                  btc, with_ownership({seen("bc1a", ProofStatus::failed, ProofStatus::verified),
                                       seen("bc1u", ProofStatus::unsigned_entry, ProofStatus::unsigned_entry)}))) ==
              Lines{"ownership:BTC resolved"});
    }

    TEST_CASE(
        "alert::run_cycle ownership: a new address that arrives unsigned or unverified fires, owners-signed is proof")
    {
        Harness h({});
        const auto btc = complete({total("BTC", "1000")});
        h.cycle(btc, with_ownership({seen("bc1a", std::nullopt, ProofStatus::verified)}, /*first_book=*/true));
        CHECK(h.cycle(btc, with_ownership({seen("bc1a", ProofStatus::verified, ProofStatus::verified),
                                           seen("bc1ok", std::nullopt, ProofStatus::owners_signed)}))
                  .empty());
        const auto n =
            h.cycle(btc, with_ownership({seen("bc1a", ProofStatus::verified, ProofStatus::verified),
                                         seen("bc1ok", ProofStatus::owners_signed, ProofStatus::owners_signed),
                                         seen("bc1new", std::nullopt, ProofStatus::unsigned_entry)}));
        REQUIRE(summary(n) == Lines{"ownership:BTC firing"});
        CHECK(n[0].payload.detail == "1 BTC address(es) do not prove ownership: bc1new (new, unsigned)");

        // Another address breaks while firing: new facts, one more notification.
        const auto more =
            h.cycle(btc, with_ownership({seen("bc1a", ProofStatus::verified, ProofStatus::failed),
                                         seen("bc1ok", ProofStatus::owners_signed, ProofStatus::owners_signed),
                                         seen("bc1new", ProofStatus::unsigned_entry, ProofStatus::unsigned_entry)}));
        REQUIRE(summary(more) == Lines{"ownership:BTC firing"});
        CHECK(h.state("ownership:BTC").members == Lines{"bc1a", "bc1new"});

        // The offenders leave the book: the alert resolves.
        CHECK(summary(h.cycle(
                  btc, with_ownership({seen("bc1ok", ProofStatus::owners_signed, ProofStatus::owners_signed)}))) ==
              Lines{"ownership:BTC resolved"});

        // An asset whose whole book is gone resolves too.
        Harness gone({});
        gone.cycle(btc, with_ownership({seen("bc1a", std::nullopt, ProofStatus::verified)}, true));
        gone.cycle(btc, with_ownership({seen("bc1a", ProofStatus::verified, ProofStatus::failed)}));
        CHECK(summary(gone.cycle(btc, with_ownership({}))) == Lines{"ownership:BTC resolved"});
    }

    TEST_CASE("alert::run_cycle ownership is evaluated on failed snapshots and can be turned off")
    {
        Harness h({});
        h.cycle(failed(), with_ownership({seen("bc1a", std::nullopt, ProofStatus::verified)}, true));
        CHECK(summary(h.cycle(failed(), with_ownership({seen("bc1a", ProofStatus::verified, ProofStatus::failed)}))) ==
              Lines{"ownership:BTC firing"});
        Harness off({{"ownership", "off"}});
        off.cycle(failed(), with_ownership({seen("bc1a", std::nullopt, ProofStatus::verified)}, true));
        CHECK(off.cycle(failed(), with_ownership({seen("bc1a", ProofStatus::verified, ProofStatus::failed)})).empty());
        CHECK_FALSE(off.has_state("ownership:BTC"));
    }

    TEST_CASE("alert::run_cycle drift notifies each change with counts and returns to ok silently")
    {
        Harness h({});
        const auto btc = complete({total("BTC", "1000")});
        const auto n =
            h.cycle(btc, with_diff({{"BTC", "bc1new"}}, {{"BTC", "bc1z"}, {"BTC", "bc1y"}, {"LTC", "ltc1x"}}));
        REQUIRE(summary(n) == Lines{"drift:BTC firing", "drift:LTC firing"});
        CHECK(n[0].payload.detail == "BTC address book: 2 removed, 1 added; removed: bc1y, bc1z; added: bc1new");
        CHECK(n[1].payload.detail == "LTC address book: 1 removed, 0 added; removed: ltc1x");
        // A second change in the next cycle is news too.
        CHECK(summary(h.cycle(btc, with_diff({}, {{"BTC", "bc1new"}}))) == Lines{"drift:BTC firing"});
        CHECK(h.state("drift:LTC").phase == AlertPhase::ok);
        // No change: back to ok, no "resolved".
        CHECK(h.cycle(btc).empty());
        CHECK(h.state("drift:BTC").phase == AlertPhase::ok);

        Harness off({{"drift", "off"}});
        CHECK(off.cycle(btc, with_diff({}, {{"BTC", "bc1z"}})).empty());
    }

    TEST_CASE("alert::run_cycle drift lists at most ten addresses")
    {
        Harness h({});
        std::vector<BookChange> removed;
        for (int i = 0; i < 12; ++i) removed.push_back({"BTC", "a" + std::to_string(10 + i)});
        const auto n = h.cycle(complete({}), with_diff({}, removed));
        REQUIRE(n.size() == 1);
        CHECK(n[0].payload.detail.ends_with("a18, a19 and 2 more"));
    }

    TEST_CASE("alert::run_cycle disputed fires on node disagreement, a failed chain is not evaluated")
    {
        Harness h({});
        Snapshot disputed = complete({});
        disputed.status = SnapshotStatus::partial;
        disputed.chains[0].status = ChainStatus::disputed;
        disputed.chains[0].error = "balance of bc1a differs";
        disputed.chains[0].disagreements.push_back({"bc1a", "BTC", "http://127.0.0.1:2", "5"});
        const auto n = h.cycle(disputed);
        REQUIRE(summary(n) == Lines{"disputed:bitcoin firing"});
        CHECK_FALSE(n[0].payload.asset.has_value());
        CHECK(n[0].payload.chain == "bitcoin");
        CHECK(n[0].payload.detail == "the bitcoin nodes disagree: balance of bc1a differs (1 disagreement(s))");
        CHECK(n[0].payload.block_hashes.size() == 1);  // a disputed chain is still pinned
        CHECK(h.cycle(failed()).empty());
        CHECK(h.state("disputed:bitcoin").phase == AlertPhase::firing);
        CHECK(summary(h.cycle(complete({}))) == Lines{"disputed:bitcoin resolved"});

        Harness off({{"disputed", "off"}});
        CHECK(off.cycle(disputed).empty());
    }
}
