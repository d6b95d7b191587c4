#include "codec.hpp"

#include <cryptopp/base64.h>
#include <cryptopp/filters.h>

#include "porwatch/util/hex.hpp"

namespace porwatch::proof::detail {
namespace {

int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

}  // namespace

std::optional<Bytes> base64_decode(std::string_view text)
{
    // Crypto++'s decoder skips characters it does not know, so the text is validated here
    // first: a signature with a stray character must fail, not decode to something else.
    if (text.size() % 4 != 0) return std::nullopt;
    std::size_t padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
    for (std::size_t i = 0; i + padding < text.size(); ++i) {
        if (base64_value(text[i]) < 0) return std::nullopt;
    }
    if (padding > 0) {
        // The unused low bits of the last data character must be zero (canonical encoding).
        const int last = base64_value(text[text.size() - 1 - padding]);
        const int mask = padding == 1 ? 0x03 : 0x0f;
        if ((last & mask) != 0) return std::nullopt;
    }
    std::string decoded;
    CryptoPP::StringSource source(reinterpret_cast<const CryptoPP::byte*>(text.data()), text.size(), true,
                                  new CryptoPP::Base64Decoder(new CryptoPP::StringSink(decoded)));
    return Bytes(decoded.begin(), decoded.end());
}

void write_compact_size(Bytes& out, std::uint64_t value)
{
    if (value < 0xfd) {
        out.push_back(static_cast<std::uint8_t>(value));
    } else if (value <= 0xffff) {
        out.push_back(0xfd);
        for (int i = 0; i < 2; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    } else if (value <= 0xffffffffULL) {
        out.push_back(0xfe);
        write_le32(out, static_cast<std::uint32_t>(value));
    } else {
        out.push_back(0xff);
        write_le64(out, value);
    }
}

void write_varbytes(Bytes& out, ByteView bytes)
{
    write_compact_size(out, bytes.size());
    out.insert(out.end(), bytes.begin(), bytes.end());
}

void write_le32(Bytes& out, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void write_le64(Bytes& out, std::uint64_t value)
{
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

std::optional<std::uint8_t> ByteReader::u8()
{
    if (m_pos >= m_data.size()) return std::nullopt;
    return m_data[m_pos++];
}

std::optional<std::uint8_t> ByteReader::peek() const
{
    if (m_pos >= m_data.size()) return std::nullopt;
    return m_data[m_pos];
}

std::optional<std::uint32_t> ByteReader::le32()
{
    if (m_data.size() - m_pos < 4) return std::nullopt;
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= std::uint32_t{m_data[m_pos + static_cast<std::size_t>(i)]} << (8 * i);
    m_pos += 4;
    return value;
}

std::optional<std::uint64_t> ByteReader::le64()
{
    if (m_data.size() - m_pos < 8) return std::nullopt;
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= std::uint64_t{m_data[m_pos + static_cast<std::size_t>(i)]} << (8 * i);
    m_pos += 8;
    return value;
}

std::optional<std::uint64_t> ByteReader::compact_size()
{
    const auto first = u8();
    if (!first) return std::nullopt;
    if (*first < 0xfd) return *first;
    std::uint64_t value = 0;
    std::uint64_t minimum = 0;
    if (*first == 0xfd) {
        const auto lo = u8();
        const auto hi = u8();
        if (!lo || !hi) return std::nullopt;
        value = std::uint64_t{*lo} | (std::uint64_t{*hi} << 8);
        minimum = 0xfd;
    } else if (*first == 0xfe) {
        const auto v = le32();
        if (!v) return std::nullopt;
        value = *v;
        minimum = 0x10000;
    } else {
        const auto v = le64();
        if (!v) return std::nullopt;
        value = *v;
        minimum = 0x100000000ULL;
    }
    if (value < minimum) return std::nullopt;  // non-canonical
    return value;
}

std::optional<Bytes> ByteReader::bytes(std::size_t count)
{
    if (m_data.size() - m_pos < count) return std::nullopt;
    Bytes out(m_data.begin() + static_cast<std::ptrdiff_t>(m_pos),
              m_data.begin() + static_cast<std::ptrdiff_t>(m_pos + count));
    m_pos += count;
    return out;
}

std::optional<Bytes> ByteReader::varbytes()
{
    const auto size = compact_size();
    if (!size || *size > m_data.size() - m_pos) return std::nullopt;
    return bytes(static_cast<std::size_t>(*size));
}

std::optional<RsvSignature> parse_rsv_hex(std::string_view text)
{
    auto decoded = from_hex(text, HexPrefix::allowed);
    if (!decoded || decoded->size() != 65) return std::nullopt;
    const std::uint8_t v = (*decoded)[64];
    int recid = -1;
    if (v == 0 || v == 1) recid = v;
    if (v == 27 || v == 28) recid = v - 27;
    if (recid < 0) return std::nullopt;
    decoded->resize(64);
    return RsvSignature{std::move(*decoded), recid};
}

}  // namespace porwatch::proof::detail
