// UTF-8 validity (RFC 3629): what an address-book field must be, and what every line porwatch
// prints as JSON is made of.
//
// Valid means well-formed UTF-8: no stray continuation bytes, no truncated sequences, no
// overlong encodings, no UTF-16 surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace porwatch {

// Returns: the byte offset of the first byte that does not start a well-formed sequence,
// or nullopt when `text` is valid UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

inline bool is_valid_utf8(std::string_view text) { return !first_invalid_utf8(text); }

// Returns: `text` with every ill-formed sequence replaced by U+FFFD (one per maximal ill-formed
// subpart, as Unicode recommends); valid text is returned unchanged.
std::string sanitize_utf8(std::string_view text);

}  // namespace porwatch
