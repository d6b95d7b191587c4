// What `porwatch report` reads from the history store for one period: the snapshots with their
// per-chain reads (status, height, block hash, endpoints), the stored totals, alert firings,
// the address book summary and the largest per-address balance changes.
//
// Every amount is exact base units (Units) read from the stored integer text; a figure that
// does not parse is an error, never a number. A chain that was not complete in a snapshot has
// no total for it: the reader sees the gap, never a zero. Values; thread-safety: none needed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/chain/result.hpp"
#include "porwatch/store/value_rows.hpp"
#include "porwatch/util/amount.hpp"

namespace porwatch::store {

struct ReportQuery {
    std::int64_t since = 0;  // inclusive, UTC unix seconds (snapshot started_at)
    std::int64_t until = 0;  // inclusive
    std::size_t changes_per_asset = 5;  // largest balance changes kept per asset
};

struct ReportSnapshot {
    std::int64_t id = 0;
    std::int64_t started_at = 0;
    std::int64_t finished_at = 0;
    std::string status;  // "complete", "partial", "failed"
    std::string error;
};

// One chain's read in one snapshot, with its evidence.
struct ReportChainRead {
    std::int64_t snapshot_id = 0;
    std::string chain;
    std::string network;
    std::string chain_id;
    std::string status;  // "complete", "failed", "disputed"
    std::uint64_t height = 0;
    std::string block_hash;
    std::int64_t duration_ms = 0;
    std::string error;
    std::vector<chain::EndpointReport> endpoints;  // redacted when stored
};

// One stored total (asset, chain) of one snapshot.
struct ReportTotal {
    std::int64_t snapshot_id = 0;
    std::int64_t taken_at = 0;
    std::string asset;
    std::string chain;
    unsigned decimals = 0;
    Units units;
    // The proven part, when the database stores it (a `verified_units` column of asset_totals);
    // nullopt on databases without it.
    std::optional<Units> verified_units;
    std::optional<Units> claimed_units;
    std::size_t addresses = 0;
    std::size_t verified_addresses = 0;
};

// An alert notification on the time axis.
struct ReportAlertMark {
    std::int64_t at = 0;
    std::string alert_key;  // "drop:ETH"
    std::string state;  // "firing" or "resolved"
    std::string detail;  // one human sentence (from the payload), may be ""
};

struct ReportBookSummary {
    std::map<std::string, std::size_t> in_book;  // chain → addresses in the book
    std::size_t removed = 0;  // addresses that left the book (ever)
    std::map<std::string, std::size_t> verdicts;  // latest verdict status → rows in the book
    std::size_t added_in_period = 0;  // book_events in the period
    std::size_t removed_in_period = 0;
    struct File {
        std::string file;
        std::string sha256;
        std::int64_t checked_at = 0;
        std::size_t entries = 0;
        std::size_t verified = 0;
    };
    std::vector<File> files;  // the last check of each file
};

// A change of one address's balance between two stored reads.
struct ReportBalanceChange {
    std::int64_t snapshot_id = 0;
    std::int64_t at = 0;
    std::string chain;
    std::string address;
    std::string asset;
    unsigned decimals = 0;
    Units before;
    Units after;
};

struct ReportData {
    ReportQuery query;
    std::string database;  // the file read
    int schema_version = 0;
    std::vector<ReportSnapshot> snapshots;  // in the period, oldest first
    std::vector<ReportChainRead> chains;  // of those snapshots, by snapshot then chain
    std::vector<ReportTotal> totals;  // by time, asset, chain
    std::vector<ReportAlertMark> alerts;  // by time
    std::vector<std::string> firing_now;  // alert keys firing at the last cycle
    ReportBookSummary book;
    std::vector<ReportBalanceChange> changes;  // largest per asset, by asset then size
    // Pricing (schema 007): the last snapshot of the period that read prices, and its feeds.
    std::optional<ValueRow> value;
    std::vector<PriceRow> prices;
};

}  // namespace porwatch::store
