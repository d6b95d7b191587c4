// The bundle file: `porwatch export`'s one self-contained JSON document, read back by
// `porwatch check`. Layout (README "Bundles"; money is decimal text, never a JSON number):
//   {"format":"porwatch-bundle","version":1,"generator",
//    "snapshot":{"id","started_at","finished_at","status","error"},
//    "book":{"recorded","files":[{"path","sha256","content"|"content_hex"|null}],
//            "rows":[{"file","line","chain","address","coin","verdict":{"status","scheme","reason",
//                     "proven","required","signers"}}]},
//    "chains":[{"chain",["source" (an [evm.NAME] chain's NAME; absent otherwise)],"network","chain_id","status","height","block_hash","error","endpoints",
//               "evidence":null|{"assets","confirmations","response_bytes","proofs",
//                                "header_rlp","proof_nodes","proven","owner_checks","signature_checks"}}],
//    "balances":[{"chain","address","asset","units","height","block_hash"}],  (the block of the chain
//               it was read on: an "ASSET@NAME" balance's is the [evm.NAME] chain's)
//    "outpoints":[{"chain","address","txid","vout","units","height"}],
//    "totals":[…],"unscanned":[…],"prices":{"included":false,"reason"}}
// A file's bytes are `content` when they are valid UTF-8, else `content_hex`.
//
// Pure (text in, text out). Thread-safety: functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "porwatch/store/export.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::bundle {

std::string write_bundle(const store::SnapshotExport& bundle);

struct ReadBundle {
    store::SnapshotExport bundle;
    // Statements of the file that contradict each other (a balance whose height or block hash
    // is not its chain's): evidence that the bundle was altered, reported by `check`.
    std::vector<std::string> inconsistencies;
};

// Parse a bundle. Fails (naming `name` and the JSON path) on a document that is not a bundle of
// a known version, or a field of the wrong type.
Result<ReadBundle> read_bundle(std::string_view json, const std::string& name);

}  // namespace porwatch::bundle
