// Legacy Bitcoin message signatures (Bitcoin Core signmessage) and BIP-137 header types.
#include <algorithm>

#include "codec.hpp"
#include "porwatch/crypto/hash.hpp"
#include "schemes.hpp"
#include "secp.hpp"

namespace porwatch::proof::detail {
namespace {

bool equals(const Hash160& a, const Bytes& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// HASH160 of the P2SH-P2WPKH redeem script 0x0014‖HASH160(key).
Hash160 nested_p2wpkh_hash(const Bytes& key)
{
    const Hash160 key_hash = crypto::hash160(key);
    Bytes redeem{0x00, 0x14};
    redeem.insert(redeem.end(), key_hash.begin(), key_hash.end());
    return crypto::hash160(redeem);
}

}  // namespace

std::string_view message_magic(address::Chain chain)
{
    return chain == address::Chain::litecoin ? "Litecoin Signed Message:\n" : "Bitcoin Signed Message:\n";
}

Hash256 legacy_message_hash(std::string_view magic, std::string_view message)
{
    Bytes data;
    write_varbytes(data, crypto::as_bytes(magic));
    write_varbytes(data, crypto::as_bytes(message));
    return crypto::double_sha256(data);
}

Result<CompactSignature> decode_compact(std::string_view base64)
{
    const auto raw = base64_decode(base64);
    if (!raw) return Error{"signature is not valid base64"};
    if (raw->size() != 65) {
        return Error{"signature is " + std::to_string(raw->size()) + " bytes, a compact signature has 65"};
    }
    const int header = (*raw)[0];
    if (header < 27 || header > 42) return Error{"signature header " + std::to_string(header) + " is not 27..42"};
    return CompactSignature{header, Bytes(raw->begin() + 1, raw->end())};
}

Result<Bytes> recover_compact(const CompactSignature& sig, const Hash256& digest)
{
    const int recid = (sig.header - 27) & 3;
    const bool compressed = sig.header >= 31;
    auto key = ecdsa_recover(digest, sig.rs, recid, compressed);
    if (!key) return Error{"no public key recovers from the signature"};
    return std::move(*key);
}

ProofResult verify_bip137(const address::Address& address, std::string_view message, std::string_view signature,
                          HeaderPolicy headers)
{
    using address::AddressType;
    auto sig = decode_compact(signature);
    if (!sig) return make_result(ProofStatus::failed, "bip137", sig.error().message);
    auto key = recover_compact(*sig, legacy_message_hash(message_magic(address.chain), message));
    if (!key) return make_result(ProofStatus::failed, "bip137", key.error().message);
    const int range = (sig->header - 27) / 4;  // 0 uncompressed, 1 compressed, 2 P2SH-P2WPKH, 3 P2WPKH
    const bool loose = range == 1 && address.type != AddressType::p2pkh;
    const std::string scheme = loose ? "bip137-loose" : "bip137";
    switch (address.type) {
    case AddressType::p2pkh:
        if (range > 1)
            return make_result(ProofStatus::failed, scheme,
                               "header " + std::to_string(sig->header) + " pins a segwit address type, not P2PKH");
        break;
    case AddressType::p2sh:
        if (range != 2 && range != 1) {
            return make_result(ProofStatus::failed, scheme,
                               "header " + std::to_string(sig->header) + " does not sign a P2SH-P2WPKH address");
        }
        break;
    case AddressType::p2wpkh:
        if (range != 3 && range != 1) {
            return make_result(ProofStatus::failed, scheme,
                               "header " + std::to_string(sig->header) + " does not sign a P2WPKH address");
        }
        break;
    default:
        return make_result(ProofStatus::failed, scheme,
                           "a legacy message signature cannot prove a " +
                               std::string(address::to_string(address.type)) +
                               " address (needs BIP-322 or a multisig script)");
    }
    if (loose && headers == HeaderPolicy::strict) {
        return make_result(ProofStatus::failed, scheme,
                           "Electrum-style header " + std::to_string(sig->header) +
                               " on a segwit address (rejected by --strict)");
    }
    const bool matches = address.type == AddressType::p2pkh  ? equals(crypto::hash160(*key), address.payload)
                         : address.type == AddressType::p2sh ? equals(nested_p2wpkh_hash(*key), address.payload)
                                                             : equals(crypto::hash160(*key), address.payload);
    if (!matches) return make_result(ProofStatus::failed, scheme, "recovered key does not own the address");
    return make_result(ProofStatus::verified, scheme,
                       loose ? "legacy signature with Electrum-style header " + std::to_string(sig->header)
                             : "legacy message signature, header " + std::to_string(sig->header));
}

}  // namespace porwatch::proof::detail
