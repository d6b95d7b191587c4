// Byte-level codecs the proof schemes share, private to src/proof: strict base64,
// Bitcoin CompactSize, a bounds-checked reader, and the r‖s‖v signature text of EVM/TRON.
// Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "porwatch/util/bytes.hpp"

namespace porwatch::proof::detail {

// Decode standard base64 (RFC 4648 alphabet, '=' padding, length a multiple of 4).
// Returns nullopt on any other character, bad padding or non-zero padding bits.
std::optional<Bytes> base64_decode(std::string_view text);

void write_compact_size(Bytes& out, std::uint64_t value);
void write_varbytes(Bytes& out, ByteView bytes);  // CompactSize(len) ‖ bytes
void write_le32(Bytes& out, std::uint32_t value);
void write_le64(Bytes& out, std::uint64_t value);

// Reads little-endian integers, CompactSize and byte strings; every read fails (returns
// false / nullopt) instead of running past the end.
class ByteReader {
public:
    explicit ByteReader(ByteView data) : m_data(data) { }

    std::optional<std::uint8_t> u8();
    std::optional<std::uint32_t> le32();
    std::optional<std::uint64_t> le64();
    std::optional<std::uint64_t> compact_size();  // canonical encodings only
    std::optional<Bytes> bytes(std::size_t count);
    std::optional<Bytes> varbytes();  // CompactSize(len) ‖ bytes
    std::optional<std::uint8_t> peek() const;
    bool at_end() const { return m_pos == m_data.size(); }

private:
    ByteView m_data;
    std::size_t m_pos = 0;
};

// An EVM/TRON signature: r‖s and recovery id 0/1.
struct RsvSignature {
    Bytes rs;  // 64 bytes
    int recid = 0;
};
// Parse "0x"+130 hex or 130 hex; v ∈ {0, 1, 27, 28}. Returns nullopt otherwise.
std::optional<RsvSignature> parse_rsv_hex(std::string_view text);

}  // namespace porwatch::proof::detail
