// OKX's Merkle-era full tree (v2), recomputed from the leaves up to the root (okx.hpp has the
// formulas; a user's own files are okx_user.cpp).
#include "porwatch/liabilities/okx.hpp"

#include "okx_node.hpp"
#include "text_lines.hpp"

namespace porwatch::liabilities {

using namespace okx_node;

Result<OkxTree> parse_okx_tree(std::string_view text, const std::string& file)
{
    std::vector<std::vector<OkxNode>> by_height;  // file order, grouped from the top height down
    unsigned top = 0;
    OkxTree tree;
    for (const auto& [line, number] : detail::split_lines(text)) {
        if (line.empty()) return fail(LiabilityError::malformed, file, number, "empty line");
        ++tree.lines;
        const auto first = line.find(',');
        const auto second = first == std::string_view::npos ? first : line.find(',', first + 1);
        if (second == std::string_view::npos) {
            return fail(LiabilityError::malformed, file, number, "expected 'hash,height,{balances}'");
        }
        OkxNode node;
        node.line = number;
        node.hash = std::string(line.substr(0, first));
        if (!is_lower_hash(node.hash))
            return fail(LiabilityError::malformed, file, number, "the hash is not 64 lower-case hex digits");
        const auto height = detail::parse_u64(line.substr(first + 1, second - first - 1));
        if (!height || *height < 1 || *height > 64) {
            return fail(LiabilityError::malformed, file, number, "the height is not an integer from 1 to 64");
        }
        node.height = static_cast<unsigned>(*height);
        auto json = detail::parse_json(line.substr(second + 1), file);
        if (!json)
            return fail(LiabilityError::malformed, file, number,
                        "balances are " + json.error().message.substr(json.error().message.find("not JSON")));
        auto balances = parse_balances(*json, file, number);
        if (!balances) return balances.error();
        node.balances = *balances;
        if (by_height.empty()) {
            top = node.height;
            by_height.emplace_back();
        } else if (node.height != by_height.back().back().height) {
            if (node.height + 1 != by_height.back().back().height) {
                return fail(LiabilityError::malformed, file, number,
                            "height " + std::to_string(node.height) + " follows height " +
                                std::to_string(by_height.back().back().height) +
                                " (the tree is listed from the root's height down to 1, one height after the other)");
            }
            by_height.emplace_back();
        }
        by_height.back().push_back(std::move(node));
    }
    if (by_height.empty()) return fail(LiabilityError::malformed, file, 1, "the tree has no node");
    if (by_height.back().back().height != 1) {
        return fail(LiabilityError::malformed, file, by_height.back().back().line,
                    "the tree ends above height 1 (no leaves)");
    }
    if (by_height.front().size() != 1) {
        return fail(LiabilityError::malformed, file, by_height.front()[1].line,
                    "the top height " + std::to_string(top) + " has more than one node (the root)");
    }
    // Heights bottom up, each left to right (the file lists each height right to left).
    for (auto it = by_height.rbegin(); it != by_height.rend(); ++it) {
        std::vector<OkxNode> level(it->rbegin(), it->rend());
        if (level.size() > 1 && level.size() % 2 == 1) {
            return fail(LiabilityError::malformed, file, it->front().line,
                        "height " + std::to_string(level.front().height) + " has " + std::to_string(level.size()) +
                            " nodes: an odd level is padded with a copy of its last node (a node is missing or extra)");
        }
        if (level.size() >= 2) {
            OkxNode& last = level.back();
            const OkxNode& before = level[level.size() - 2];
            if (last.hash == before.hash) {
                if (!is_zero(last.balances)) {
                    return fail(LiabilityError::mismatch, file, last.line,
                                "a padding copy of line " + std::to_string(before.line) + " must carry zero balances");
                }
                last.padding = true;
            }
        }
        tree.levels.push_back(std::move(level));
    }
    for (std::size_t h = 0; h + 1 < tree.levels.size(); ++h) {
        const auto& below = tree.levels[h];
        const auto& above = tree.levels[h + 1];
        // Every node above is a parent of two below, but for a padding copy at the end.
        const std::size_t parents = above.size() - (above.back().padding ? 1 : 0);
        if (parents * 2 != below.size()) {
            return fail(LiabilityError::malformed, file, above.front().line,
                        "height " + std::to_string(above.front().height) + " has " + std::to_string(parents) +
                            " parents for " + std::to_string(below.size()) +
                            " nodes below it (a node is missing or extra)");
        }
        for (std::size_t k = 0; k < parents; ++k) {
            const OkxNode& left = below[2 * k];
            const OkxNode& right = below[2 * k + 1];
            const OkxNode& parent = above[k];
            const std::string children = " (children on lines " + std::to_string(left.line) + " and " +
                                         std::to_string(right.line) + ", counted left to right)";
            const auto [sums, hash] = combine(left.hash, left.balances, right.hash, right.balances, parent.height);
            if (sums != parent.balances) {
                return fail(LiabilityError::mismatch, file, parent.line,
                            "balances " + describe(parent.balances) + " are not the rounded sums of its children's (" +
                                describe(sums) + ")" + children);
            }
            if (hash != parent.hash) {
                return fail(LiabilityError::mismatch, file, parent.line,
                            "hash " + parent.hash + " does not recompute: its children give " + hash + children);
            }
        }
    }
    return tree;
}

Liabilities okx_liabilities(const OkxTree& tree)
{
    const OkxNode& root = tree.levels.back().front();
    Liabilities out;
    out.format = Format::okx_merkle;
    out.root = root.hash;
    out.nodes = tree.lines;
    for (std::size_t i = 0; i < kOkxCoins.size(); ++i) {
        // The root's balances are rounded to 8 places: exact in 8-decimal units.
        out.assets.push_back(AssetLiability{std::string(kOkxCoins[i]), kOkxDecimals, root.balances[i] / kRoundUnit,
                                            std::nullopt, std::nullopt});
    }
    std::size_t parents = 0;
    for (std::size_t h = 1; h < tree.levels.size(); ++h) {
        for (const auto& node : tree.levels[h]) parents += node.padding ? 0 : 1;
    }
    std::size_t leaves = 0;
    for (const auto& node : tree.levels.front()) leaves += node.padding ? 0 : 1;
    out.checked = "all " + std::to_string(parents) + " parents of " + std::to_string(leaves) +
                  " leaves recompute (hash and rounded sums, heights 2 to " + std::to_string(root.height) +
                  ") up to root " + root.hash + "; the leaves' own hashes need each user's nonce";
    return out;
}

}  // namespace porwatch::liabilities
