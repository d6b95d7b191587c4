// JSON renderings of a chain's evidence, one format for the database's evidence columns
// (schema 006) and for `porwatch export` bundles. Money is always decimal text (base units),
// never a JSON number; hashes and keys are 0x-hex. Parsers take text and fail naming the field.
//
// Pure functions (RapidJSON inside; the interface is text). Thread-safety: functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/chain/result.hpp"
#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::store::codec {

// [{"asset","decimals"[,"contract"]}]
std::string assets_json(const std::vector<chain::AssetInfo>& assets);
Result<std::vector<chain::AssetInfo>> parse_assets(std::string_view json);

// ["text", …]
std::string strings_json(const std::vector<std::string>& strings);
Result<std::vector<std::string>> parse_strings(std::string_view json);

// [{"endpoint","height","block_hash","error"[,"error_kind"]}]
std::string endpoints_json(const std::vector<chain::EndpointReport>& endpoints);
Result<std::vector<chain::EndpointReport>> parse_endpoints(std::string_view json);

// [{"address","asset","endpoint","units"}]: what each endpoint said where they disagree
std::string disagreements_json(const std::vector<chain::Disagreement>& disagreements);

// {"accounts":[{"address","exists","nonce","balance","storage_root","code_hash"}],
//  "slots":[{"asset","contract","holder","slot","key","value","mask"|null,"balance"}]}
std::string proven_json(const std::vector<chain::ProvenAccount>& accounts, const std::vector<chain::ProvenSlot>& slots);
Result<std::pair<std::vector<chain::ProvenAccount>, std::vector<chain::ProvenSlot>>>
parse_proven(std::string_view json);

// {"owner_checks":[…],"signature_checks":[…]} (fields as `scan --json` shows them)
std::string contract_checks_json(const std::vector<chain::OwnerCheck>& owners,
                                 const std::vector<chain::SignatureCheck>& signatures);
Result<std::pair<std::vector<chain::OwnerCheck>, std::vector<chain::SignatureCheck>>>
parse_contract_checks(std::string_view json);

// {"mode","header_verified","header_fork","state_root","balances","accounts_selected",
//  "accounts_proven","slots_proven","balances_proven","unproven_assets","endpoints_checked",
//  "failures","failure"}
std::string proof_summary_json(const chain::ProofSummary& summary);
Result<chain::ProofSummary> parse_proof_summary(std::string_view json);

// Trie nodes as one byte string: the nodes' RLP encodings one after the other (each is one
// self-delimiting RLP item). split_nodes fails on bytes that are not such a sequence.
Bytes join_nodes(const std::vector<Bytes>& nodes);
Result<std::vector<Bytes>> split_nodes(ByteView joined);

}  // namespace porwatch::store::codec
