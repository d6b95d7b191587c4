// Liabilities: what an exchange says it owes its users, as it publishes them, recomputed by
// porwatch wherever the format allows, and the settings of the config's [liabilities] section.
//
// Formats (each recomputed as the exchange's own published code does; see bitmex.hpp,
// okx.hpp, cex.hpp for the formulas):
//   bitmex      BitMEX's Merkle-sum tree: every parent digest and value recomputed; the root's
//               value is the total liability in satoshi (one asset, `asset =`, default BTC).
//   okx-merkle  OKX's Merkle-era full tree (v2): every parent recomputed; the root's BTC, ETH
//               and USDT balances are the totals.
//   cex-assets  Binance's / Gate's CexAssetsInfo (their verifier's JSON config, or the same table
//               as CSV): per asset TotalEquity and TotalDebt; net = equity − debt, and
//               equity < debt is an error. These totals are the exchange's word unless its
//               zk verifier (zk_verifier.hpp) is configured and passes.
//
// Fail closed: a file is verified as a whole or rejected with "FILE:LINE: reason" (the line of
// the first node, row or value that does not hold). Amounts are exact integers (Units) in the
// format's base units; never floating point.
//
// Pure except read_file-like edges elsewhere: every function here takes text, never a path to
// open. Thread-safety: values; functions are reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/config/config.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"
#include "porwatch/util/enum_names.hpp"

namespace porwatch::liabilities {

enum class LiabilityError {
    malformed,  // not the format: bad syntax, a missing field, a line that does not parse
    mismatch,  // a node, sum or hash that does not recompute
    negative,  // equity below debt (an asset or a user with negative net balance)
    overflow,  // a value past what the format allows (u64 for BitMEX, 2^256 − 1)
};
constexpr std::string_view error_domain(LiabilityError)
{
    return "liabilities";
}

// Persisted by name; names frozen: "bitmex", "okx-merkle", "cex-assets".
enum class Format {
    bitmex,
    okx_merkle,
    cex_assets
};
inline constexpr std::array kAllFormats{Format::bitmex, Format::okx_merkle, Format::cex_assets};
std::string_view to_string(Format format);
std::optional<Format> format_from_string(std::string_view name);

// What the exchange owes for one asset, in `decimals` base units (8 for every format but the
// cex-assets "two digits" assets, which are counted in hundredths).
struct AssetLiability {
    std::string asset;  // upper-case symbol: "BTC", "USDT"
    unsigned decimals = 8;
    Units net;  // what users are owed: equity − debt (or the tree's total)
    std::optional<Units> equity;  // cex-assets only
    std::optional<Units> debt;  // cex-assets only

    friend bool operator==(const AssetLiability&, const AssetLiability&) = default;
};

// One verified liabilities file.
struct Liabilities {
    Format format = Format::bitmex;
    std::optional<std::uint64_t> height;  // the file's own block height (BitMEX block_height)
    std::string root;  // lower-case hex root digest; "" for cex-assets
    std::size_t nodes = 0;  // nodes (trees) or asset rows (cex-assets) checked
    std::vector<AssetLiability> assets;  // sorted by symbol
    std::string checked;  // what porwatch recomputed, one sentence
};

// `file = FORMAT:PATH` of [liabilities].
struct FileSpec {
    Format format = Format::bitmex;
    std::string path;
    std::size_t line = 0;  // config line
};

// The zk verifier of [liabilities] (zk_verifier.hpp).
struct ZkVerifierSettings {
    std::string program;  // absolute path
    std::vector<std::string> args;  // zk_verifier_arg, in order
    std::string working_directory;  // zk_verifier_dir ("" = porwatch's own)
    std::int64_t timeout_s = 600;  // zk_verifier_timeout
    std::size_t line = 0;
};

// The [liabilities] section.
struct Settings {
    std::vector<FileSpec> files;
    std::string bitmex_asset = "BTC";  // `asset =`: the asset of formats that name none
    std::optional<std::uint64_t> max_age_blocks;  // `max_age = N blocks`
    std::size_t max_age_line = 0;
    // cex-assets symbols counted in hundredths (Binance's AssetTypeForTwoDigits), upper case.
    std::set<std::string> two_digit_assets;
    std::optional<ZkVerifierSettings> zk_verifier;

    bool configured() const { return !files.empty(); }
};

// Binance's AssetTypeForTwoDigits (utils/constants.go, 2023–2026 versions merged): the
// default of `two_digit_assets`.
std::set<std::string> default_two_digit_assets();

// Parse and validate `config.extra["liabilities"]` (an empty Settings when the section is
// absent). Fails with "FILE:LINE: liabilities: …" on an unknown key, a repeated key, a bad
// FORMAT:PATH, a relative path, a bad max_age, or a zk_verifier that is not an absolute path
// to an executable file.
Result<Settings> load_settings(const config::Config& config);

// Recompute one file's `text` as its format says. `file` names it in messages.
Result<Liabilities> parse_liabilities(Format format, std::string_view text, const std::string& file,
                                      const Settings& settings);

// How the zk verifier judged the proofs behind the liabilities, when one is configured.
// Persisted by name; names frozen: "passed", "failed".
enum class ZkStatus {
    passed,
    failed
};
std::string_view to_string(ZkStatus status);

// One configured file as a cycle loaded it: verified (`liabilities` set) or failed (`error`).
struct FileResult {
    FileSpec spec;
    std::string sha256;  // hex SHA-256 of the content; "" when unreadable
    std::optional<Liabilities> liabilities;  // set when every check held
    std::string error;  // why not, "FILE:LINE: …"; "" when verified
    std::optional<ZkStatus> zk_status;  // cex-assets files when a zk_verifier is configured
    std::string zk_detail;  // the verifier's result line, or why it failed

    bool verified() const { return liabilities.has_value(); }
    friend bool operator==(const FileResult& a, const FileResult& b)
    {
        return a.spec.path == b.spec.path && a.sha256 == b.sha256 && a.error == b.error && a.zk_status == b.zk_status &&
               a.zk_detail == b.zk_detail;
    }
};

// Returns: the assets a file of `format` may hold even when it failed to load (so that a
// failed file withholds every ratio it could have fed): BitMEX the configured asset, OKX BTC,
// ETH and USDT, and nullopt for cex-assets (any asset).
std::optional<std::vector<std::string>> assets_of_format(Format format, const Settings& settings);

}  // namespace porwatch::liabilities
