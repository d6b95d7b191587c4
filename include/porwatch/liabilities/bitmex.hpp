// BitMEX's Proof-of-Liabilities tree (BitMEX/proof-of-reserves-liabilities,
// validate_liabilities.py), recomputed node by node.
//
// File: line 1 "block_height:N"; then one node per line, "digest_hex,value_sats", root first,
// then each level left to right (breadth first): 2^(k+1) − 1 nodes, 2^k leaves.
// Every integer is packed as 8 bytes little-endian (Python struct "<Q"):
//   parent digest = SHA-256(left digest ‖ le64(left value) ‖ right digest ‖ le64(right value))
//   parent value  = left value + right value (and must fit 64 bits)
//   sub_nonce     = SHA-256(account nonce (32 bytes) ‖ le64(block_height) ‖ le64(account id))
//   leaf digest   = HMAC-SHA256(key = sub_nonce, le64(leaf value) ‖ le64(leaf index))
// The root's value is the total liability in satoshi.
//
// Pure. Thread-safety: values; functions are reentrant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/util/bytes.hpp"

namespace porwatch::liabilities {

struct BitmexNode {
    Hash256 digest{};
    std::uint64_t value = 0;
    std::size_t line = 0;
};

struct BitmexTree {
    std::uint64_t block_height = 0;
    std::vector<BitmexNode> nodes;  // breadth first, root first
    std::size_t leaf_count = 0;  // the last leaf_count nodes are the leaves, left to right
};

// Parse and recompute every parent. Fails with FILE:LINE on a malformed line, a node count that
// is not 2^(k+1) − 1 (a node missing or extra), a parent whose digest or value does not
// recompute from its two children (the parent's line, and the children's), or a sum past 2^64.
Result<BitmexTree> parse_bitmex_tree(std::string_view text, const std::string& file);

// The verified tree as liabilities of `asset`: its root value in satoshi (8 decimals).
Liabilities bitmex_liabilities(const BitmexTree& tree, const std::string& asset);

// One account's leaves: those whose digest is the HMAC of its sub-nonce.
struct AccountLeaves {
    std::uint64_t account = 0;
    Hash256 sub_nonce{};
    std::vector<std::size_t> leaf_indices;  // 0-based positions in the leaf row
    std::vector<std::size_t> lines;  // their lines in the file
    Units total;  // sum of their values, satoshi
};
AccountLeaves find_account_leaves(const BitmexTree& tree, std::uint64_t account, const Hash256& account_nonce);

// Parse "account,account_nonce_hex" lines (BitMEX's nonces file; no header). Fails with FILE:LINE.
Result<std::vector<std::pair<std::uint64_t, Hash256>>> parse_bitmex_nonces(std::string_view text,
                                                                           const std::string& file);

// True when `text` looks like a BitMEX tree (its first line starts "block_height:").
bool looks_like_bitmex_tree(std::string_view text);

}  // namespace porwatch::liabilities
