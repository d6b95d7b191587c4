// Bech32 (BIP-173) and Bech32m (BIP-350), plus the segwit address layer on top.
// Small by design: no Debian library has it. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::encoding {

enum class Bech32Variant {
    bech32,
    bech32m
};

struct Bech32Decoded {
    std::string hrp;  // always lower case
    Bech32Variant variant;
    Bytes data;  // 5-bit groups, checksum removed
};

// Decode a bech32 or bech32m string (at most 90 characters).
// Fails with a precise reason: mixed case, invalid character, bad separator position,
// HRP character out of range, too long, or bad checksum.
Result<Bech32Decoded> bech32_decode(std::string_view text);
// Encode 5-bit `data` under `hrp` (lower case).
std::string bech32_encode(std::string_view hrp, ByteView data5, Bech32Variant variant);

// Regroup bits (8→5 with padding, or 5→8 without). Fails on invalid padding.
Result<Bytes> convert_bits(ByteView in, int from_bits, int to_bits, bool pad);

struct SegwitProgram {
    int version;  // 0..16
    Bytes program;  // 2..40 bytes
};

// Decode a segwit address whose HRP must equal `expected_hrp`.
// Enforces BIP-173/BIP-350: v0 uses bech32 with a 20- or 32-byte program, v1+ uses bech32m,
// programs are 2..40 bytes, padding is valid.
Result<SegwitProgram> segwit_decode(std::string_view expected_hrp, std::string_view address);
// Encode a segwit address (bech32 for v0, bech32m otherwise). Precondition: a valid program.
std::string segwit_encode(std::string_view hrp, int version, ByteView program);

}  // namespace porwatch::encoding
