// Helpers for the liabilities unit tests: the real samples in ../shared and text surgery.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "porwatch/liabilities/liabilities.hpp"
#include "test_support.hpp"

namespace porwatch::test {

inline std::string liabilities_sample(const std::string& name)
{
    return read_text_file(shared_path("data/real/liabilities/" + name));
}

// Returns: `text` with the first occurrence of `from` replaced by `to` (which must exist).
inline std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "'" << from << "' not in the sample");
    return text.replace(at, from.size(), to);
}

// Returns: the physical lines of `text` (without their "\n").
inline std::vector<std::string> text_lines(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

inline std::string joined(const std::vector<std::string>& lines)
{
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// Returns: a BitMEX tree at height 140 that verified, owing `owed` satoshi of LTC, configured at
// `path` on line `line` of the config (as daemon::LiabilitiesCache loads one).
inline liabilities::FileResult verified_bitmex_tree(const std::string& path, std::size_t line, const Units& owed)
{
    liabilities::FileResult tree;
    tree.spec = {liabilities::Format::bitmex, path, line};
    tree.sha256 = "aa";
    liabilities::Liabilities l;
    l.format = liabilities::Format::bitmex;
    l.height = 140;
    l.root = "85b0a839";
    l.nodes = 15;
    l.checked = "all 7 parents of 8 leaves recompute";
    l.assets = {{"LTC", 8, owed, std::nullopt, std::nullopt}};
    tree.liabilities = l;
    return tree;
}

// Returns: "FILE:LINE: " of an error message, or "" when it has none.
inline std::string location(const std::string& message)
{
    const auto first = message.find(':');
    const auto second = first == std::string::npos ? first : message.find(':', first + 1);
    return second == std::string::npos ? "" : message.substr(0, second + 2);
}

}  // namespace porwatch::test
