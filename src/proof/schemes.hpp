// The individual signature schemes behind verify_entry, private to src/proof.
// Each returns a complete ProofResult (scheme name, status, reason). Pure and thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/proof/verify.hpp"

namespace porwatch::proof::detail {

// Returns: a ProofResult with `status`, `scheme` and `reason` (the other fields zero).
inline ProofResult make_result(ProofStatus status, std::string scheme, std::string reason)
{
    ProofResult out;
    out.status = status;
    out.scheme = std::move(scheme);
    out.reason = std::move(reason);
    return out;
}

// Bitcoin-family message magic: "Bitcoin Signed Message:\n", "Litecoin Signed Message:\n".
std::string_view message_magic(address::Chain chain);
// SHA256d(varstr(magic) ‖ varstr(message)) (Bitcoin Core's MessageHash).
Hash256 legacy_message_hash(std::string_view magic, std::string_view message);

// A decoded 65-byte compact signature: header 27..42 and r‖s.
struct CompactSignature {
    int header = 0;
    Bytes rs;
};
// Decode base64 to exactly 65 bytes with a header in 27..42. Fails with the reason.
Result<CompactSignature> decode_compact(std::string_view base64);
// Recover the signing key (serialized as the header's compression flag says).
Result<Bytes> recover_compact(const CompactSignature& sig, const Hash256& digest);

// BIP-137 (and Electrum's loose 31–34 headers on segwit single-key addresses).
ProofResult verify_bip137(const address::Address& address, std::string_view message, std::string_view signature,
                          HeaderPolicy headers);
// BIP-322 simple ("smp", or unprefixed) and full ("ful").
ProofResult verify_bip322(const address::Address& address, std::string_view message, std::string_view signature);
// OKX-style multisig: per-key legacy signatures plus the redeem/witness script.
ProofResult verify_multisig(const address::Address& address, std::string_view message,
                            const std::vector<std::string>& signatures, std::string_view script_hex);

// EVM and TRON digests, by frozen scheme name.
enum class EcdsaScheme {
    eip191,
    eip191_hash,
    keccak_raw,
    tron_v1,
    tron_v2,
    tron_raw32
};
std::string_view to_string(EcdsaScheme scheme);
Hash256 ecdsa_digest(EcdsaScheme scheme, std::string_view message);
// Try `schemes` in order; verified by the first whose recovered account equals `account20`.
ProofResult verify_account(ByteView account20, std::string_view message, std::string_view signature,
                           std::span<const EcdsaScheme> schemes);

}  // namespace porwatch::proof::detail
