#include "text_lines.hpp"

#include "porwatch/util/hex.hpp"

namespace porwatch::liabilities::detail {

std::vector<TextLine> split_lines(std::string_view text)
{
    std::vector<TextLine> lines;
    std::size_t number = 0;
    while (!text.empty()) {
        ++number;
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back({line, number});
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::optional<Hash256> parse_hash(std::string_view text)
{
    if (text.size() != 64) return std::nullopt;
    const auto bytes = from_hex(text);
    if (!bytes) return std::nullopt;
    Hash256 out{};
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
}

void append_le64(Bytes& out, std::uint64_t value)
{
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

}  // namespace porwatch::liabilities::detail
