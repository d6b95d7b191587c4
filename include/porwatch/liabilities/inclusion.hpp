// `porwatch inclusion`: a user checks their own inclusion in an exchange's published
// liabilities, offline, from the files the exchange gave them. Each file's kind is recognised
// from its content:
//   OKX v1 proof file      {"self":{…},"path":[…]}: the leaf from its nonce, the path to the root
//   OKX v2 user file       {"hash","nodes","nonce","totalBalances"}: the user hash and leaves;
//                          with the v2 full tree also given: the tree, and the leaves in it
//   OKX v2 full tree       "hash,height,{balances}" lines
//   BitMEX tree            "block_height:N" then "digest,value" lines; with a nonces file
//                          ("account,nonce" lines) or an account and nonce given: their leaves
//   Binance / Gate user    user_config.json: TotalEquity/TotalDebt recomputed from the asset
//                          list and a price table (the CexAssetsInfo config, or Binance's
//                          cex_assets_info.csv); the Poseidon Merkle path is out of scope
// The report lists what was proven, what was not (and why), and what failed.
//
// Pure: files come in as text. Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::liabilities {

enum class InclusionKind {
    okx_proof,
    okx_user,
    okx_tree,
    bitmex_tree,
    bitmex_nonces,
    cex_user,
    cex_assets,
    price_csv
};
std::string_view to_string(InclusionKind kind);

struct InclusionFile {
    std::string name;  // as given (messages name it)
    std::string text;
};

struct InclusionOptions {
    std::optional<std::uint64_t> account;  // BitMEX account id
    std::optional<Hash256> nonce;  // … and its account nonce
    std::set<std::string> two_digit_assets;  // cex-assets "two digits" symbols
};

struct InclusionReport {
    std::vector<std::pair<std::string, InclusionKind>> files;  // each file and what it is
    std::vector<std::string> proven;
    std::vector<std::string> not_proven;
    std::vector<std::string> failed;  // "FILE:LINE: …": something does not recompute
};

// Recognise each file and check everything the set allows. Fails (usage, exit 2) on a file of
// no known kind, or a set that checks nothing a user owns (a user file's companion missing,
// e.g. a Binance user config without a price table). A recomputation that does not hold is not
// an Error: it is in `failed`.
Result<InclusionReport> check_inclusion(const std::vector<InclusionFile>& files, const InclusionOptions& options);

}  // namespace porwatch::liabilities
