// UTF-8 validation by the table of well-formed byte sequences (Unicode 15, table 3-7).
#include "porwatch/util/utf8.hpp"

namespace porwatch {
namespace {

// Returns: the length of the well-formed sequence at `pos` (1..4), or 0 when the bytes there
// do not start one. `*subpart` gets the length of the maximal ill-formed subpart (≥ 1).
std::size_t sequence_at(std::string_view text, std::size_t pos, std::size_t* subpart)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char b0 = byte(pos);
    *subpart = 1;
    if (b0 < 0x80) return 1;
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;   // the allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        if (b0 == 0xE0) lo = 0xA0;        // no overlong 3-byte forms
        if (b0 == 0xED) hi = 0x9F;        // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        if (b0 == 0xF0) lo = 0x90;        // no overlong 4-byte forms
        if (b0 == 0xF4) hi = 0x8F;        // nothing above U+10FFFF
    } else {
        return 0;                         // 0x80..0xC1, 0xF5..0xFF never start a sequence
    }
    for (std::size_t i = 1; i < length; ++i) {
        if (pos + i >= text.size()) return 0;
        const unsigned char b = byte(pos + i);
        const bool ok = i == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!ok) return 0;
        *subpart = i + 1;
    }
    return length;
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text)
{
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t subpart = 0;
        const std::size_t length = sequence_at(text, pos, &subpart);
        if (length == 0) return pos;
        pos += length;
    }
    return std::nullopt;
}

std::string sanitize_utf8(std::string_view text)
{
    if (is_valid_utf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t subpart = 0;
        const std::size_t length = sequence_at(text, pos, &subpart);
        if (length == 0) {
            out += "\xEF\xBF\xBD";   // U+FFFD REPLACEMENT CHARACTER
            pos += subpart;
        } else {
            out.append(text.substr(pos, length));
            pos += length;
        }
    }
    return out;
}

}  // namespace porwatch
