// OKX's Merkle-era trees and proofs, recomputed (okx.hpp has the formulas).
#include "porwatch/liabilities/okx.hpp"

#include <algorithm>

#include "json_doc.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/util/hex.hpp"
#include "text_lines.hpp"

namespace porwatch::liabilities {
namespace {

using detail::at;
using detail::JsonValue;

Error fail(LiabilityError code, const std::string& file, std::size_t line, const std::string& what)
{
    return Error{code, at(file, line) + what};
}

const Units kRoundUnit = boost::multiprecision::pow(Units(10), kOkxScale - kOkxDecimals);

Units round_down_8(const Units& value) { return value - value % kRoundUnit; }

std::string sha256_hex(std::string_view text) { return to_hex(crypto::sha256(crypto::as_bytes(text))); }

bool is_lower_hash(std::string_view text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

bool is_zero(const OkxBalances& b)
{
    return std::all_of(b.begin(), b.end(), [](const Units& u) { return u == 0; });
}

std::string describe(const OkxBalances& b)
{
    std::string text;
    for (std::size_t i = 0; i < kOkxCoins.size(); ++i) {
        text += (i ? ", " : "") + std::string(kOkxCoins[i]) + " " + okx_amount_text(b[i]);
    }
    return text;
}

// A balances object: exactly the string members BTC, ETH, USDT, each a plain decimal with at
// most kOkxScale decimals. `line` names where it is.
Result<OkxBalances> parse_balances(const JsonValue& value, const std::string& file, std::size_t line)
{
    if (!value.is_object()) return fail(LiabilityError::malformed, file, line, "balances must be an object");
    OkxBalances out{};
    std::array<bool, 3> seen{};
    for (const auto& [coin, amount] : value.members) {
        const auto it = std::find(kOkxCoins.begin(), kOkxCoins.end(), coin);
        if (it == kOkxCoins.end()) {
            return fail(LiabilityError::malformed, file, line,
                        "unexpected coin '" + coin + "' (OKX's Merkle-era tree hashes exactly BTC, ETH and USDT)");
        }
        const auto i = static_cast<std::size_t>(it - kOkxCoins.begin());
        if (seen[i]) return fail(LiabilityError::malformed, file, line, "coin " + coin + " given twice");
        seen[i] = true;
        if (!amount.is_string()) return fail(LiabilityError::malformed, file, line, coin + " must be a decimal string");
        auto parsed = parse_published_decimal(amount.text, kOkxScale);
        if (!parsed) {
            return fail(LiabilityError::malformed, file, line, coin + " '" + amount.text + "': " + parsed.error().message);
        }
        out[i] = *parsed;
    }
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (!seen[i]) return fail(LiabilityError::malformed, file, line, "balances lack " + std::string(kOkxCoins[i]));
    }
    return out;
}

// Returns the rounded sums and the parent hash of (left, right) at `parent_height`.
std::pair<OkxBalances, std::string> combine(const std::string& left_hash, const OkxBalances& left,
                                            const std::string& right_hash, const OkxBalances& right,
                                            unsigned parent_height)
{
    OkxBalances sums{};
    std::string text = left_hash + right_hash;
    for (std::size_t i = 0; i < sums.size(); ++i) {
        sums[i] = round_down_8(left[i] + right[i]);
        text += okx_amount_text(sums[i]);
    }
    text += std::to_string(parent_height);
    return {sums, sha256_hex(text)};
}

Result<std::string> string_member(const JsonValue& object, std::string_view key, const std::string& file)
{
    const JsonValue* v = object.find(key);
    if (!v || !v->is_string()) {
        return fail(LiabilityError::malformed, file, object.line, "'" + std::string(key) + "' must be a string");
    }
    return v->text;
}

Result<unsigned> small_member(const JsonValue& object, std::string_view key, const std::string& file)
{
    const JsonValue* v = object.find(key);
    const auto parsed = v && v->is_number() ? detail::parse_u64(v->text) : std::nullopt;
    if (!parsed || *parsed > 1000) {
        return fail(LiabilityError::malformed, file, v ? v->line : object.line,
                    "'" + std::string(key) + "' must be a small non-negative integer");
    }
    return static_cast<unsigned>(*parsed);
}

Result<OkxPathEntry> parse_entry(const JsonValue& value, const std::string& file)
{
    if (!value.is_object()) return fail(LiabilityError::malformed, file, value.line, "a path entry must be an object");
    OkxPathEntry entry;
    entry.line = value.line;
    auto hash = string_member(value, "hash", file);
    if (!hash) return hash.error();
    if (!is_lower_hash(*hash)) return fail(LiabilityError::malformed, file, value.line, "'hash' is not 64 lower-case hex digits");
    entry.hash = *hash;
    auto type = small_member(value, "type", file);
    if (!type) return type.error();
    if (*type < 1 || *type > 4) return fail(LiabilityError::malformed, file, value.line, "'type' must be 1, 2, 3 or 4");
    entry.type = static_cast<int>(*type);
    auto height = small_member(value, "height", file);
    if (!height) return height.error();
    entry.height = *height;
    const JsonValue* balances = value.find("balances");
    if (!balances) return fail(LiabilityError::malformed, file, value.line, "missing 'balances'");
    auto parsed = parse_balances(*balances, file, balances->line);
    if (!parsed) return parsed.error();
    entry.balances = *parsed;
    if (const JsonValue* nonce = value.find("nonce")) {
        if (!nonce->is_string()) return fail(LiabilityError::malformed, file, nonce->line, "'nonce' must be a string");
        entry.nonce = nonce->text;
    }
    return entry;
}

}  // namespace

std::string okx_amount_text(const Units& amount)
{
    std::string text = format_decimal(amount, kOkxScale);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

std::string okx_balances_text(const OkxBalances& balances)
{
    std::string text = "{";
    for (std::size_t i = 0; i < kOkxCoins.size(); ++i) {
        text += (i ? ",\"" : "\"") + std::string(kOkxCoins[i]) + "\":\"" + okx_amount_text(balances[i]) + "\"";
    }
    return text + "}";
}

Result<OkxTree> parse_okx_tree(std::string_view text, const std::string& file)
{
    std::vector<std::vector<OkxNode>> by_height;   // file order, grouped from the top height down
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
        if (!is_lower_hash(node.hash)) return fail(LiabilityError::malformed, file, number, "the hash is not 64 lower-case hex digits");
        const auto height = detail::parse_u64(line.substr(first + 1, second - first - 1));
        if (!height || *height < 1 || *height > 64) {
            return fail(LiabilityError::malformed, file, number, "the height is not an integer from 1 to 64");
        }
        node.height = static_cast<unsigned>(*height);
        auto json = detail::parse_json(line.substr(second + 1), file);
        if (!json) return fail(LiabilityError::malformed, file, number, "balances are " + json.error().message.substr(json.error().message.find("not JSON")));
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
        return fail(LiabilityError::malformed, file, by_height.back().back().line, "the tree ends above height 1 (no leaves)");
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
                            " parents for " + std::to_string(below.size()) + " nodes below it (a node is missing or extra)");
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

Result<OkxProof> parse_okx_proof(std::string_view text, const std::string& file)
{
    auto json = detail::parse_json(text, file);
    if (!json) return Error{LiabilityError::malformed, json.error().message};
    const JsonValue* self = json->find("self");
    const JsonValue* path = json->find("path");
    if (!self || !path || !path->is_array()) {
        return fail(LiabilityError::malformed, file, json->line, "expected an OKX v1 proof file: {\"self\":{…},\"path\":[…]}");
    }
    OkxProof proof;
    auto parsed_self = parse_entry(*self, file);
    if (!parsed_self) return parsed_self.error();
    proof.self = *parsed_self;
    proof.self.where = "self";
    if (const JsonValue* audit = self->find("auditId"); audit && audit->is_string()) proof.audit_id = audit->text;
    for (const auto& item : path->items) {
        auto entry = parse_entry(item, file);
        if (!entry) return entry.error();
        entry->where = "path[" + std::to_string(proof.path.size()) + "]";
        proof.path.push_back(std::move(*entry));
    }
    return proof;
}

Result<OkxProofCheck> verify_okx_proof(const OkxProof& proof, const std::string& file)
{
    const OkxPathEntry& self = proof.self;
    if (!self.nonce) return fail(LiabilityError::malformed, file, self.line, "the self entry has no nonce");
    if (self.height != 1) return fail(LiabilityError::malformed, file, self.line, "the self entry is not a leaf (height 1)");
    const std::string leaf = sha256_hex(*self.nonce + okx_balances_text(self.balances));
    if (leaf != self.hash) {
        return fail(LiabilityError::mismatch, file, self.line,
                    "self: your leaf does not recompute: sha256(nonce + balances) = " + leaf + ", the file says " + self.hash);
    }
    OkxProofCheck check;
    check.self = self.balances;
    std::string hash = self.hash;
    OkxBalances balances = self.balances;
    unsigned height = 1;
    for (std::size_t i = 0; i < proof.path.size(); ++i) {
        const OkxPathEntry& e = proof.path[i];
        if (e.type == 3) {
            if (i + 1 != proof.path.size()) return fail(LiabilityError::malformed, file, e.line, e.where + ": the root (type 3) is not the last entry");
            if (e.height != height || e.hash != hash || e.balances != balances) {
                return fail(LiabilityError::mismatch, file, e.line,
                            e.where + ": the path reaches " + hash + " at height " + std::to_string(height) + " with " +
                                describe(balances) + ", not this root");
            }
            check.root = e.hash;
            check.root_height = e.height;
            check.root_balances = e.balances;
            return check;
        }
        if (e.height != height) {
            return fail(LiabilityError::mismatch, file, e.line,
                        e.where + ": sibling at height " + std::to_string(e.height) + " where the path is at height " + std::to_string(height));
        }
        if (i == 0 && e.nonce) {
            const std::string sibling = sha256_hex(*e.nonce + okx_balances_text(e.balances));
            if (sibling != e.hash) {
                return fail(LiabilityError::mismatch, file, e.line, e.where + ": the sibling leaf does not recompute from its nonce: " + sibling);
            }
            check.sibling_leaf_checked = true;
        }
        if (e.type == 4 && (e.hash != hash || !is_zero(e.balances))) {
            return fail(LiabilityError::mismatch, file, e.line, e.where + ": a padding entry (type 4) must be a zero-balance copy of the node the path reached at height " +
                                                                std::to_string(height) + " (" + hash + "): the path below does not lead here");
        }
        const bool sibling_left = e.type == 1;
        auto [sums, parent] = sibling_left ? combine(e.hash, e.balances, hash, balances, height + 1)
                                           : combine(hash, balances, e.hash, e.balances, height + 1);
        hash = std::move(parent);
        balances = sums;
        ++height;
    }
    const std::size_t last = proof.path.empty() ? proof.self.line : proof.path.back().line;
    return fail(LiabilityError::malformed, file, last, "the path has no root entry (type 3)");
}

Result<OkxUserInfo> parse_okx_user_info(std::string_view text, const std::string& file)
{
    auto json = detail::parse_json(text, file);
    if (!json) return Error{LiabilityError::malformed, json.error().message};
    OkxUserInfo user;
    auto hash = string_member(*json, "hash", file);
    auto nonce = string_member(*json, "nonce", file);
    const JsonValue* total = json->find("totalBalances");
    const JsonValue* nodes = json->find("nodes");
    if (!hash || !nonce || !total || !nodes || !nodes->is_array()) {
        return fail(LiabilityError::malformed, file, json->line,
                    "expected an OKX v2 user file: {\"hash\",\"nodes\":[…],\"nonce\",\"totalBalances\"}");
    }
    user.hash = *hash;
    user.nonce = *nonce;
    auto balances = parse_balances(*total, file, total->line);
    if (!balances) return balances.error();
    user.total = *balances;
    for (const auto& item : nodes->items) {
        OkxNode node;
        node.line = item.line;
        node.height = 1;
        auto node_hash = string_member(item, "hash", file);
        if (!node_hash) return node_hash.error();
        node.hash = *node_hash;
        const JsonValue* b = item.find("balances");
        if (!b) return fail(LiabilityError::malformed, file, item.line, "missing 'balances'");
        auto parsed = parse_balances(*b, file, b->line);
        if (!parsed) return parsed.error();
        node.balances = *parsed;
        user.nodes.push_back(std::move(node));
    }
    return user;
}

Result<OkxUserCheck> verify_okx_user(const OkxUserInfo& user, const OkxTree* tree, const std::string& file)
{
    const std::string user_hash = sha256_hex(user.nonce + okx_balances_text(user.total));
    if (user_hash != user.hash) {
        return fail(LiabilityError::mismatch, file, 1,
                    "the user hash does not recompute: sha256(nonce + totalBalances) = " + user_hash);
    }
    OkxBalances sum{};
    OkxUserCheck check;
    check.all_in_tree = tree != nullptr;
    for (const auto& node : user.nodes) {
        std::string text = user_hash;
        for (std::size_t i = 0; i < sum.size(); ++i) {
            text += okx_amount_text(node.balances[i]);
            sum[i] += node.balances[i];
        }
        const std::string leaf = sha256_hex(text);
        if (leaf != node.hash) {
            return fail(LiabilityError::mismatch, file, node.line, "this leaf does not recompute from the user hash: " + leaf);
        }
        std::size_t found = 0;
        if (tree) {
            for (const auto& candidate : tree->levels.front()) {
                if (!candidate.padding && candidate.hash == node.hash && candidate.balances == node.balances) found = candidate.line;
            }
        }
        check.tree_lines.push_back(found);
        check.all_in_tree = check.all_in_tree && found != 0;
    }
    if (sum != user.total) {
        return fail(LiabilityError::mismatch, file, 1,
                    "the leaves add up to " + describe(sum) + ", not totalBalances " + describe(user.total));
    }
    return check;
}

}  // namespace porwatch::liabilities
