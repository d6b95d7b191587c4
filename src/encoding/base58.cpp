#include "porwatch/encoding/base58.hpp"

#include <algorithm>
#include <array>

#include "porwatch/crypto/hash.hpp"

namespace porwatch::encoding {
namespace {

constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::size_t kChecksumSize = 4;

constexpr std::array<int, 256> make_reverse_table()
{
    std::array<int, 256> table{};
    table.fill(-1);
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    }
    return table;
}
constexpr std::array<int, 256> kReverse = make_reverse_table();

}  // namespace

std::string base58_encode(ByteView data)
{
    // Leading zero bytes map one-to-one to leading '1's.
    std::size_t zeros = 0;
    while (zeros < data.size() && data[zeros] == 0) ++zeros;

    // Big-number conversion base 256 → base 58; digits kept little-endian.
    std::vector<std::uint8_t> digits;
    digits.reserve((data.size() - zeros) * 138 / 100 + 1);
    for (std::size_t i = zeros; i < data.size(); ++i) {
        int carry = data[i];
        for (auto& digit : digits) {
            carry += digit * 256;
            digit = static_cast<std::uint8_t>(carry % 58);
            carry /= 58;
        }
        while (carry > 0) {
            digits.push_back(static_cast<std::uint8_t>(carry % 58));
            carry /= 58;
        }
    }
    std::string out(zeros, '1');
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kAlphabet[*it]);
    return out;
}

Result<Bytes> base58_decode(std::string_view text)
{
    std::size_t ones = 0;
    while (ones < text.size() && text[ones] == '1') ++ones;

    std::vector<std::uint8_t> bytes;  // little-endian base 256
    bytes.reserve(text.size() * 733 / 1000 + 1);
    for (std::size_t i = ones; i < text.size(); ++i) {
        const int value = kReverse[static_cast<unsigned char>(text[i])];
        if (value < 0) {
            return Error{"invalid base58 character '" + std::string(1, text[i]) + "' at position " +
                         std::to_string(i + 1)};
        }
        int carry = value;
        for (auto& byte : bytes) {
            carry += byte * 58;
            byte = static_cast<std::uint8_t>(carry & 0xff);
            carry >>= 8;
        }
        while (carry > 0) {
            bytes.push_back(static_cast<std::uint8_t>(carry & 0xff));
            carry >>= 8;
        }
    }
    Bytes out(ones, 0);
    out.insert(out.end(), bytes.rbegin(), bytes.rend());
    return out;
}

std::string base58check_encode(ByteView payload)
{
    Bytes data(payload.begin(), payload.end());
    const Hash256 check = crypto::double_sha256(payload);
    data.insert(data.end(), check.begin(), check.begin() + kChecksumSize);
    return base58_encode(data);
}

Result<Bytes> base58check_decode(std::string_view text)
{
    auto decoded = base58_decode(text);
    if (!decoded) return decoded.error();
    Bytes& data = decoded.value();
    if (data.size() < kChecksumSize) {
        return Error{"bad length: base58check string too short for its checksum"};
    }
    const ByteView payload(data.data(), data.size() - kChecksumSize);
    const Hash256 check = crypto::double_sha256(payload);
    if (!std::equal(check.begin(), check.begin() + kChecksumSize, data.end() - kChecksumSize)) {
        return Error{"bad checksum (base58check)"};
    }
    data.resize(data.size() - kChecksumSize);
    return decoded;
}

}  // namespace porwatch::encoding
