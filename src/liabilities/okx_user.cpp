// A user's own OKX files, recomputed: the v1 proof file (a leaf and its path to the root) and
// the v2 user file (the user hash and its leaves), checked against the full tree when given.
#include "porwatch/liabilities/okx.hpp"

#include "okx_node.hpp"
#include "text_lines.hpp"

namespace porwatch::liabilities {

using namespace okx_node;

namespace {

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
    if (!is_lower_hash(*hash))
        return fail(LiabilityError::malformed, file, value.line, "'hash' is not 64 lower-case hex digits");
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
Result<OkxProof> parse_okx_proof(std::string_view text, const std::string& file)
{
    auto json = detail::parse_json(text, file);
    if (!json) return Error{LiabilityError::malformed, json.error().message};
    const JsonValue* self = json->find("self");
    const JsonValue* path = json->find("path");
    if (!self || !path || !path->is_array()) {
        return fail(LiabilityError::malformed, file, json->line,
                    "expected an OKX v1 proof file: {\"self\":{…},\"path\":[…]}");
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
    if (self.height != 1)
        return fail(LiabilityError::malformed, file, self.line, "the self entry is not a leaf (height 1)");
    const std::string leaf = sha256_hex(*self.nonce + okx_balances_text(self.balances));
    if (leaf != self.hash) {
        return fail(LiabilityError::mismatch, file, self.line,
                    "self: your leaf does not recompute: sha256(nonce + balances) = " + leaf + ", the file says " +
                        self.hash);
    }
    OkxProofCheck check;
    check.self = self.balances;
    std::string hash = self.hash;
    OkxBalances balances = self.balances;
    unsigned height = 1;
    for (std::size_t i = 0; i < proof.path.size(); ++i) {
        const OkxPathEntry& e = proof.path[i];
        if (e.type == 3) {
            if (i + 1 != proof.path.size())
                return fail(LiabilityError::malformed, file, e.line,
                            e.where + ": the root (type 3) is not the last entry");
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
                        e.where + ": sibling at height " + std::to_string(e.height) + " where the path is at height " +
                            std::to_string(height));
        }
        if (i == 0 && e.nonce) {
            const std::string sibling = sha256_hex(*e.nonce + okx_balances_text(e.balances));
            if (sibling != e.hash) {
                return fail(LiabilityError::mismatch, file, e.line,
                            e.where + ": the sibling leaf does not recompute from its nonce: " + sibling);
            }
            check.sibling_leaf_checked = true;
        }
        if (e.type == 4 && (e.hash != hash || !is_zero(e.balances))) {
            return fail(
                LiabilityError::mismatch, file, e.line,
                e.where +
                    ": a padding entry (type 4) must be a zero-balance copy of the node the path reached at height " +
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
            return fail(LiabilityError::mismatch, file, node.line,
                        "this leaf does not recompute from the user hash: " + leaf);
        }
        std::size_t found = 0;
        if (tree) {
            for (const auto& candidate : tree->levels.front()) {
                if (!candidate.padding && candidate.hash == node.hash && candidate.balances == node.balances)
                    found = candidate.line;
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
