// CexAssetsInfo tables, price tables and a user's config (cex.hpp has the scales).
#include "porwatch/liabilities/cex.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "json_doc.hpp"
#include "text_lines.hpp"

namespace porwatch::liabilities {
namespace {

using detail::at;
using detail::JsonValue;

const Units kU64Max = Units(UINT64_MAX);

Error fail(LiabilityError code, const std::string& file, std::size_t line, const std::string& what)
{
    return Error{code, at(file, line) + what};
}

bool looks_like_json(std::string_view text)
{
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
}

// A non-negative integer of at most 2^64 − 1 (Go's uint64), from a JSON number or CSV text.
Result<Units> scaled_integer(std::string_view text, std::string_view what, const std::string& file, std::size_t line)
{
    auto value = parse_units(text);
    if (!value) {
        return fail(LiabilityError::malformed, file, line,
                    std::string(what) + " '" + std::string(text) + "' is not a non-negative integer");
    }
    if (*value > kU64Max) return fail(LiabilityError::overflow, file, line, std::string(what) + " is past 2^64 − 1");
    return *value;
}

// Header names compared in lower case without '_': "TotalEquity" = "total_equity".
std::string column_key(std::string_view name)
{
    std::string out;
    for (const char c : csv::lower(csv::trim(name))) {
        if (c != '_') out += c;
    }
    return out;
}

Result<std::vector<CexAsset>> from_json(std::string_view text, const std::string& file,
                                        const std::set<std::string>& two_digit)
{
    auto json = detail::parse_json(text, file);
    if (!json) return Error{LiabilityError::malformed, json.error().message};
    const JsonValue* list = json->find("CexAssetsInfo");
    if (!list || !list->is_array()) {
        return fail(LiabilityError::malformed, file, json->line,
                    "expected {\"CexAssetsInfo\":[…]} (Binance's or Gate's verifier config)");
    }
    std::vector<CexAsset> out;
    for (const auto& item : list->items) {
        if (!item.is_object())
            return fail(LiabilityError::malformed, file, item.line, "a CexAssetsInfo entry must be an object");
        CexAsset asset;
        asset.line = item.line;
        const JsonValue* symbol = item.find("Symbol");
        if (!symbol || !symbol->is_string() || symbol->text.empty()) {
            return fail(LiabilityError::malformed, file, item.line, "'Symbol' must be a non-empty string");
        }
        asset.symbol = detail::upper(symbol->text);
        for (const auto& [key, slot] : {std::pair{"TotalEquity", &asset.equity}, std::pair{"TotalDebt", &asset.debt}}) {
            const JsonValue* v = item.find(key);
            if (!v || !v->is_number())
                return fail(LiabilityError::malformed, file, item.line, std::string("'") + key + "' must be a number");
            auto parsed = scaled_integer(v->text, key, file, v->line);
            if (!parsed) return parsed.error();
            *slot = *parsed;
        }
        if (const JsonValue* price = item.find("BasePrice")) {
            auto parsed =
                price->is_number()
                    ? scaled_integer(price->text, "BasePrice", file, price->line)
                    : Result<Units>(fail(LiabilityError::malformed, file, price->line, "'BasePrice' must be a number"));
            if (!parsed) return parsed.error();
            asset.base_price = *parsed;
        }
        if (const JsonValue* index = item.find("Index")) {
            const auto parsed = index->is_number() ? detail::parse_u64(index->text) : std::nullopt;
            if (!parsed || *parsed > UINT32_MAX)
                return fail(LiabilityError::malformed, file, index->line, "'Index' must be a small integer");
            asset.index = static_cast<std::uint32_t>(*parsed);
        }
        asset.decimals = two_digit.count(asset.symbol) ? 2 : 8;
        out.push_back(std::move(asset));
    }
    return out;
}

Result<std::vector<CexAsset>> from_csv(std::string_view text, const std::string& file,
                                       const std::set<std::string>& two_digit)
{
    auto records = csv::read_csv(text, file);
    if (!records) return Error{LiabilityError::malformed, records.error().message};
    if (records->empty()) return fail(LiabilityError::malformed, file, 1, "empty file");
    std::map<std::string, std::size_t> columns;
    const auto& header = records->front();
    for (std::size_t i = 0; i < header.fields.size(); ++i) columns[column_key(header.fields[i])] = i;
    for (const char* required : {"symbol", "totalequity", "totaldebt"}) {
        if (!columns.count(required)) {
            return fail(LiabilityError::malformed, file, header.line,
                        "a CexAssetsInfo CSV needs the columns Symbol, TotalEquity and TotalDebt (BasePrice and Index "
                        "optional)");
        }
    }
    std::vector<CexAsset> out;
    for (std::size_t r = 1; r < records->size(); ++r) {
        const auto& record = (*records)[r];
        if (record.blank()) continue;
        if (record.fields.size() != header.fields.size()) {
            return fail(LiabilityError::malformed, file, record.line,
                        std::to_string(record.fields.size()) + " fields where the header has " +
                            std::to_string(header.fields.size()));
        }
        const auto field = [&](const char* name) -> const std::string& { return record.fields[columns.at(name)]; };
        CexAsset asset;
        asset.line = record.line;
        asset.symbol = detail::upper(field("symbol"));
        if (asset.symbol.empty()) return fail(LiabilityError::malformed, file, record.line, "empty Symbol");
        auto equity = scaled_integer(field("totalequity"), "TotalEquity", file, record.line);
        if (!equity) return equity.error();
        auto debt = scaled_integer(field("totaldebt"), "TotalDebt", file, record.line);
        if (!debt) return debt.error();
        asset.equity = *equity;
        asset.debt = *debt;
        if (columns.count("baseprice")) {
            auto price = scaled_integer(field("baseprice"), "BasePrice", file, record.line);
            if (!price) return price.error();
            asset.base_price = *price;
        }
        if (columns.count("index")) {
            const auto index = detail::parse_u64(field("index"));
            if (!index || *index > UINT32_MAX)
                return fail(LiabilityError::malformed, file, record.line, "Index must be a small integer");
            asset.index = static_cast<std::uint32_t>(*index);
        }
        asset.decimals = two_digit.count(asset.symbol) ? 2 : 8;
        out.push_back(std::move(asset));
    }
    return out;
}

// Units × 10^decimals of a decimal price text, truncated (Go: decimal × multiplier, BigInt()).
Result<Units> scale_price(std::string_view text, unsigned digits, const std::string& file, std::size_t line)
{
    constexpr unsigned kParseDigits = 40;
    auto parsed = parse_published_decimal(text, kParseDigits);
    if (!parsed)
        return fail(LiabilityError::malformed, file, line,
                    "price '" + std::string(text) + "': " + parsed.error().message);
    const Units divisor = boost::multiprecision::pow(Units(10), kParseDigits - digits);
    return *parsed / divisor;
}

}  // namespace

const PriceRow* PriceTable::find(std::uint32_t index) const
{
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const PriceRow& r) { return r.index == index; });
    return it == rows.end() ? nullptr : &*it;
}

