// Binance's and Gate's zk-SNARK Proof of Solvency tables (binance/zkmerkle-proof-of-solvency,
// gateio/proof-of-reserves): the per-asset CexAssetsInfo totals and a user's own config.
//
// Scales (Binance src/utils/utils.go): per-asset TotalEquity, TotalDebt and a user's Equity and
// Debt are coin amounts × 10^8, or × 10^2 for the "two digits" assets (AssetTypeForTwoDigits:
// SHIB, DOGE, PEPE, …; `two_digit_assets` in [liabilities]); BasePrice is the USDT price × 10^8
// (× 10^14 for those assets), so amount × price is always USDT × 10^16.
// A user's TotalEquity = Σ Equity_i × BasePrice_i and TotalDebt = Σ Debt_i × BasePrice_i.
// What is NOT recomputed here: the Poseidon-BN254 Merkle path of a user's leaf and the Groth16
// batch proofs (no C or C++ implementation; the exchange's verifier can be run, zk_verifier.hpp).
//
// Pure. Thread-safety: values; functions are reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/liabilities/liabilities.hpp"

namespace porwatch::liabilities {

struct CexAsset {
    std::string symbol;  // upper case
    std::optional<std::uint32_t> index;  // position in the exchange's asset list
    Units equity;  // TotalEquity, scaled
    Units debt;  // TotalDebt, scaled
    std::optional<Units> base_price;  // BasePrice, scaled
    unsigned decimals = 8;  // 8, or 2 for a two-digit asset
    std::size_t line = 0;
};

// Parse CexAssetsInfo from the verifier's JSON config ({"CexAssetsInfo":[{"TotalEquity",
// "TotalDebt","BasePrice","Symbol","Index"},…]}, other members ignored) or from a CSV table
// with a header naming Symbol, TotalEquity, TotalDebt and optionally BasePrice and Index (any
// case, '_' ignored). Fails with FILE:LINE on a malformed value, a symbol or index given twice,
// a value past 2^64 − 1 (the exchange's uint64), or an asset whose equity is below its debt.
Result<std::vector<CexAsset>> parse_cex_assets(std::string_view text, const std::string& file,
                                               const std::set<std::string>& two_digit_assets);
Liabilities cex_liabilities(const std::vector<CexAsset>& assets);

// A price per asset index (BasePrice, scaled as above), from a CexAssetsInfo file or from
// Binance's cex_assets_info.csv (symbol|token, usdt_price|asset_usdt_price, …; the index is
// the row's position; decimal prices are scaled and truncated as ConvertFloatStrToUint64 does).
struct PriceRow {
    std::string symbol;
    std::uint32_t index = 0;
    Units price;
    unsigned decimals = 8;  // of the asset's amounts
    std::size_t line = 0;
};
struct PriceTable {
    std::string file;
    std::vector<PriceRow> rows;
    const PriceRow* find(std::uint32_t index) const;
};
Result<PriceTable> prices_of(const std::vector<CexAsset>& assets, const std::string& file);
Result<PriceTable> parse_price_csv(std::string_view text, const std::string& file,
                                   const std::set<std::string>& two_digit_assets);

// One user's config: Binance's user_config.json (AccountIdHash, Assets[{Index,Equity,Debt,…}],
// TotalEquity, TotalDebt, Root, Proof; the 2022 layout has no totals) or Gate's
// (UniqueIdentification, AssetDetails[{Index,Equity,Debt}], TotalAssetEquity, TotalAssetDebt,
// TreeRootHash, MerkleProofEncode).
struct CexUserAsset {
    std::uint32_t index = 0;
    Units equity;
    Units debt;
    std::size_t line = 0;
};
struct CexUser {
    std::string layout;  // "binance" or "gate"
    std::string id;  // AccountIdHash / UniqueIdentification
    std::string root;  // Root / TreeRootHash
    std::size_t proof_length = 0;  // Merkle siblings given
    std::vector<CexUserAsset> assets;
    std::optional<Units> total_equity;  // as stated, USDT × 10^16
    std::optional<Units> total_debt;
    std::size_t equity_line = 1;  // where the stated totals are
    std::size_t debt_line = 1;
};
Result<CexUser> parse_cex_user(std::string_view text, const std::string& file);

struct CexUserCheck {
    Units equity;  // recomputed, USDT × 10^16
    Units debt;
    bool totals_stated = false;  // the file states totals, and they match
};
// Recompute the user's totals from its assets and `prices`. Fails with FILE:LINE on an asset
// index the price table does not have, on stated totals that differ, or on debt above equity.
Result<CexUserCheck> recompute_cex_user(const CexUser& user, const PriceTable& prices, const std::string& file);

}  // namespace porwatch::liabilities
