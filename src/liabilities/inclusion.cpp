// check_inclusion: a user's own inclusion, offline (inclusion.hpp).
#include "porwatch/liabilities/inclusion.hpp"

#include <algorithm>

#include "json_doc.hpp"
#include "porwatch/liabilities/bitmex.hpp"
#include "porwatch/liabilities/cex.hpp"
#include "porwatch/liabilities/okx.hpp"
#include "porwatch/util/hex.hpp"
#include "text_lines.hpp"

namespace porwatch::liabilities {
namespace {

// USDT × 10^16: the unit of a Binance/Gate user's totals.
constexpr unsigned kUsdtScale = 16;

std::optional<InclusionKind> kind_of(const std::string& text)
{
    if (looks_like_bitmex_tree(text)) return InclusionKind::bitmex_tree;
    const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first != std::string::npos && text[first] == '{') {
        auto json = detail::parse_json(text, "");
        if (!json) return std::nullopt;
        if (json->find("self") && json->find("path")) return InclusionKind::okx_proof;
        if (json->find("nodes") && json->find("nonce") && json->find("totalBalances")) return InclusionKind::okx_user;
        if (json->find("CexAssetsInfo")) return InclusionKind::cex_assets;
        if (json->find("AssetDetails") || (json->find("Assets") && json->find("AccountIdHash")))
            return InclusionKind::cex_user;
        return std::nullopt;
    }
    const auto lines = detail::split_lines(text);
    if (lines.empty()) return std::nullopt;
    const std::string_view head = lines.front().text;
    const std::string lower = csv::lower(head);
    if (lower.rfind("symbol,usdt_price", 0) == 0 || lower.rfind("\"token\",\"asset_usdt_price\"", 0) == 0 ||
        lower.rfind("token,asset_usdt_price", 0) == 0) {
        return InclusionKind::price_csv;
    }
    if (lower.rfind("symbol,", 0) == 0 && lower.find("totalequity") != std::string::npos)
        return InclusionKind::cex_assets;
    const auto comma = head.find(',');
    if (comma != std::string_view::npos && detail::parse_hash(head.substr(0, comma)) &&
        head.find(",{", comma) != std::string_view::npos) {
        return InclusionKind::okx_tree;
    }
    if (comma != std::string_view::npos && detail::parse_u64(head.substr(0, comma)) &&
        detail::parse_hash(head.substr(comma + 1))) {
        return InclusionKind::bitmex_nonces;
    }
    return std::nullopt;
}

std::string coins(const OkxBalances& b)
{
    std::string text;
    for (std::size_t i = 0; i < kOkxCoins.size(); ++i) {
        text += (i ? ", " : "") + std::string(kOkxCoins[i]) + " " + okx_amount_text(b[i]);
    }
    return text;
}

const InclusionFile* first_of(const std::vector<InclusionFile>& files, const InclusionReport& report,
                              InclusionKind kind)
{
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (report.files[i].second == kind) return &files[i];
    }
    return nullptr;
}

const char* kOkxRoot = "that this root is the one OKX published for this audit: compare it with the root on OKX's site";
const char* kOkxNegative =
    "that no other leaf is negative or that every user is in the tree: the Merkle-era files carry no such proof";

void check_okx_proof(const InclusionFile& f, InclusionReport& r)
{
    auto proof = parse_okx_proof(f.text, f.name);
    auto check = proof ? verify_okx_proof(*proof, f.name) : Result<OkxProofCheck>(proof.error());
    if (!check) {
        r.failed.push_back(check.error().message);
        return;
    }
    r.proven.push_back(f.name + ": your leaf recomputes from your nonce (auditId " + proof->audit_id +
                       "): " + coins(check->self));
    if (check->sibling_leaf_checked)
        r.proven.push_back(f.name + ": the neighbouring leaf recomputes from its own nonce too");
    r.proven.push_back(f.name + ": the path of " + std::to_string(proof->path.size() - 1) +
                       " siblings recomputes to root " + check->root + " at height " +
                       std::to_string(check->root_height) +
                       ", every parent the sum of its children rounded down to 8 places");
    r.proven.push_back(f.name + ": the root's totals (OKX's liabilities): " + coins(check->root_balances));
    r.not_proven.push_back(f.name + ": " + kOkxRoot);
    r.not_proven.push_back(f.name + ": " + kOkxNegative);
}

