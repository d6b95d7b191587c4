// load_settings: the [liabilities] section, validated (liabilities.hpp).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/util/duration.hpp"
#include "porwatch/util/process.hpp"
#include "text_lines.hpp"

namespace porwatch::liabilities {
namespace {

bool is_symbol(std::string_view text)
{
    return !text.empty() && text.size() <= 32 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_' ||
               c == '.';
    });
}

Result<FileSpec> parse_file(std::string_view value)
{
    const auto colon = value.find(':');
    if (colon == std::string_view::npos) return Error{"expected FORMAT:PATH (bitmex, okx-merkle or cex-assets)"};
    const auto format = format_from_string(value.substr(0, colon));
    if (!format) {
        return Error{"unknown format '" + std::string(value.substr(0, colon)) +
                     "' (expected bitmex, okx-merkle or cex-assets)"};
    }
    const std::string path(value.substr(colon + 1));
    if (path.empty()) return Error{"the path is empty"};
    return FileSpec{*format, path, 0};
}

// "1008 blocks" (or "1 block"): a count of blocks ≥ 1.
Result<std::uint64_t> parse_max_age(std::string_view value)
{
    const auto space = value.find(' ');
    const std::string_view unit = space == std::string_view::npos ? "" : csv::trim(value.substr(space + 1));
    const auto count = detail::parse_u64(value.substr(0, space));
    if (!count || *count == 0 || (unit != "blocks" && unit != "block")) {
        return Error{"expected a number of blocks, e.g. '1008 blocks' (the liabilities' own height is the only age "
                     "the formats carry: BitMEX's block_height)"};
    }
    return *count;
}

Status check_directory(const std::string& path)
{
    if (path.empty() || path.front() != '/') return Error{"must be an absolute path"};
    struct stat info { };
    if (::stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return Error{"no such directory"};
    return Ok{};
}

// Apply one key. Returns false when `key` is unknown.
Result<bool> apply(Settings& out, const std::string& key, const std::string& value)
{
    if (key == "file") {
        auto spec = parse_file(value);
        if (!spec) return spec.error();
        const bool repeated =
            std::any_of(out.files.begin(), out.files.end(), [&](const FileSpec& f) { return f.path == spec->path; });
        if (repeated) return Error{"the file " + spec->path + " is already configured"};
        out.files.push_back(*spec);
    } else if (key == "asset") {
        if (!is_symbol(value)) return Error{"expected an asset symbol (BTC, LTC, …)"};
        out.bitmex_asset = detail::upper(value);
    } else if (key == "max_age") {
        auto blocks = parse_max_age(value);
        if (!blocks) return blocks.error();
        out.max_age_blocks = *blocks;
    } else if (key == "two_digit_assets") {
        out.two_digit_assets.clear();
        if (value == "none") return true;
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string_view symbol = csv::trim(rest.substr(0, comma));
            if (!is_symbol(symbol)) return Error{"expected symbols separated by ',' (or 'none')"};
            out.two_digit_assets.insert(detail::upper(symbol));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    } else if (key == "zk_verifier") {
        if (Status ok = check_executable(value); !ok) return ok.error();
        if (!out.zk_verifier) out.zk_verifier.emplace();
        out.zk_verifier->program = value;
    } else if (key == "zk_verifier_arg" || key == "zk_verifier_dir" || key == "zk_verifier_timeout") {
        if (!out.zk_verifier) out.zk_verifier.emplace();
        if (key == "zk_verifier_arg") {
            out.zk_verifier->args.push_back(value);
        } else if (key == "zk_verifier_dir") {
            if (Status ok = check_directory(value); !ok) return ok.error();
            out.zk_verifier->working_directory = value;
        } else {
            auto seconds = parse_duration_seconds(value);
            if (!seconds) return seconds.error();
            if (*seconds == 0) return Error{"must be above 0"};
            if (*seconds > 6 * 3600) return Error{"at most 6h"};
            out.zk_verifier->timeout_s = *seconds;
        }
    } else {
        return false;
    }
    return true;
}

}  // namespace

std::set<std::string> default_two_digit_assets()
{
    return {"BIDR", "BTTC", "DOGE", "FLOKI", "HOT", "LUNC", "PEPE", "SHIB", "SPELL", "WIN", "XEC"};
}

Result<Settings> load_settings(const config::Config& config)
{
    Settings out;
    out.two_digit_assets = default_two_digit_assets();
    const auto section = config.extra.find("liabilities");
    if (section == config.extra.end()) return out;
    std::vector<std::string> seen;
    std::size_t zk_line = 0;
    for (const auto& raw : section->second) {
        const auto at = [&](config::ConfigError kind, const std::string& what) {
            return Error{kind, config.file + ":" + std::to_string(raw.line) + ": liabilities: " + what};
        };
        if (raw.key != "file" && raw.key != "zk_verifier_arg") {
            if (std::find(seen.begin(), seen.end(), raw.key) != seen.end())
                return at(config::ConfigError::repeated, raw.key + " given twice");
            seen.push_back(raw.key);
        }
        if (raw.value.empty() && raw.key != "two_digit_assets")
            return at(config::ConfigError::value, "key '" + raw.key + "' has no value");
        std::string value = raw.value;
        if (const auto colon = value.find(':'); raw.key == "file" && colon != std::string::npos) {
            // Relative to the config's directory, like every path of the config.
            value = value.substr(0, colon + 1) + config.resolve(value.substr(colon + 1));
        }
        Result<bool> applied = apply(out, raw.key, value);
        if (!applied)
            return at(config::ConfigError::value, raw.key + " = '" + raw.value + "': " + applied.error().message);
        if (!*applied)
            return at(config::ConfigError::unknown, "unknown key '" + raw.key + "' in section [liabilities]");
        if (raw.key == "file") out.files.back().line = raw.line;
        if (raw.key == "max_age") out.max_age_line = raw.line;
        if (raw.key.rfind("zk_verifier", 0) == 0 && zk_line == 0) zk_line = raw.line;
    }
    if (out.zk_verifier) {
        out.zk_verifier->line = zk_line;
        if (out.zk_verifier->program.empty()) {
            return Error{config::ConfigError::missing, config.file + ":" + std::to_string(zk_line) +
                                                           ": liabilities: zk_verifier_* keys need zk_verifier = PATH"};
        }
    }
    if (out.files.empty() && (out.zk_verifier || out.max_age_blocks)) {
        return Error{config::ConfigError::missing, config.file + ":" +
                                                       std::to_string(out.max_age_line ? out.max_age_line : zk_line) +
                                                       ": liabilities: no 'file = FORMAT:PATH' is configured"};
    }
    return out;
}

}  // namespace porwatch::liabilities
