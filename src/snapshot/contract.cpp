// Contract-wallet rows: the EIP-1271 digest and the verdict once on-chain evidence (owner
// checks, isValidSignature checks read at the pinned block) is applied.
#include <algorithm>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/snapshot/assemble.hpp"
#include "porwatch/util/hex.hpp"

namespace porwatch::snapshot {
namespace {

proof::ProofResult with(proof::ProofStatus status, std::string scheme, std::string reason,
                        const proof::ProofResult& base)
{
    proof::ProofResult out = base;
    out.status = status;
    out.scheme = std::move(scheme);
    out.reason = std::move(reason);
    return out;
}

std::string lower(std::string s)
{
    for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    return s;
}

proof::ProofResult owners_verdict(const addressbook::BookEntry& entry, const proof::ProofResult& proof,
                                  const std::vector<chain::OwnerCheck>& checks)
{
    const auto stay = [&](const std::string& why) {
        return with(proof::ProofStatus::owners_signed, "owners", proof.reason + "; owner check: " + why, proof);
    };
    const auto c = std::find_if(checks.begin(), checks.end(),
                                [&](const chain::OwnerCheck& x) { return x.address == entry.address->text; });
    if (c == checks.end()) return stay("not read (the chain is not complete)");
    if (!c->has_code) return stay("the address has no contract code at the pinned block");
    if (!c->answers_safe) return stay("the contract does not answer Safe getOwners()/getThreshold(): " + c->error);
    if (proof.signers.empty()) return stay("no signers");
    for (const auto& signer : proof.signers) {
        if (std::find(c->owners.begin(), c->owners.end(), signer) == c->owners.end()) {
            return stay("signer " + signer + " is not among the contract's " + std::to_string(c->owners.size()) +
                        " owners");
        }
    }
    if (proof.signers.size() < c->threshold) {
        return stay(std::to_string(proof.signers.size()) + " signer(s) are below the contract's threshold " +
                    std::to_string(c->threshold));
    }
    return with(proof::ProofStatus::verified, "owners",
                std::to_string(proof.signers.size()) + " signer(s) verified and all are owners of the contract " +
                    "(threshold " + std::to_string(c->threshold) + " of " + std::to_string(c->owners.size()) +
                    ") at the pinned block",
                proof);
}

proof::ProofResult eip1271_verdict(const addressbook::BookEntry& entry, const proof::ProofResult& proof,
                                   const std::vector<chain::SignatureCheck>& checks)
{
    const auto fail = [&](const std::string& why) {
        return with(proof::ProofStatus::failed, "eip1271", "EIP-1271: " + why, proof);
    };
    const auto& sigs = entry.ownership.signatures;
    if (sigs.size() != 1) return fail(std::to_string(sigs.size()) + " signatures (expected one contract signature)");
    const std::string digest = eip1271_digest(entry.ownership.message);
    const std::string signature = lower(sigs[0].substr(0, 2) == "0x" ? sigs[0] : "0x" + sigs[0]);
    const auto c = std::find_if(checks.begin(), checks.end(), [&](const chain::SignatureCheck& x) {
        return x.address == entry.address->text && x.hash == digest && lower(x.signature) == signature;
    });
    if (c == checks.end()) return fail("isValidSignature not called (the chain is not complete)");
    if (!c->has_code && c->error.empty()) return fail("the address has no contract code at the pinned block");
    if (!c->error.empty()) return fail("isValidSignature: " + c->error);
    if (!c->valid) {
        return fail("isValidSignature returned '" + c->returned.substr(0, 80) + "', not the magic value 0x1626ba7e");
    }
    return with(proof::ProofStatus::verified, "eip1271",
                "isValidSignature(" + digest + ", signature) returned 0x1626ba7e at the pinned block", proof);
}

}  // namespace

std::string eip1271_digest(std::string_view message)
{
    const std::string prefix = "\x19"
                               "Ethereum Signed Message:\n" +
                               std::to_string(message.size());
    Bytes data(prefix.begin(), prefix.end());
    data.insert(data.end(), message.begin(), message.end());
    const Hash256 h = crypto::keccak256(data);
    return "0x" + to_hex(ByteView(h.data(), h.size()));
}

bool is_eip1271_row(const addressbook::BookEntry& entry)
{
    return entry.chain == address::Chain::ethereum && entry.ownership.scheme == "eip1271" &&
           entry.ownership.owners.empty();
}

proof::ProofResult effective_verdict(const addressbook::BookEntry& entry, const proof::ProofResult& proof,
                                     const std::vector<chain::OwnerCheck>& owners,
                                     const std::vector<chain::SignatureCheck>& signatures)
{
    if (!entry.address || !entry.address_error.empty() || !entry.is_supported()) return proof;
    if (proof.failed_message_policy) return proof;  // a wrong message is never proven by the chain
    // The offline verifier cannot judge a contract signature; the chain is the only judge.
    if (is_eip1271_row(entry)) return eip1271_verdict(entry, proof, signatures);
    if (proof.status != proof::ProofStatus::owners_signed) return proof;
    return owners_verdict(entry, proof, owners);
}

proof::ProofStatus effective_status(const addressbook::BookEntry& entry, const proof::ProofResult& proof,
                                    const std::vector<chain::OwnerCheck>& checks)
{
    return effective_verdict(entry, proof, checks, {}).status;
}

}  // namespace porwatch::snapshot