Result<std::vector<CexAsset>> parse_cex_assets(std::string_view text, const std::string& file,
                                               const std::set<std::string>& two_digit_assets)
{
    auto parsed =
        looks_like_json(text) ? from_json(text, file, two_digit_assets) : from_csv(text, file, two_digit_assets);
    if (!parsed) return parsed;
    std::map<std::string, std::size_t> symbols;
    std::map<std::uint32_t, std::size_t> indices;
    for (const auto& asset : *parsed) {
        if (const auto [it, fresh] = symbols.emplace(asset.symbol, asset.line); !fresh) {
            return fail(LiabilityError::malformed, file, asset.line,
                        asset.symbol + " is given twice (first on line " + std::to_string(it->second) + ")");
        }
        if (asset.index) {
            if (const auto [it, fresh] = indices.emplace(*asset.index, asset.line); !fresh) {
                return fail(LiabilityError::malformed, file, asset.line,
                            "Index " + std::to_string(*asset.index) + " is given twice (first on line " +
                                std::to_string(it->second) + ")");
            }
        }
        if (asset.equity < asset.debt) {
            return fail(LiabilityError::negative, file, asset.line,
                        asset.symbol + ": TotalEquity " + porwatch::to_string(asset.equity) + " is below TotalDebt " +
                            porwatch::to_string(asset.debt) + " (users would owe the exchange: the table is invalid)");
        }
    }
    if (parsed->empty()) return fail(LiabilityError::malformed, file, 1, "no asset");
    return parsed;
}

