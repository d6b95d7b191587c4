// OKX's Merkle-era Proof of Liabilities (okx/proof-of-reserves, common/merkle.go and
// merklev2.go), recomputed. All hashes are SHA-256 over ASCII text, written as lower-case hex:
//   balances text = {"BTC":"<b>","ETH":"<e>","USDT":"<u>"}   (decimal strings without trailing
//                   zeros, "0" for zero)
//   v1 leaf       = sha256(nonce + balances text)
//   v2 user hash  = sha256(nonce + balances text of totalBalances)
//   v2 leaf       = sha256(user hash + BTC + ETH + USDT)
//   parent        = sha256(left hash + right hash + BTC sum + ETH sum + USDT sum + decimal(parent height))
//                   where each sum is the children's decimal sum rounded DOWN to 8 places and
//                   leaves have height 1.
// v1 proof file (MerkleValidator --merkle_proof_file): {"self":{…,"nonce","type"},"path":[…]}.
// Walking the path: type 1 = the sibling is on the LEFT, type 2 = on the right, type 4 = the
// padding copy of the current node (zero balances, same hash) on the right; the type-3 entry is
// the root, whose hash, balances and height the walk must reach.
// v2 full tree: lines "hash,height,{balances}", heights from the root down to 1, and within
// each height the nodes listed RIGHT TO LEFT. A height with an odd number of nodes is padded on
// the right with a copy of its last node's hash carrying zero balances (the first line of that
// height in the file). Parent k of a height = the nodes 2k and 2k+1 of the height below, counted
// left to right.
//
// Amounts are exact: Units at kOkxScale (18) decimals internally; totals are whole 8-decimal
// units (RoundDown(8) leaves no more).
//
// Pure. Thread-safety: values; functions are reentrant.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/liabilities/liabilities.hpp"

namespace porwatch::liabilities {

inline constexpr unsigned kOkxScale = 18;  // digits kept internally
inline constexpr unsigned kOkxDecimals = 8;  // RoundDown(8)
inline constexpr std::array<std::string_view, 3> kOkxCoins{"BTC", "ETH", "USDT"};

// BTC, ETH, USDT at kOkxScale decimals.
using OkxBalances = std::array<Units, 3>;

// The decimal text OKX hashes for `amount` (kOkxScale decimals): no trailing zeros, "0" for 0.
std::string okx_amount_text(const Units& amount);
// The balances text: {"BTC":"…","ETH":"…","USDT":"…"}.
std::string okx_balances_text(const OkxBalances& balances);

struct OkxNode {
    std::string hash;  // lower-case hex as written
    unsigned height = 0;
    OkxBalances balances{};
    std::size_t line = 0;
    bool padding = false;  // a padding copy (v2 tree)
};

struct OkxTree {
    std::vector<std::vector<OkxNode>> levels;  // levels[0] = leaves (height 1), left to right
    std::size_t lines = 0;
};

// Parse a v2 full tree and recompute every parent. Fails with FILE:LINE on a malformed line, a
// height out of order, a level whose count does not halve into the one above, a padding node
// that is not a zero-balance copy of its neighbour, a parent whose balances are not its
// children's rounded sums, or one whose hash does not recompute (a reordered level).
Result<OkxTree> parse_okx_tree(std::string_view text, const std::string& file);
Liabilities okx_liabilities(const OkxTree& tree);

struct OkxPathEntry {
    int type = 0;
    std::string hash;
    unsigned height = 0;
    OkxBalances balances{};
    std::optional<std::string> nonce;
    std::size_t line = 0;
    std::string where;  // "self", "path[3]": the file is often one line
};

struct OkxProof {
    std::string audit_id;
    OkxPathEntry self;
    std::vector<OkxPathEntry> path;  // siblings, then the root (type 3) last
};

Result<OkxProof> parse_okx_proof(std::string_view text, const std::string& file);

// What a v1 proof file proves once its path recomputes.
struct OkxProofCheck {
    OkxBalances self{};
    std::string root;
    unsigned root_height = 0;
    OkxBalances root_balances{};
    bool sibling_leaf_checked = false;  // path[0] carries its nonce and recomputes too
};
// Recompute the self leaf from its nonce, every parent along the path, and compare with the
// root entry. Fails with FILE:LINE of the first entry that does not hold.
Result<OkxProofCheck> verify_okx_proof(const OkxProof& proof, const std::string& file);

struct OkxUserInfo {
    std::string hash;
    std::string nonce;
    OkxBalances total{};
    std::vector<OkxNode> nodes;  // the user's leaves (hash, balances)
};
Result<OkxUserInfo> parse_okx_user_info(std::string_view text, const std::string& file);

struct OkxUserCheck {
    std::vector<std::size_t> tree_lines;  // where each leaf is in the tree file (0 = not found)
    bool all_in_tree = false;
};
// Recompute the user hash and the user's leaves; with a tree, find each leaf among its height-1
// nodes (same hash and balances). Fails with FILE:LINE of what does not recompute.
Result<OkxUserCheck> verify_okx_user(const OkxUserInfo& user, const OkxTree* tree, const std::string& file);

}  // namespace porwatch::liabilities
