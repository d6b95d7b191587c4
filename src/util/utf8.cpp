#include "porwatch/util/utf8.hpp"

#include <algorithm>
#include <cstdint>

namespace porwatch {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Returns: the length of the well-formed UTF-8 sequence at `s[i]` (Unicode Table 3-7), or 0
// with `bad` set to the length of the maximal ill-formed subpart to replace (≥ 1).
std::size_t sequence_length(std::string_view s, std::size_t i, std::size_t& bad)
{
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    const std::uint8_t b0 = byte(i);
    bad = 1;
    if (b0 < 0x80) return 1;
    std::size_t need = 0;
    std::uint8_t lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0) lo = 0xA0;  // no overlongs
        if (b0 == 0xED) hi = 0x9F;  // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0) lo = 0x90;  // no overlongs
        if (b0 == 0xF4) hi = 0x8F;  // not above U+10FFFF
    } else {
        return 0;  // 0x80–0xC1, 0xF5–0xFF never start a sequence
    }
    for (std::size_t k = 1; k <= need; ++k) {
        if (i + k >= s.size()) {
            bad = k;
            return 0;
        }
        const std::uint8_t b = byte(i + k);
        const bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!ok) {
            bad = k;
            return 0;
        }
    }
    return need + 1;
}

bool is_control(std::string_view s, std::size_t i, std::size_t length)
{
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    if (length == 1) return b0 < 0x20 || b0 == 0x7F;
    // C1 controls U+0080–U+009F are C2 80 – C2 9F.
    return length == 2 && b0 == 0xC2 && static_cast<std::uint8_t>(s[i + 1]) <= 0x9F;
}

CleanText clean(std::string_view raw, bool replace_controls)
{
    CleanText out;
    out.text.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size();) {
        std::size_t bad = 1;
        const std::size_t length = sequence_length(raw, i, bad);
        if (length == 0 || (replace_controls && is_control(raw, i, length))) {
            out.text += kReplacement;
            ++out.replaced;
            i += length == 0 ? bad : length;
            continue;
        }
        out.text.append(raw.substr(i, length));
        i += length;
    }
    return out;
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        std::size_t bad = 1;
        const std::size_t length = sequence_length(text, i, bad);
        if (length == 0) return i;
        i += length;
    }
    return std::nullopt;
}

CleanText clean_utf8(std::string_view raw)
{
    return clean(raw, /*replace_controls=*/true);
}

std::string valid_utf8(std::string_view raw)
{
    // Fast path: most text is ASCII without surprises.
    if (std::all_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        return std::string(raw);
    }
    return clean(raw, /*replace_controls=*/false).text;
}

std::string untrusted_text(std::string_view raw, std::size_t max_bytes)
{
    CleanText clean = clean_utf8(raw);
    if (clean.text.size() > max_bytes) {
        std::size_t cut = max_bytes;
        // Back up to a character boundary (never inside a multi-byte sequence).
        while (cut > 0 && (static_cast<std::uint8_t>(clean.text[cut]) & 0xC0) == 0x80) --cut;
        clean.text.resize(cut);
        clean.text += "…";
    }
    if (clean.replaced > 0) {
        clean.text += " [" + std::to_string(clean.replaced) + " invalid or control characters replaced]";
    }
    return clean.text;
}

}  // namespace porwatch