void check_okx_user(const InclusionFile& f, const InclusionFile* tree_file, InclusionReport& r)
{
    auto user = parse_okx_user_info(f.text, f.name);
    if (!user) {
        r.failed.push_back(user.error().message);
        return;
    }
    std::optional<OkxTree> tree;
    if (tree_file) {
        auto parsed = parse_okx_tree(tree_file->text, tree_file->name);
        if (!parsed) {
            r.failed.push_back(parsed.error().message);
            return;
        }
        tree = std::move(*parsed);
    }
    auto check = verify_okx_user(*user, tree ? &*tree : nullptr, f.name);
    if (!check) {
        r.failed.push_back(check.error().message);
        return;
    }
    r.proven.push_back(f.name + ": your user hash recomputes from your nonce and totals " + coins(user->total));
    r.proven.push_back(f.name + ": your " + std::to_string(user->nodes.size()) +
                       (user->nodes.size() == 1 ? " leaf recomputes" : " leaves recompute") +
                       " from your user hash and " + (user->nodes.size() == 1 ? "holds" : "add up to") +
                       " your totals");
    if (!tree) {
        r.not_proven.push_back(
            f.name + ": that your leaves are in the published tree: give OKX's full liabilities tree file too");
        return;
    }
    const Liabilities l = okx_liabilities(*tree);
    r.proven.push_back(tree_file->name + ": " + l.checked);
    if (!check->all_in_tree) {
        for (std::size_t i = 0; i < check->tree_lines.size(); ++i) {
            if (check->tree_lines[i] == 0) {
                r.failed.push_back(f.name + ":" + std::to_string(user->nodes[i].line) + ": your leaf " +
                                   user->nodes[i].hash + " is not among the leaves of " + tree_file->name);
            }
        }
        return;
    }
    std::string lines;
    for (const auto n : check->tree_lines) lines += (lines.empty() ? "" : ", ") + std::to_string(n);
    r.proven.push_back(f.name + ": your leaves are leaves of " + tree_file->name + " (line" +
                       (check->tree_lines.size() == 1 ? " " : "s ") + lines + "), under root " + l.root);
    r.not_proven.push_back(tree_file->name + ": " + kOkxRoot);
    r.not_proven.push_back(tree_file->name + ": " + kOkxNegative);
}

void check_bitmex(const InclusionFile& f, const InclusionFile* nonces_file, const InclusionOptions& options,
                  InclusionReport& r)
{
    auto tree = parse_bitmex_tree(f.text, f.name);
    if (!tree) {
        r.failed.push_back(tree.error().message);
        return;
    }
    const Liabilities l = bitmex_liabilities(*tree, "BTC");
    r.proven.push_back(f.name + ": " + l.checked + "; total liabilities " + porwatch::to_string(l.assets[0].net) +
                       " sat at block height " + std::to_string(tree->block_height));
    r.proven.push_back(f.name + ": no leaf is negative (values are unsigned 64-bit integers)");
    std::vector<std::pair<std::uint64_t, Hash256>> accounts;
    if (nonces_file) {
        auto parsed = parse_bitmex_nonces(nonces_file->text, nonces_file->name);
        if (!parsed) {
            r.failed.push_back(parsed.error().message);
            return;
        }
        accounts = std::move(*parsed);
    }
    if (options.account && options.nonce) accounts.emplace_back(*options.account, *options.nonce);
    if (accounts.empty()) {
        r.not_proven.push_back(
            f.name + ": your own leaves: give your account id and account nonce (--account, --nonce) or a nonces file");
    }
    for (const auto& [account, nonce] : accounts) {
        const AccountLeaves found = find_account_leaves(*tree, account, nonce);
        if (found.leaf_indices.empty()) {
            r.proven.push_back(f.name + ": account " + std::to_string(account) + " (sub-nonce " +
                               to_hex(found.sub_nonce) + "): no leaf of this tree is yours: it holds 0 sat for you");
            continue;
        }
        std::string leaves;
        for (std::size_t i = 0; i < found.leaf_indices.size(); ++i) {
            leaves += (i ? ", " : "") + std::to_string(found.leaf_indices[i]) + " (line " +
                      std::to_string(found.lines[i]) + ")";
        }
        r.proven.push_back(f.name + ": account " + std::to_string(account) + ": leaves " + leaves +
                           " are yours: " + porwatch::to_string(found.total) + " sat in total");
    }
    r.not_proven.push_back(f.name + ": that this root is the one BitMEX published for block " +
                           std::to_string(tree->block_height) + ": compare it with BitMEX's published tree");
}

Result<PriceTable> price_table(const std::vector<InclusionFile>& files, const InclusionReport& report,
                               const InclusionOptions& options)
{
    if (const InclusionFile* f = first_of(files, report, InclusionKind::cex_assets)) {
        auto assets = parse_cex_assets(f->text, f->name, options.two_digit_assets);
        if (!assets) return assets.error();
        return prices_of(*assets, f->name);
    }
    if (const InclusionFile* f = first_of(files, report, InclusionKind::price_csv)) {
        return parse_price_csv(f->text, f->name, options.two_digit_assets);
    }
    return Error{"a Binance or Gate user config needs the price table too: the exchange's CexAssetsInfo config or "
                 "cex_assets_info.csv"};
}

