// OKX-style multisig ownership: per-key legacy message signatures plus the redeem/witness
// script. Rule (stricter than OKX's verifier, por-formats.md §1.10): the script must hash to
// the address, parse as OP_m <keys> OP_n OP_CHECKMULTISIG, every published signature must
// recover to a key of the script, no key may be proven twice, and at least m keys must be
// proven (k ≥ m). Signature order does not matter.
#include <algorithm>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/util/hex.hpp"
#include "schemes.hpp"
#include "script.hpp"

namespace porwatch::proof::detail {
namespace {

ProofResult failed(std::string reason, int proven = 0, int required = 0)
{
    ProofResult out = make_result(ProofStatus::failed, "multisig", std::move(reason));
    out.proven = proven;
    out.required = required;
    return out;
}

template <typename Digest> bool equals(const Digest& digest, const Bytes& payload)
{
    return std::equal(digest.begin(), digest.end(), payload.begin(), payload.end());
}

// Returns: how the script commits to the address ("P2SH", "P2WSH", "P2SH-P2WSH"), or "".
std::string script_commitment(const address::Address& address, const Bytes& script)
{
    using address::AddressType;
    if (address.type == AddressType::p2wsh) return equals(crypto::sha256(script), address.payload) ? "P2WSH" : "";
    if (address.type != AddressType::p2sh) return "";
    if (equals(crypto::hash160(script), address.payload)) return "P2SH";
    const Hash256 program = crypto::sha256(script);
    Bytes nested{0x00, 0x20};
    nested.insert(nested.end(), program.begin(), program.end());
    return equals(crypto::hash160(nested), address.payload) ? "P2SH-P2WSH" : "";
}

}  // namespace

ProofResult verify_multisig(const address::Address& address, std::string_view message,
                            const std::vector<std::string>& signatures, std::string_view script_hex)
{
    using address::AddressType;
    if (address.type != AddressType::p2sh && address.type != AddressType::p2wsh) {
        return failed("multisig proof needs a P2SH or P2WSH address, not " +
                      std::string(address::to_string(address.type)));
    }
    if (script_hex.empty()) return failed("multisig row has no redeem/witness script");
    auto script = from_hex(script_hex, HexPrefix::allowed);
    if (!script) return failed("script is not hex: " + script.error().message);
    const std::string kind = script_commitment(address, *script);
    if (kind.empty()) return failed("script does not hash to the address");
    const auto multisig = parse_multisig(*script);
    if (!multisig) return failed("script is not OP_m <keys> OP_n OP_CHECKMULTISIG");
    const int m = multisig->m;
    if (signatures.empty()) return failed("no signatures", 0, m);
    const Hash256 digest = legacy_message_hash(message_magic(address.chain), message);
    std::vector<std::size_t> proven_keys;
    for (std::size_t i = 0; i < signatures.size(); ++i) {
        const std::string which = "signature " + std::to_string(i + 1);
        auto sig = decode_compact(signatures[i]);
        if (!sig) return failed(which + ": " + sig.error().message, 0, m);
        if (sig->header > 34)
            return failed(which + ": header " + std::to_string(sig->header) +
                              " is a segwit single-key header, not a script key",
                          0, m);
        auto key = recover_compact(*sig, digest);
        if (!key) return failed(which + ": " + key.error().message, 0, m);
        const auto it = std::find(multisig->keys.begin(), multisig->keys.end(), *key);
        if (it == multisig->keys.end()) return failed(which + " recovers a key that is not in the script", 0, m);
        const auto index = static_cast<std::size_t>(it - multisig->keys.begin());
        if (std::find(proven_keys.begin(), proven_keys.end(), index) != proven_keys.end()) {
            return failed(which + " proves script key #" + std::to_string(index) + " again (a key counts once)",
                          static_cast<int>(proven_keys.size()), m);
        }
        proven_keys.push_back(index);
    }
    const int k = static_cast<int>(proven_keys.size());
    const std::string summary = std::to_string(k) + " of " + std::to_string(m) + " keys proven";
    if (k < m) return failed(summary + ": fewer than the script's threshold", k, m);
    ProofResult out = make_result(ProofStatus::verified, "multisig",
                                  summary + " (" + kind + " " + std::to_string(m) + "-of-" +
                                      std::to_string(multisig->keys.size()) + ")");
    out.proven = k;
    out.required = m;
    return out;
}

}  // namespace porwatch::proof::detail
