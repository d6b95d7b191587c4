// Text porwatch did not write (a node's reply or error message, a body excerpt) made safe to
// show, log and store: valid UTF-8 without control characters, and marked when it was changed.
//
// Apply untrusted_text() where such text enters porwatch (src/chain does for every node
// string that can reach a message); everything downstream (JSON output, logs, SQLite) may then
// assume valid UTF-8 on one line.
//
// Pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace porwatch {

// Returns: the byte offset of the first byte that does not start a well-formed sequence
// (RFC 3629: no stray continuation bytes, truncated sequences, overlongs, surrogates or values
// above U+10FFFF), or nullopt when `text` is valid UTF-8. Address-book fields must be valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

inline bool is_valid_utf8(std::string_view text)
{
    return !first_invalid_utf8(text);
}

struct CleanText {
    std::string text;
    std::size_t replaced = 0;  // how many invalid sequences and control characters became U+FFFD
};

// Returns: `raw` with each maximal ill-formed UTF-8 subpart (Unicode §3.9: truncated, overlong,
// surrogate or above U+10FFFF) and each control character (U+0000–U+001F, U+007F,
// U+0080–U+009F; tab and newline included, so the text stays one line) replaced by U+FFFD.
CleanText clean_utf8(std::string_view raw);

// Returns: `raw` with only the ill-formed UTF-8 subparts replaced by U+FFFD (control characters
// kept): for JSON writers, which escape control characters themselves (RapidJSON writes \u0000).
std::string valid_utf8(std::string_view raw);

// Returns: clean_utf8(raw) cut to at most `max_bytes` bytes at a character boundary (then
// ending in "…"), followed by " [N invalid or control characters replaced]" when any was, so a
// reader knows the text is not verbatim.
std::string untrusted_text(std::string_view raw, std::size_t max_bytes = 4096);

}  // namespace porwatch
