// BitMEX's Merkle-sum tree, recomputed (bitmex.hpp has the formulas).
#include "porwatch/liabilities/bitmex.hpp"

#include "json_doc.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/crypto/hmac.hpp"
#include "porwatch/util/hex.hpp"
#include "text_lines.hpp"

namespace porwatch::liabilities {
namespace {

using detail::append_le64;
using detail::at;

constexpr std::string_view kHeightPrefix = "block_height:";

Error fail(LiabilityError code, const std::string& file, std::size_t line, const std::string& what)
{
    return Error{code, at(file, line) + what};
}

Hash256 parent_digest(const BitmexNode& left, const BitmexNode& right)
{
    Bytes data(left.digest.begin(), left.digest.end());
    append_le64(data, left.value);
    data.insert(data.end(), right.digest.begin(), right.digest.end());
    append_le64(data, right.value);
    return crypto::sha256(data);
}

// Returns: k when n = 2^(k+1) − 1, else nullopt.
std::optional<unsigned> levels_below_root(std::size_t n)
{
    for (unsigned k = 0; k < 63; ++k) {
        const std::size_t full = (std::size_t{2} << k) - 1;
        if (full == n) return k;
        if (full > n) break;
    }
    return std::nullopt;
}

}  // namespace

bool looks_like_bitmex_tree(std::string_view text)
{
    return text.substr(0, kHeightPrefix.size()) == kHeightPrefix;
}

Result<BitmexTree> parse_bitmex_tree(std::string_view text, const std::string& file)
{
    const auto lines = detail::split_lines(text);
    if (lines.empty() || !looks_like_bitmex_tree(lines[0].text)) {
        return fail(LiabilityError::malformed, file, 1, "expected 'block_height:N' (a BitMEX liabilities tree)");
    }
    BitmexTree tree;
    const auto height = detail::parse_u64(lines[0].text.substr(kHeightPrefix.size()));
    if (!height) return fail(LiabilityError::malformed, file, 1, "block_height is not an integer");
    tree.block_height = *height;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto& [line, number] = lines[i];
        const auto comma = line.find(',');
        if (comma == std::string_view::npos || line.find(',', comma + 1) != std::string_view::npos) {
            if (line.empty() && i + 1 == lines.size()) break;
            return fail(LiabilityError::malformed, file, number, "expected 'digest_hex,value_sats'");
        }
        BitmexNode node;
        node.line = number;
        const auto digest = detail::parse_hash(line.substr(0, comma));
        if (!digest) return fail(LiabilityError::malformed, file, number, "the digest is not 64 hex digits");
        node.digest = *digest;
        const auto value = detail::parse_u64(line.substr(comma + 1));
        if (!value) {
            return fail(LiabilityError::malformed, file, number,
                        "the value '" + std::string(line.substr(comma + 1)) +
                            "' is not an integer of at most 2^64 − 1 satoshi");
        }
        node.value = *value;
        tree.nodes.push_back(node);
    }
    if (tree.nodes.empty()) return fail(LiabilityError::malformed, file, 1, "the tree has no node");
    const auto k = levels_below_root(tree.nodes.size());
    if (!k) {
        return fail(LiabilityError::malformed, file, tree.nodes.back().line,
                    "the tree ends here with " + std::to_string(tree.nodes.size()) +
                        " nodes, but a BitMEX tree has 2^(k+1) − 1 (root, then every level doubled): a node is missing "
                        "or extra");
    }
    tree.leaf_count = std::size_t{1} << *k;
    // Every parent, level by level from the leaves up, each level left to right: the first
    // error names the lowest, leftmost node that does not recompute.
    std::vector<std::size_t> order;
    for (unsigned depth = *k; depth-- > 0;) {
        for (std::size_t i = (std::size_t{1} << depth) - 1; i < (std::size_t{2} << depth) - 1; ++i) order.push_back(i);
    }
    for (const std::size_t i : order) {
        const BitmexNode& left = tree.nodes[2 * i + 1];
        const BitmexNode& right = tree.nodes[2 * i + 2];
        const BitmexNode& parent = tree.nodes[i];
        const std::string children =
            " (children on lines " + std::to_string(left.line) + " and " + std::to_string(right.line) + ")";
        if (left.value > UINT64_MAX - right.value) {
            return fail(LiabilityError::overflow, file, parent.line,
                        "the children's values add up past 2^64 − 1" + children);
        }
        if (parent.value != left.value + right.value) {
            return fail(LiabilityError::mismatch, file, parent.line,
                        "value " + std::to_string(parent.value) + " is not the sum of its children's " +
                            std::to_string(left.value) + " + " + std::to_string(right.value) + children);
        }
        const Hash256 expected = parent_digest(left, right);
        if (expected != parent.digest) {
            return fail(LiabilityError::mismatch, file, parent.line,
                        "digest " + to_hex(parent.digest) + " does not recompute: SHA-256 of its children gives " +
                            to_hex(expected) + children);
        }
    }
    return tree;
}

Liabilities bitmex_liabilities(const BitmexTree& tree, const std::string& asset)
{
    Liabilities out;
    out.format = Format::bitmex;
    out.height = tree.block_height;
    out.root = to_hex(tree.nodes.front().digest);
    out.nodes = tree.nodes.size();
    out.assets.push_back(
        AssetLiability{detail::upper(asset), 8, Units(tree.nodes.front().value), std::nullopt, std::nullopt});
    out.checked = "all " + std::to_string(tree.nodes.size() - tree.leaf_count) + " parents of " +
                  std::to_string(tree.leaf_count) + " leaves recompute (digest and value) up to root " + out.root;
    return out;
}

AccountLeaves find_account_leaves(const BitmexTree& tree, std::uint64_t account, const Hash256& account_nonce)
{
    AccountLeaves out;
    out.account = account;
    Bytes seed(account_nonce.begin(), account_nonce.end());
    append_le64(seed, tree.block_height);
    append_le64(seed, account);
    out.sub_nonce = crypto::sha256(seed);
    const std::size_t first = tree.nodes.size() - tree.leaf_count;
    for (std::size_t i = 0; i < tree.leaf_count; ++i) {
        const BitmexNode& leaf = tree.nodes[first + i];
        Bytes message;
        append_le64(message, leaf.value);
        append_le64(message, i);
        if (crypto::hmac_sha256(out.sub_nonce, message) != leaf.digest) continue;
        out.leaf_indices.push_back(i);
        out.lines.push_back(leaf.line);
        out.total += leaf.value;
    }
    return out;
}

Result<std::vector<std::pair<std::uint64_t, Hash256>>> parse_bitmex_nonces(std::string_view text,
                                                                           const std::string& file)
{
    std::vector<std::pair<std::uint64_t, Hash256>> out;
    for (const auto& [line, number] : detail::split_lines(text)) {
        if (line.empty()) continue;
        const auto comma = line.find(',');
        const auto account = detail::parse_u64(line.substr(0, comma));
        const auto nonce = comma == std::string_view::npos ? std::nullopt : detail::parse_hash(line.substr(comma + 1));
        if (!account || !nonce) {
            return fail(LiabilityError::malformed, file, number,
                        "expected 'account,account_nonce' (an integer, 64 hex digits)");
        }
        out.emplace_back(*account, *nonce);
    }
    if (out.empty()) return fail(LiabilityError::malformed, file, 1, "no 'account,account_nonce' line");
    return out;
}

}  // namespace porwatch::liabilities
