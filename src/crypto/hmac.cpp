#include "porwatch/crypto/hmac.hpp"

#include <cryptopp/hmac.h>
#include <cryptopp/sha.h>

namespace porwatch::crypto {

Hash256 hmac_sha256(ByteView key, ByteView message)
{
    CryptoPP::HMAC<CryptoPP::SHA256> mac(key.data(), key.size());
    static_assert(CryptoPP::HMAC<CryptoPP::SHA256>::DIGESTSIZE == std::tuple_size_v<Hash256>);
    Hash256 out{};
    mac.CalculateDigest(out.data(), message.data(), message.size());
    return out;
}

}  // namespace porwatch::crypto
