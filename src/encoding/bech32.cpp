// Bech32/Bech32m after the BIP-173 and BIP-350 reference code (sipa/bech32).
#include "porwatch/encoding/bech32.hpp"

#include <array>

namespace porwatch::encoding {
namespace {

constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::uint32_t kBech32Const = 1;
constexpr std::uint32_t kBech32mConst = 0x2bc830a3;
constexpr std::size_t kMaxLength = 90;
constexpr std::size_t kChecksumLength = 6;

std::uint32_t polymod(const Bytes& values)
{
    static constexpr std::array<std::uint32_t, 5> kGenerator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd,
                                                                0x2a1462b3};
    std::uint32_t chk = 1;
    for (std::uint8_t v : values) {
        const std::uint32_t top = chk >> 25;
        chk = (chk & 0x1ffffff) << 5 ^ v;
        for (int i = 0; i < 5; ++i) {
            if ((top >> i) & 1) chk ^= kGenerator[static_cast<std::size_t>(i)];
        }
    }
    return chk;
}

Bytes hrp_expand(std::string_view hrp)
{
    Bytes out;
    out.reserve(hrp.size() * 2 + 1);
    for (char c : hrp) out.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) >> 5));
    out.push_back(0);
    for (char c : hrp) out.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) & 31));
    return out;
}

std::uint32_t variant_const(Bech32Variant variant)
{
    return variant == Bech32Variant::bech32 ? kBech32Const : kBech32mConst;
}

int charset_value(char c)
{
    const auto pos = kCharset.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

std::string bech32_encode(std::string_view hrp, ByteView data5, Bech32Variant variant)
{
    Bytes values = hrp_expand(hrp);
    values.insert(values.end(), data5.begin(), data5.end());
    values.insert(values.end(), kChecksumLength, 0);
    const std::uint32_t mod = polymod(values) ^ variant_const(variant);

    std::string out(hrp);
    out.push_back('1');
    for (std::uint8_t v : data5) out.push_back(kCharset[v]);
    for (std::size_t i = 0; i < kChecksumLength; ++i) {
        out.push_back(kCharset[(mod >> (5 * (5 - i))) & 31]);
    }
    return out;
}

Result<Bech32Decoded> bech32_decode(std::string_view text)
{
    bool has_lower = false;
    bool has_upper = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 33 || c > 126) {
            return Error{"invalid character (code " + std::to_string(c) + ") at position " + std::to_string(i + 1)};
        }
        has_lower = has_lower || (c >= 'a' && c <= 'z');
        has_upper = has_upper || (c >= 'A' && c <= 'Z');
    }
    if (has_lower && has_upper) return Error{"mixed-case bech32 string"};
    if (text.size() > kMaxLength) {
        return Error{"bad length: bech32 string is " + std::to_string(text.size()) + " characters, the limit is 90"};
    }
    const auto sep = text.rfind('1');
    if (sep == std::string_view::npos) return Error{"bech32 separator '1' is missing"};
    if (sep == 0) return Error{"bech32 human-readable part is empty"};
    if (sep + 1 + kChecksumLength > text.size()) {
        return Error{"bech32 data part is shorter than the 6-character checksum"};
    }

    Bech32Decoded decoded;
    decoded.hrp.reserve(sep);
    for (std::size_t i = 0; i < sep; ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        decoded.hrp.push_back(c);
    }
    Bytes values;
    values.reserve(text.size() - sep - 1);
    for (std::size_t i = sep + 1; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        const int v = charset_value(c);
        if (v < 0) {
            return Error{"invalid bech32 character '" + std::string(1, text[i]) + "' at position " +
                         std::to_string(i + 1)};
        }
        values.push_back(static_cast<std::uint8_t>(v));
    }
    Bytes check = hrp_expand(decoded.hrp);
    check.insert(check.end(), values.begin(), values.end());
    const std::uint32_t mod = polymod(check);
    if (mod == kBech32Const) {
        decoded.variant = Bech32Variant::bech32;
    } else if (mod == kBech32mConst) {
        decoded.variant = Bech32Variant::bech32m;
    } else {
        return Error{"bad checksum (bech32/bech32m)"};
    }
    values.resize(values.size() - kChecksumLength);
    decoded.data = std::move(values);
    return decoded;
}

Result<Bytes> convert_bits(ByteView in, int from_bits, int to_bits, bool pad)
{
    std::uint32_t acc = 0;
    int bits = 0;
    const std::uint32_t maxv = (1u << to_bits) - 1;
    Bytes out;
    out.reserve(in.size() * static_cast<std::size_t>(from_bits) / static_cast<std::size_t>(to_bits) + 1);
    for (std::uint8_t value : in) {
        if ((value >> from_bits) != 0) return Error{"value out of range for bit conversion"};
        acc = acc << from_bits | value;
        bits += from_bits;
        while (bits >= to_bits) {
            bits -= to_bits;
            out.push_back(static_cast<std::uint8_t>((acc >> bits) & maxv));
        }
    }
    if (pad) {
        if (bits > 0) out.push_back(static_cast<std::uint8_t>((acc << (to_bits - bits)) & maxv));
    } else if (bits >= from_bits) {
        return Error{"invalid padding: more than 4 bits left over"};
    } else if (((acc << (to_bits - bits)) & maxv) != 0) {
        return Error{"invalid padding: non-zero padding bits"};
    }
    return out;
}

Result<SegwitProgram> segwit_decode(std::string_view expected_hrp, std::string_view address)
{
    auto decoded = bech32_decode(address);
    if (!decoded) return decoded.error();
    if (decoded->hrp != expected_hrp) {
        return Error{"wrong network: human-readable part '" + decoded->hrp + "', expected '" +
                     std::string(expected_hrp) + "'"};
    }
    if (decoded->data.empty()) return Error{"bad length: segwit address has no witness version"};
    const int version = decoded->data[0];
    if (version > 16) return Error{"invalid witness version " + std::to_string(version)};
    auto program = convert_bits(ByteView(decoded->data).subspan(1), 5, 8, /*pad=*/false);
    if (!program) return program.error();
    if (program->size() < 2 || program->size() > 40) {
        return Error{"bad length: witness program is " + std::to_string(program->size()) + " bytes, must be 2 to 40"};
    }
    if (version == 0 && program->size() != 20 && program->size() != 32) {
        return Error{"bad length: witness v0 program is " + std::to_string(program->size()) +
                     " bytes, must be 20 (P2WPKH) or 32 (P2WSH)"};
    }
    if (version == 0 && decoded->variant != Bech32Variant::bech32) {
        return Error{"witness v0 address must use bech32, not bech32m (BIP-350)"};
    }
    if (version != 0 && decoded->variant != Bech32Variant::bech32m) {
        return Error{"witness v" + std::to_string(version) + " address must use bech32m, not bech32 (BIP-350)"};
    }
    return SegwitProgram{version, std::move(program.value())};
}

std::string segwit_encode(std::string_view hrp, int version, ByteView program)
{
    Bytes data5{static_cast<std::uint8_t>(version)};
    const auto converted = convert_bits(program, 8, 5, /*pad=*/true);
    data5.insert(data5.end(), converted->begin(), converted->end());
    return bech32_encode(hrp, data5, version == 0 ? Bech32Variant::bech32 : Bech32Variant::bech32m);
}

}  // namespace porwatch::encoding
