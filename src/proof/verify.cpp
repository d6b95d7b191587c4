// verify_entry: pick the scheme(s) a row's chain, address type, file format and explicit
// `scheme` imply, and return one verdict. Anything not positively proven is not verified.
#include "porwatch/proof/verify.hpp"

#include <array>

#include "schemes.hpp"

namespace porwatch::proof {
namespace {

using address::AddressType;
using address::Chain;
using addressbook::BookEntry;
using addressbook::FileFormat;
using detail::EcdsaScheme;
using detail::make_result;

// The EVM/TRON digests to try for a row, or an empty list for an unknown explicit scheme.
std::vector<EcdsaScheme> account_schemes(const BookEntry& entry)
{
    const bool tron = entry.chain == Chain::tron;
    const std::string& named = entry.ownership.scheme;
    if (!named.empty()) {
        for (const EcdsaScheme scheme : {EcdsaScheme::eip191, EcdsaScheme::eip191_hash, EcdsaScheme::keccak_raw,
                                         EcdsaScheme::tron_v1, EcdsaScheme::tron_v2, EcdsaScheme::tron_raw32}) {
            const bool tron_scheme = scheme >= EcdsaScheme::tron_v1;
            if (detail::to_string(scheme) == named && tron_scheme == tron) return {scheme};
        }
        return {};
    }
    switch (entry.format) {
    case FileFormat::okx:
        return tron ? std::vector{EcdsaScheme::tron_v1, EcdsaScheme::tron_v2}
                    : std::vector{EcdsaScheme::eip191_hash, EcdsaScheme::eip191};
    case FileFormat::htx:
        return tron ? std::vector{EcdsaScheme::tron_v1, EcdsaScheme::tron_raw32}
                    : std::vector{EcdsaScheme::eip191, EcdsaScheme::keccak_raw};
    case FileFormat::porwatch: break;
    }
    return tron ? std::vector{EcdsaScheme::tron_v1, EcdsaScheme::tron_v2} : std::vector{EcdsaScheme::eip191};
}

ProofResult verify_owners(const BookEntry& entry)
{
    const auto& owners = entry.ownership.owners;
    const auto& signatures = entry.ownership.signatures;
    const auto schemes = account_schemes(entry);
    if (schemes.empty())
        return make_result(ProofStatus::failed, entry.ownership.scheme, "unknown scheme for owner signatures");
    ProofResult out = make_result(ProofStatus::owners_signed, "owners", "");
    std::string used;
    for (std::size_t i = 0; i < owners.size(); ++i) {
        const std::string which = "owner " + std::to_string(i + 1) + " " + owners[i];
        const auto owner = address::parse_evm_address(owners[i]);
        if (!owner) return make_result(ProofStatus::failed, "owners", which + ": " + owner.error().message);
        if (i >= signatures.size()) return make_result(ProofStatus::failed, "owners", which + " has no signature");
        const ProofResult one = detail::verify_account(owner->payload, entry.ownership.message, signatures[i], schemes);
        if (one.status != ProofStatus::verified)
            return make_result(ProofStatus::failed, "owners", which + ": " + one.reason);
        out.signers.push_back(owner->text);
        if (used.find(one.scheme) == std::string::npos) used += (used.empty() ? "" : ", ") + one.scheme;
    }
    out.reason = std::to_string(owners.size()) + " owner signature(s) verified (" + used +
                 "); that they control the contract is not checked on-chain";
    return out;
}

// A legacy compact signature is 65 bytes: exactly 88 base64 characters ending in one '='.
// (Decoding happens once, in the scheme; this only routes.)
bool is_compact_legacy(const std::string& signature)
{
    return signature.size() == 88 && signature[86] != '=' && signature[87] == '=';
}

ProofResult verify_bitcoin(const BookEntry& entry, const VerifyPolicy& policy)
{
    const auto& address = *entry.address;
    const auto& own = entry.ownership;
    const std::string& scheme = own.scheme;
    if (scheme == "multisig" || (scheme.empty() && !own.script.empty() &&
                                 (address.type == AddressType::p2sh || address.type == AddressType::p2wsh) &&
                                 is_compact_legacy(own.signatures[0]))) {
        return detail::verify_multisig(address, own.message, own.signatures, own.script);
    }
    if (!scheme.empty() && scheme != "bip137" && scheme != "bip322") {
        return make_result(ProofStatus::failed, scheme,
                           "scheme '" + scheme + "' does not apply to a Bitcoin-family address");
    }
    // OKX P2PKH rows carry an unrelated signature2 that must not count either way (§1.10 item 9).
    if (own.signatures.size() > 1 && entry.format != FileFormat::okx) {
        return make_result(ProofStatus::failed, scheme.empty() ? "bip137" : scheme,
                           std::to_string(own.signatures.size()) + " signatures for a single-key proof (expected 1)");
    }
    const std::string& signature = own.signatures[0];
    const bool legacy = is_compact_legacy(signature);
    if (scheme == "bip137" || (scheme.empty() && legacy)) {
        return detail::verify_bip137(address, own.message, signature, policy.headers);
    }
    return detail::verify_bip322(address, own.message, signature);
}

}  // namespace

std::optional<ProofStatus> proof_status_from_string(std::string_view name)
{
    return enum_from_name(kAllProofStatuses, name, [](ProofStatus s) { return to_string(s); });
}

std::string_view to_string(ProofStatus status)
{
    switch (status) {
    case ProofStatus::verified: return "verified";
    case ProofStatus::failed: return "failed";
    case ProofStatus::unsupported: return "unsupported";
    case ProofStatus::unsigned_entry: return "unsigned";
    case ProofStatus::owners_signed: return "owners-signed";
    }
    return "failed";
}

ProofResult verify_entry(const BookEntry& entry, const VerifyPolicy& policy)
{
    if (!entry.input_error.empty()) return make_result(ProofStatus::failed, "", entry.input_error);
    if (!entry.is_supported()) return make_result(ProofStatus::unsupported, "", entry.unsupported_reason);
    if (!entry.address_error.empty() || !entry.address || !entry.chain) {
        return make_result(ProofStatus::failed, "",
                           "address does not parse: " +
                               (entry.address_error.empty() ? "no address" : entry.address_error));
    }
    if (!entry.ownership.owners.empty()) {
        if (entry.chain != Chain::ethereum)
            return make_result(ProofStatus::failed, "owners", "owner signatures on a non-EVM row");
        return verify_owners(entry);
    }
    if (!entry.is_signed()) return make_result(ProofStatus::unsigned_entry, "", "no signature published");
    switch (*entry.chain) {
    case Chain::bitcoin:
    case Chain::litecoin: return verify_bitcoin(entry, policy);
    case Chain::ethereum:
    case Chain::tron: {
        if (entry.chain == Chain::ethereum && entry.ownership.scheme == "eip1271") {
            return make_result(ProofStatus::failed, "eip1271",
                               "an EIP-1271 contract signature is checked only on chain (porwatch scan)");
        }
        const auto schemes = account_schemes(entry);
        if (schemes.empty()) {
            return make_result(ProofStatus::failed, entry.ownership.scheme,
                               "scheme '" + entry.ownership.scheme + "' does not apply to this chain");
        }
        return detail::verify_account(entry.address->payload, entry.ownership.message, entry.ownership.signatures[0],
                                      schemes);
    }
    }
    return make_result(ProofStatus::failed, "", "unknown chain");
}

}  // namespace porwatch::proof