void check_cex_user(const InclusionFile& f, const PriceTable& prices, InclusionReport& r)
{
    auto user = parse_cex_user(f.text, f.name);
    auto check = user ? recompute_cex_user(*user, prices, f.name) : Result<CexUserCheck>(user.error());
    if (!check) {
        r.failed.push_back(check.error().message);
        return;
    }
    for (const auto& a : user->assets) {
        const PriceRow* p = prices.find(a.index);
        r.proven.push_back(f.name + ": " + p->symbol + ": equity " + format_decimal(a.equity, p->decimals) + ", debt " +
                           format_decimal(a.debt, p->decimals) + " at " +
                           format_decimal(p->price, kUsdtScale - p->decimals) + " USDT (" + prices.file + ")");
    }
    r.proven.push_back(f.name + ": your total equity " + format_decimal(check->equity, kUsdtScale) + " USDT and debt " +
                       format_decimal(check->debt, kUsdtScale) + " USDT recompute from your assets and the prices" +
                       (check->totals_stated ? ", as the file states" : " (this layout states no totals)"));
    r.not_proven.push_back(
        f.name + ": that your leaf is in the tree with root " + user->root + " (" + std::to_string(user->proof_length) +
        " Poseidon-BN254 siblings): no C or C++ Poseidon implementation; run the exchange's verifier (-user)");
    r.not_proven.push_back(f.name + ": the prices (BasePrice) and the exchange's totals: they are the exchange's word "
                                    "unless its zk proofs are verified");
}

}  // namespace

std::string_view to_string(InclusionKind kind)
{
    switch (kind) {
    case InclusionKind::okx_proof: return "OKX v1 proof file";
    case InclusionKind::okx_user: return "OKX v2 user file";
    case InclusionKind::okx_tree: return "OKX v2 full liabilities tree";
    case InclusionKind::bitmex_tree: return "BitMEX liabilities tree";
    case InclusionKind::bitmex_nonces: return "BitMEX account nonces";
    case InclusionKind::cex_user: return "Binance/Gate user config";
    case InclusionKind::cex_assets: return "CexAssetsInfo (prices and totals)";
    case InclusionKind::price_csv: return "Binance price table";
    }
    return "unknown";
}

Result<InclusionReport> check_inclusion(const std::vector<InclusionFile>& files, const InclusionOptions& options)
{
    InclusionReport r;
    for (const auto& f : files) {
        const auto kind = kind_of(f.text);
        if (!kind) {
            return Error{f.name + ": not a file porwatch can check (an OKX proof, user file or tree; a BitMEX tree or "
                                  "nonces; a Binance or Gate user config or price table)"};
        }
        r.files.emplace_back(f.name, *kind);
    }
    const auto count = [&](InclusionKind k) {
        return std::count_if(r.files.begin(), r.files.end(), [&](const auto& f) { return f.second == k; });
    };
    const bool user_side = count(InclusionKind::okx_proof) + count(InclusionKind::okx_user) +
                               count(InclusionKind::bitmex_tree) + count(InclusionKind::cex_user) >
                           0;
    if (!user_side) {
        return Error{"nothing of a user's own to check: give an OKX proof or user file, a BitMEX tree, or a "
                     "Binance/Gate user config"};
    }
    if (count(InclusionKind::bitmex_nonces) > 0 && count(InclusionKind::bitmex_tree) == 0) {
        return Error{"a BitMEX nonces file needs the BitMEX tree too"};
    }
    if ((options.account.has_value() || options.nonce.has_value()) &&
        (!options.account || !options.nonce || count(InclusionKind::bitmex_tree) == 0)) {
        return Error{"--account and --nonce go together, with a BitMEX tree"};
    }
    std::optional<PriceTable> prices;
    if (count(InclusionKind::cex_user) > 0) {
        auto table = price_table(files, r, options);
        if (!table) {
            // A price table that does not parse is a failure; a missing one is a usage error.
            if (table.error().typed())
                r.failed.push_back(table.error().message);
            else
                return table.error();
        } else {
            prices = std::move(*table);
        }
    }
    const InclusionFile* okx_tree = first_of(files, r, InclusionKind::okx_tree);
    const InclusionFile* nonces = first_of(files, r, InclusionKind::bitmex_nonces);
    for (std::size_t i = 0; i < files.size(); ++i) {
        switch (r.files[i].second) {
        case InclusionKind::okx_proof: check_okx_proof(files[i], r); break;
        case InclusionKind::okx_user: check_okx_user(files[i], okx_tree, r); break;
        case InclusionKind::bitmex_tree: check_bitmex(files[i], nonces, options, r); break;
        case InclusionKind::cex_user:
            if (prices) check_cex_user(files[i], *prices, r);
            break;
        default: break;  // companions: read with the file they serve
        }
    }
    if (okx_tree && count(InclusionKind::okx_user) == 0) {
        auto tree = parse_okx_tree(okx_tree->text, okx_tree->name);
        if (tree)
            r.proven.push_back(okx_tree->name + ": " + okx_liabilities(*tree).checked);
        else
            r.failed.push_back(tree.error().message);
    }
    return r;
}

}  // namespace porwatch::liabilities
