#include "porwatch/crypto/hash.hpp"

#include <cryptopp/keccak.h>
#include <cryptopp/ripemd.h>
#include <cryptopp/sha.h>
#include <secp256k1.h>

namespace porwatch::crypto {
namespace {

template <typename Algorithm, typename Out> Out digest(ByteView data)
{
    static_assert(Algorithm::DIGESTSIZE == std::tuple_size_v<Out>);
    Out out{};
    Algorithm algorithm;
    algorithm.CalculateDigest(out.data(), data.data(), data.size());
    return out;
}

// libsecp256k1's static context is enough for hashing (no precomputed tables needed).
const secp256k1_context* hashing_context()
{
    return secp256k1_context_static;
}

}  // namespace

Hash256 sha256(ByteView data)
{
    return digest<CryptoPP::SHA256, Hash256>(data);
}

Hash256 double_sha256(ByteView data)
{
    const Hash256 first = sha256(data);
    return sha256(first);
}

Hash160 ripemd160(ByteView data)
{
    return digest<CryptoPP::RIPEMD160, Hash160>(data);
}

Hash160 hash160(ByteView data)
{
    const Hash256 first = sha256(data);
    return ripemd160(first);
}

Hash256 keccak256(ByteView data)
{
    return digest<CryptoPP::Keccak_256, Hash256>(data);
}

Hash256 tagged_sha256(std::string_view tag, ByteView msg)
{
    Hash256 out{};
    // libsecp256k1 rejects a NULL pointer even with length 0; an empty span may have one.
    static const unsigned char kEmpty = 0;
    const auto* tag_ptr = tag.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(tag.data());
    const auto* msg_ptr = msg.empty() ? &kEmpty : msg.data();
    const int ok = secp256k1_tagged_sha256(hashing_context(), out.data(), tag_ptr, tag.size(), msg_ptr, msg.size());
    // The function only fails on NULL arguments, which cannot happen here.
    (void)ok;
    return out;
}

}  // namespace porwatch::crypto
