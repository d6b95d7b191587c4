// Ownership proofs: does a BookEntry's published signature prove control of its address?
//
// Verdicts are values with the scheme used and a reason, like Bitcoin Core's
// MessageVerificationResult. Invariant: anything that is not positively proven is not
// `verified` — an address that does not parse, a signature that does not recover, a key
// counted twice toward m-of-n, an unknown scheme: all are `failed` with a reason.
//
// Pure: no I/O. Thread-safe: verify_entry may be called from many threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/util/enum_names.hpp"

namespace porwatch::proof {

// Persisted by name (to_string): "verified", "failed", "unsupported", "unsigned",
// "owners-signed". Names are frozen.
enum class ProofStatus {
    verified,
    failed,
    unsupported,
    unsigned_entry,
    owners_signed
};
inline constexpr std::array kAllProofStatuses{ProofStatus::verified, ProofStatus::failed, ProofStatus::unsupported,
                                              ProofStatus::unsigned_entry, ProofStatus::owners_signed};
std::string_view to_string(ProofStatus status);
// Returns: the status named `name` (one of the frozen names above), or nullopt.
std::optional<ProofStatus> proof_status_from_string(std::string_view name);

struct ProofResult {
    ProofStatus status = ProofStatus::failed;
    // The scheme that verified (or was tried last), by frozen name: "bip137", "bip137-loose",
    // "bip322-simple", "bip322-full", "bip322-pof", "multisig", "eip191", "eip191-hash", "keccak-raw",
    // "tron-v1", "tron-v2", "tron-raw32", "owners", or "" when none applied.
    std::string scheme;
    std::string reason;  // why it failed / what was proven ("2 of 2 required keys")
    int proven = 0;  // multisig: distinct script keys proven
    int required = 0;  // multisig: m of the m-of-n script (or what the row claims)
    // EVM contract rows: the owner EOAs whose signatures verified (EIP-55).
    std::vector<std::string> signers;
    // The row's message broke its file's message policy (message_policy.hpp): the row is not
    // verified, and no on-chain evidence may make it so.
    bool failed_message_policy = false;

    friend bool operator==(const ProofResult&, const ProofResult&) = default;
};

enum class HeaderPolicy {
    accept_loose,
    strict
};  // --strict rejects Electrum's 27–34 on segwit

struct VerifyPolicy {
    HeaderPolicy headers = HeaderPolicy::accept_loose;
};

// Verify one entry. Never fails as a call: every outcome is a ProofResult. A row with an
// input error (a field that is not valid UTF-8) fails with that error.
ProofResult verify_entry(const addressbook::BookEntry& entry, const VerifyPolicy& policy);

}  // namespace porwatch::proof