Liabilities cex_liabilities(const std::vector<CexAsset>& assets)
{
    Liabilities out;
    out.format = Format::cex_assets;
    out.nodes = assets.size();
    for (const auto& a : assets) {
        out.assets.push_back(AssetLiability{a.symbol, a.decimals, a.equity - a.debt, a.equity, a.debt});
    }
    std::sort(out.assets.begin(), out.assets.end(),
              [](const AssetLiability& x, const AssetLiability& y) { return x.asset < y.asset; });
    out.checked =
        "every one of " + std::to_string(assets.size()) +
        " assets has TotalEquity ≥ TotalDebt; the totals themselves are the exchange's (zk proofs not run here)";
    return out;
}

Result<PriceTable> prices_of(const std::vector<CexAsset>& assets, const std::string& file)
{
    PriceTable table;
    table.file = file;
    for (std::size_t i = 0; i < assets.size(); ++i) {
        const CexAsset& a = assets[i];
        if (!a.base_price) return fail(LiabilityError::malformed, file, a.line, a.symbol + " has no BasePrice");
        table.rows.push_back(
            PriceRow{a.symbol, a.index.value_or(static_cast<std::uint32_t>(i)), *a.base_price, a.decimals, a.line});
    }
    return table;
}

Result<PriceTable> parse_price_csv(std::string_view text, const std::string& file,
                                   const std::set<std::string>& two_digit_assets)
{
    auto records = csv::read_csv(text, file);
    if (!records) return Error{LiabilityError::malformed, records.error().message};
    if (records->size() < 2) return fail(LiabilityError::malformed, file, 1, "no price row");
    const auto& header = records->front().fields;
    const bool binance = header.size() >= 2 &&
                         (column_key(header[0]) == "symbol" || column_key(header[0]) == "token") &&
                         (column_key(header[1]) == "usdtprice" || column_key(header[1]) == "assetusdtprice");
    if (!binance) {
        return fail(LiabilityError::malformed, file, 1,
                    "expected a price table 'symbol,usdt_price,…' or 'token,asset_usdt_price,…'");
    }
    PriceTable table;
    table.file = file;
    for (std::size_t r = 1; r < records->size(); ++r) {
        const auto& record = (*records)[r];
        if (record.blank()) continue;
        if (record.fields.size() < 2)
            return fail(LiabilityError::malformed, file, record.line, "expected symbol,price,…");
        PriceRow row;
        row.symbol = detail::upper(record.fields[0]);
        row.index = static_cast<std::uint32_t>(table.rows.size());
        row.decimals = two_digit_assets.count(row.symbol) ? 2 : 8;
        row.line = record.line;
        auto price = scale_price(record.fields[1], row.decimals == 2 ? 14 : 8, file, record.line);
        if (!price) return price.error();
        row.price = *price;
        table.rows.push_back(std::move(row));
    }
    return table;
}

