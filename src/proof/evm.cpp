// EVM and TRON message signatures: secp256k1 recovery over one of six Keccak digests
// (por-formats.md §6.2), low-s required (EIP-2), v ∈ {0, 1, 27, 28}.
#include <algorithm>
#include <string>

#include "codec.hpp"
#include "porwatch/crypto/hash.hpp"
#include "schemes.hpp"
#include "secp.hpp"

namespace porwatch::proof::detail {
namespace {

Hash256 keccak_concat(std::string_view prefix, ByteView body)
{
    Bytes data(prefix.begin(), prefix.end());
    data.insert(data.end(), body.begin(), body.end());
    return crypto::keccak256(data);
}

}  // namespace

std::string_view to_string(EcdsaScheme scheme)
{
    switch (scheme) {
    case EcdsaScheme::eip191: return "eip191";
    case EcdsaScheme::eip191_hash: return "eip191-hash";
    case EcdsaScheme::keccak_raw: return "keccak-raw";
    case EcdsaScheme::tron_v1: return "tron-v1";
    case EcdsaScheme::tron_v2: return "tron-v2";
    case EcdsaScheme::tron_raw32: return "tron-raw32";
    }
    return "";
}

Hash256 ecdsa_digest(EcdsaScheme scheme, std::string_view message)
{
    const ByteView text = crypto::as_bytes(message);
    const std::string length = std::to_string(message.size());
    switch (scheme) {
    case EcdsaScheme::eip191:
        return keccak_concat("\x19"
                             "Ethereum Signed Message:\n" +
                                 length,
                             text);
    case EcdsaScheme::eip191_hash:
        return keccak_concat("\x19"
                             "Ethereum Signed Message:\n32",
                             crypto::keccak256(text));
    case EcdsaScheme::keccak_raw: return crypto::keccak256(text);
    case EcdsaScheme::tron_v1:
        return keccak_concat("\x19"
                             "TRON Signed Message:\n32",
                             crypto::keccak256(text));
    case EcdsaScheme::tron_v2:
        return keccak_concat("\x19"
                             "TRON Signed Message:\n" +
                                 length,
                             text);
    case EcdsaScheme::tron_raw32:
        return keccak_concat("\x19"
                             "TRON Signed Message:\n32",
                             text);
    }
    return {};
}

ProofResult verify_account(ByteView account20, std::string_view message, std::string_view signature,
                           std::span<const EcdsaScheme> schemes)
{
    ProofResult out;
    out.status = ProofStatus::failed;
    if (!schemes.empty()) out.scheme = std::string(to_string(schemes.back()));
    const auto sig = parse_rsv_hex(signature);
    if (!sig) {
        out.reason = "signature is not 65 bytes of hex r||s||v with v in {0,1,27,28}";
        return out;
    }
    if (!is_low_s(sig->rs)) {
        out.reason = "signature has a high s value (rejected per EIP-2)";
        return out;
    }
    std::string tried;
    for (const EcdsaScheme scheme : schemes) {
        if (!tried.empty()) tried += ", ";
        tried += to_string(scheme);
        const auto key = ecdsa_recover(ecdsa_digest(scheme, message), sig->rs, sig->recid, /*compressed=*/false);
        if (!key) continue;
        const Hash256 hash = crypto::keccak256(ByteView(*key).subspan(1));
        if (std::equal(hash.begin() + 12, hash.end(), account20.begin(), account20.end())) {
            out.status = ProofStatus::verified;
            out.scheme = std::string(to_string(scheme));
            out.reason = "signature recovers the address under " + out.scheme;
            return out;
        }
    }
    out.reason = "recovered signer is not the address under " + tried;
    return out;
}

}  // namespace porwatch::proof::detail
