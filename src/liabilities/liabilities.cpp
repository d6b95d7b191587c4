// Formats by name and the dispatch from a configured file to its importer.
#include "porwatch/liabilities/liabilities.hpp"

#include "porwatch/liabilities/bitmex.hpp"
#include "porwatch/liabilities/cex.hpp"
#include "porwatch/liabilities/okx.hpp"

namespace porwatch::liabilities {

std::string_view to_string(Format format)
{
    switch (format) {
    case Format::bitmex: return "bitmex";
    case Format::okx_merkle: return "okx-merkle";
    case Format::cex_assets: return "cex-assets";
    }
    return "unknown";
}

std::optional<Format> format_from_string(std::string_view name)
{
    return enum_from_name(kAllFormats, name, [](Format f) { return to_string(f); });
}

std::string_view to_string(ZkStatus status)
{
    return status == ZkStatus::passed ? "passed" : "failed";
}

Result<Liabilities> parse_liabilities(Format format, std::string_view text, const std::string& file,
                                      const Settings& settings)
{
    switch (format) {
    case Format::bitmex: {
        auto tree = parse_bitmex_tree(text, file);
        if (!tree) return tree.error();
        return bitmex_liabilities(*tree, settings.bitmex_asset);
    }
    case Format::okx_merkle: {
        auto tree = parse_okx_tree(text, file);
        if (!tree) return tree.error();
        return okx_liabilities(*tree);
    }
    case Format::cex_assets: {
        auto assets = parse_cex_assets(text, file, settings.two_digit_assets);
        if (!assets) return assets.error();
        return cex_liabilities(*assets);
    }
    }
    return Error{LiabilityError::malformed, file + ": unknown format"};
}

std::optional<std::vector<std::string>> assets_of_format(Format format, const Settings& settings)
{
    switch (format) {
    case Format::bitmex: return std::vector<std::string>{settings.bitmex_asset};
    case Format::okx_merkle: return std::vector<std::string>(kOkxCoins.begin(), kOkxCoins.end());
    case Format::cex_assets: return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace porwatch::liabilities
