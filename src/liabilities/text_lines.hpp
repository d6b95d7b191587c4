// Internal to src/liabilities: the line splitter and small integer/hex parsers the text formats
// share. Lines are physical lines, 1-based; a trailing "\r" is removed; a final empty line
// (the file's last newline) is not a line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/util/bytes.hpp"
#include "porwatch/util/csv.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::liabilities::detail {

struct TextLine {
    std::string_view text;
    std::size_t number = 0;
};

std::vector<TextLine> split_lines(std::string_view text);

using csv::parse_u64;  // digits only, at most 2^64 − 1
using csv::upper;

// Exactly 64 hex digits (either case) into 32 bytes.
std::optional<Hash256> parse_hash(std::string_view text);

// 8 bytes little-endian.
void append_le64(Bytes& out, std::uint64_t value);

}  // namespace porwatch::liabilities::detail