Result<CexUser> parse_cex_user(std::string_view text, const std::string& file)
{
    auto json = detail::parse_json(text, file);
    if (!json) return Error{LiabilityError::malformed, json.error().message};
    CexUser user;
    const bool gate = json->find("AssetDetails") != nullptr;
    user.layout = gate ? "gate" : "binance";
    const JsonValue* assets = json->find(gate ? "AssetDetails" : "Assets");
    const JsonValue* id = json->find(gate ? "UniqueIdentification" : "AccountIdHash");
    const JsonValue* root = json->find(gate ? "TreeRootHash" : "Root");
    const JsonValue* proof = json->find(gate ? "MerkleProofEncode" : "Proof");
    if (!assets || !assets->is_array() || !id || !id->is_string() || !root || !root->is_string()) {
        return fail(LiabilityError::malformed, file, json->line,
                    "expected a Binance or Gate user config (Assets or AssetDetails, AccountIdHash or "
                    "UniqueIdentification, Root or TreeRootHash)");
    }
    user.id = id->text;
    user.root = root->text;
    user.proof_length = proof && proof->is_array() ? proof->items.size() : 0;
    for (const auto& item : assets->items) {
        CexUserAsset asset;
        asset.line = item.line;
        const JsonValue* index = item.find("Index");
        const auto parsed_index = index && index->is_number() ? detail::parse_u64(index->text) : std::nullopt;
        if (!parsed_index || *parsed_index > UINT32_MAX)
            return fail(LiabilityError::malformed, file, item.line, "'Index' must be a small integer");
        asset.index = static_cast<std::uint32_t>(*parsed_index);
        for (const auto& [key, slot] : {std::pair{"Equity", &asset.equity}, std::pair{"Debt", &asset.debt}}) {
            const JsonValue* v = item.find(key);
            if (!v || !v->is_number())
                return fail(LiabilityError::malformed, file, item.line, std::string("'") + key + "' must be a number");
            auto value = scaled_integer(v->text, key, file, v->line);
            if (!value) return value.error();
            *slot = *value;
        }
        user.assets.push_back(asset);
    }
    const JsonValue* equity = json->find(gate ? "TotalAssetEquity" : "TotalEquity");
    const JsonValue* debt = json->find(gate ? "TotalAssetDebt" : "TotalDebt");
    for (const auto& [v, slot, line] : {std::tuple{equity, &user.total_equity, &user.equity_line},
                                        std::tuple{debt, &user.total_debt, &user.debt_line}}) {
        if (!v) continue;
        auto value = v->is_number() ? parse_units(v->text) : Result<Units>(Error{"not a number"});
        if (!value)
            return fail(LiabilityError::malformed, file, v->line, "a stated total is not a non-negative integer");
        *slot = *value;
        *line = v->line;
    }
    return user;
}

Result<CexUserCheck> recompute_cex_user(const CexUser& user, const PriceTable& prices, const std::string& file)
{
    CexUserCheck check;
    for (const auto& asset : user.assets) {
        const PriceRow* price = prices.find(asset.index);
        if (!price) {
            return fail(LiabilityError::mismatch, file, asset.line,
                        "asset Index " + std::to_string(asset.index) + " has no price in " + prices.file);
        }
        check.equity += asset.equity * price->price;
        check.debt += asset.debt * price->price;
    }
    if (user.total_equity && *user.total_equity != check.equity) {
        return fail(LiabilityError::mismatch, file, user.equity_line,
                    "the stated total equity " + porwatch::to_string(*user.total_equity) +
                        " is not Σ Equity × BasePrice = " + porwatch::to_string(check.equity));
    }
    if (user.total_debt && *user.total_debt != check.debt) {
        return fail(LiabilityError::mismatch, file, user.debt_line,
                    "the stated total debt " + porwatch::to_string(*user.total_debt) +
                        " is not Σ Debt × BasePrice = " + porwatch::to_string(check.debt));
    }
    if (check.equity < check.debt) {
        return fail(LiabilityError::negative, file, user.equity_line,
                    "the user's debt is above its equity (a negative balance)");
    }
    check.totals_stated = user.total_equity.has_value() && user.total_debt.has_value();
    return check;
}

}  // namespace porwatch::liabilities
