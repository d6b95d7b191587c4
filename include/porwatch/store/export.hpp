// A stored snapshot with everything needed to re-check it without porwatch's database: the
// content of `porwatch export`'s bundle (the JSON rendering is the CLI's; the checks are
// porwatch/bundle/check.hpp's).
//
// What is in it, and from where:
//  - the address files the snapshot read, byte for byte (book_files), and each row's ownership
//    verdict as stored at the snapshot (ownership_results, keyed by file and line);
//  - per chain, its evidence: status, height, block hash, endpoints, and (schema 006) the assets,
//    confirmations, proof summary, verified header, proof nodes and contract-wallet checks;
//  - every balance of the complete chains at the snapshot, every UTXO outpoint behind them;
//  - the totals, and the book rows no source read;
//  - with [prices] (schema 007): every feed's reading and verdict at the Ethereum block it was
//    read at, the value of every total and the snapshot's value (prices).
// Snapshots stored before schema 006 have no evidence, files or outpoints: those parts are
// absent (nullopt / empty with `evidence_recorded` false), never made up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/chain/result.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/snapshot/snapshot.hpp"
#include "porwatch/store/value_rows.hpp"

namespace porwatch::store {

// The bundle format this build writes and reads.
inline constexpr int kBundleVersion = 1;

struct ExportedFile {
    std::string path;  // as in the config's `addresses`
    std::string sha256;  // hex, of the content
    std::optional<std::string> content;  // the exact bytes; nullopt when not stored
};

// The stored ownership verdict of one book row at the snapshot.
struct RowVerdict {
    std::string file;
    std::size_t line = 0;
    address::Chain chain = address::Chain::bitcoin;
    std::string address;  // canonical text
    std::string coin;  // as published
    proof::ProofResult verdict;
};

struct ExportedChain {
    snapshot::ChainResult result;  // proofs set when recorded (EVM, schema 006)
    std::optional<snapshot::ChainEvidence> evidence;  // nullopt before schema 006
    std::vector<chain::OwnerCheck> owner_checks;
    std::vector<chain::SignatureCheck> signature_checks;
};

// The price evidence of a snapshot that read prices: what each feed said and was judged, the
// value of each total, and the snapshot's value, as stored (schema 007).
struct ExportedPrices {
    ValueRow total;  // quote, values, complete, priced/unpriced, block
    std::optional<std::int64_t> block_timestamp;  // of the price block (NULL: none pinned)
    std::vector<PriceRow> feeds;  // one per configured feed, by asset
    std::vector<snapshot::AssetValue> values;  // one per total, by asset and chain
};

struct SnapshotExport {
    int version = kBundleVersion;
    std::string generator;  // "porwatch 0.1.0"
    std::int64_t snapshot_id = 0;
    std::int64_t started_at = 0;
    std::int64_t finished_at = 0;
    std::string status;  // "complete", "partial", "failed"
    std::string error;
    bool book_recorded = false;  // the snapshot's files are known (schema 006)
    std::vector<ExportedFile> files;
    std::vector<RowVerdict> rows;  // one per book row with an address, file order
    std::vector<ExportedChain> chains;
    std::vector<snapshot::AddressBalance> balances;  // complete chains only
    std::vector<chain::UtxoOutpoint> outpoints;  // complete UTXO chains only
    std::vector<snapshot::AssetTotal> totals;
    std::vector<snapshot::Unscanned> unscanned;
    std::optional<ExportedPrices> prices;  // nullopt: the snapshot did not read prices
};

}  // namespace porwatch::store
