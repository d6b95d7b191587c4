// The config lexer's result, private to src/config: every key = value line with its line
// number, and the typed lookups that validate a value and name its line in a failure. Pure.
// Thread-safety: one Parser per parse.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/config/config.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/duration.hpp"
#include "prices_options.hpp"

namespace porwatch::config::detail {

// One key = value line as the pre-scan saw it.
struct Line {
    std::string section;  // "" for top level
    std::string key;
    std::string value;
    std::size_t line = 0;
};

// Context for one parse: the file name and every key's lines, for messages.
class Parser {
public:
    explicit Parser(std::string file) : m_file(std::move(file)) { }

    Error at(ConfigError kind, std::size_t line, const std::string& what) const
    {
        return Error{kind, m_file + ":" + std::to_string(line) + ": " + what};
    }

    // Lex `text`: record every key's value and line, reject unknown sections/keys and repeats.
    Status lex(std::string_view text, Config& config);

    // One key of a [book "PATH"] section (po never sees these sections).
    Status book_key(BookOptions& book, const Line& entry);

    std::vector<std::size_t> lines(std::string_view section, std::string_view key) const
    {
        std::vector<std::size_t> out;
        for (const auto& l : m_lines) {
            if (l.section == section && l.key == key) out.push_back(l.line);
        }
        return out;
    }

    bool has_section(const std::string& section) const { return m_sections.count(section) != 0; }

    // The sections whose name starts with `prefix`, in file order.
    std::vector<std::string> sections_with_prefix(std::string_view prefix) const
    {
        std::vector<std::pair<std::size_t, std::string>> found;
        for (const auto& [name, line] : m_sections) {
            if (name.rfind(prefix, 0) == 0) found.emplace_back(line, name);
        }
        std::sort(found.begin(), found.end());
        std::vector<std::string> out;
        for (auto& f : found) out.push_back(std::move(f.second));
        return out;
    }

    // Every key = value of `section`, in file order.
    std::vector<detail::PricesLine> section_lines(const std::string& section) const
    {
        std::vector<detail::PricesLine> out;
        for (const auto& l : m_lines) {
            if (l.section == section) out.push_back(detail::PricesLine{l.key, l.value, l.line});
        }
        return out;
    }

    std::optional<std::string> get(const std::string& section, const std::string& key) const
    {
        for (const auto& l : m_lines) {
            if (l.section == section && l.key == key) return l.value;
        }
        return std::nullopt;
    }

    // Repeated values with their lines, in file order.
    std::vector<std::pair<std::string, std::size_t>> get_all(const std::string& section, const std::string& key) const
    {
        std::vector<std::pair<std::string, std::size_t>> out;
        for (const auto& l : m_lines) {
            if (l.section == section && l.key == key) out.emplace_back(l.value, l.line);
        }
        return out;
    }

    // A duration key (util/duration.hpp: 90s, 10m, 1h, 7d or bare seconds) in [min, max] seconds;
    // `target` is left alone when absent.
    template <typename T>
    Status duration_key(const std::string& section, const std::string& key, T& target, std::int64_t min,
                        std::int64_t max) const
    {
        const auto value = get(section, key);
        if (!value) return Ok{};
        const auto seconds = parse_duration_seconds(*value);
        if (!seconds || *seconds < min || *seconds > max) {
            return at(ConfigError::value, lines(section, key).front(),
                      "key '" + key + "' must be a duration from " + std::to_string(min) + "s to " +
                          std::to_string(max) + "s (90s, 10m, 1h, 7d or " + "seconds), got '" + *value + "'");
        }
        target = static_cast<T>(*seconds);
        return Ok{};
    }

    // An unsigned integer key in [min, max]; `target` is left alone when absent.
    template <typename T>
    Status unsigned_key(const std::string& section, const std::string& key, T& target, std::uint64_t min,
                        std::uint64_t max) const
    {
        const auto value = get(section, key);
        if (!value) return Ok{};
        const auto parsed = parse_units(*value);
        if (!parsed || *parsed < min || *parsed > max) {
            return at(ConfigError::value, lines(section, key).front(),
                      "key '" + key + "' must be an integer from " + std::to_string(min) + " to " +
                          std::to_string(max) + ", got '" + *value + "'");
        }
        target = static_cast<T>(*parsed);
        return Ok{};
    }

    // The keys every chain section has: rpc_url, credentials, limits, confirmations, quorum
    // (chain_options.cpp).
    Status rpc_section(const std::string& section, std::vector<std::string>& urls, RpcAuth& auth, RpcLimits& limits,
                       unsigned& confirmations, unsigned& quorum, std::size_t section_line) const;

    // Returns: the line of the section's header.
    std::size_t first_line(const std::string& section) const
    {
        const auto it = m_sections.find(section);
        return it == m_sections.end() ? 0 : it->second;
    }

private:
    std::string m_file;
    std::vector<Line> m_lines;
    std::map<std::string, std::size_t> m_sections;  // name → header line
    std::set<std::string> m_book_keys;  // "PATH\nkey" seen
};

}  // namespace porwatch::config::detail
