// Hex encoding of byte strings (lower case out; either case in).
#pragma once

#include <string>
#include <string_view>

#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch {

// Returns: the value (0-15) of one hex digit of either case, or -1 for any other character.
int hex_digit_value(char c);

// Returns: lower-case hex of `bytes`, without a prefix.
std::string to_hex(ByteView bytes);

// Decode hex text. A leading "0x"/"0X" is accepted only when `allow_prefix` is Prefix::allowed.
// Fails on an odd length or a non-hex character (the message gives its position).
enum class HexPrefix {
    forbidden,
    allowed
};
Result<Bytes> from_hex(std::string_view text, HexPrefix prefix = HexPrefix::forbidden);

}  // namespace porwatch
