// A valued snapshot for the pricing tests (store and cli): one LTC total on litecoin, its feed
// read at Ethereum block 77 (timestamp 1700000000) on two endpoints, one of which failed.
#pragma once

#include <string>

#include "porwatch/snapshot/assemble.hpp"
#include "test_store_support.hpp"

namespace porwatch::test {

// LTC/USD at 70.12345678, updatedAt 1699999000; with !ltc_priced the answer is negative.
inline prices::PriceBook price_book(bool ltc_priced)
{
    prices::PriceBook book;
    book.quote = "USD";
    book.pinned = true;
    book.height = 77;
    book.block_hash = "0x" + std::string(64, 'e');
    book.block_timestamp = 1'700'000'000;
    book.endpoints.push_back({"http://127.0.0.1:8545", book.block_hash, 77, "", std::nullopt});
    book.endpoints.push_back({"http://127.0.0.1:8546", "", 0, "connect: refused", chain::ChainError::connect});
    prices::AssetPrice p;
    p.asset = "LTC";
    p.feed = "0x00000000000000000000000000000000000000A1";
    p.reading.asset = "LTC";
    p.reading.feed = p.feed;
    p.reading.status = chain::FeedStatus::read;
    p.reading.decimals = 8;
    p.reading.description = "LTC / USD";
    chain::FeedRound round{Units(9), chain::SignedUnits{!ltc_priced, Units(7'012'345'678)}, Units(1'699'999'000),
                           Units(1'699'999'000), Units(9)};
    p.reading.round = round;
    p.reading.answers.push_back(chain::FeedAnswer{"http://127.0.0.1:8545", round, 8, "LTC / USD", ""});
    if (ltc_priced) {
        p.status = prices::PriceStatus::priced;
        p.price = prices::Price{"USD", 8, Units(7'012'345'678), Units(9), 1'699'999'000, 1000};
    } else {
        p.reason = "answer -7012345678 is negative (round 9)";
    }
    book.prices.push_back(p);
    return book;
}

// A complete snapshot at `at` with `units` LTC, valued with price_book(ltc_priced).
inline snapshot::Snapshot valued(std::int64_t at, const std::string& units, bool ltc_priced)
{
    snapshot::Snapshot s;
    s.started_at = at;
    s.finished_at = at + 1;
    s.status = snapshot::SnapshotStatus::complete;
    s.chains.push_back(test_chain(address::Chain::litecoin, snapshot::ChainStatus::complete, 104));
    s.totals.push_back(test_total("LTC", address::Chain::litecoin, 8, units, 1));
    s.valuation = snapshot::value_totals(s, price_book(ltc_priced));
    return s;
}

}  // namespace porwatch::test
