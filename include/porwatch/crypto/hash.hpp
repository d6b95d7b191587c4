// Hash functions, thin wrappers over Crypto++ (SHA-256, RIPEMD-160, Keccak-256) and
// libsecp256k1 (BIP-340 tagged SHA-256). No hash is implemented by hand here.
//
// Keccak-256 is the original Keccak padding (0x01) that Ethereum uses, not FIPS-202 SHA3-256.
// All functions are pure and thread-safe.
#pragma once

#include <string_view>

#include "porwatch/util/bytes.hpp"

namespace porwatch::crypto {

Hash256 sha256(ByteView data);
Hash256 double_sha256(ByteView data);  // SHA-256(SHA-256(data)), Bitcoin's hash256
Hash160 ripemd160(ByteView data);
Hash160 hash160(ByteView data);  // RIPEMD-160(SHA-256(data))
Hash256 keccak256(ByteView data);
// BIP-340: SHA-256(SHA-256(tag) || SHA-256(tag) || msg).
Hash256 tagged_sha256(std::string_view tag, ByteView msg);

inline ByteView as_bytes(std::string_view s)
{
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace porwatch::crypto
