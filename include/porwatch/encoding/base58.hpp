// Base58 and Base58Check (Bitcoin alphabet). Small by design: no Debian library has it.
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::encoding {

std::string base58_encode(ByteView data);
// Fails on a character outside the alphabet (names it and its position) or on whitespace.
Result<Bytes> base58_decode(std::string_view text);

// Base58Check: payload || first 4 bytes of double-SHA-256(payload).
std::string base58check_encode(ByteView payload);
// Fails on a bad character, a string shorter than the checksum, or a checksum mismatch ("bad checksum").
Result<Bytes> base58check_decode(std::string_view text);

}  // namespace porwatch::encoding
