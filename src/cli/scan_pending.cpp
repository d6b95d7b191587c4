// TEMPORARY (branch h-scan only): a stand-in for proof::verify_entry until branch h-proof is
// merged. Delete on merging main: the real definition then collides with this one at link time,
// so this cannot be forgotten. Every signed row is `failed` meanwhile (fail closed).
#include "porwatch/proof/verify.hpp"

namespace porwatch {

proof::ProofResult proof::verify_entry(const addressbook::BookEntry& entry, const VerifyPolicy&)
{
    ProofResult r;
    r.status = entry.is_signed() ? ProofStatus::failed : ProofStatus::unsigned_entry;
    r.reason = "proof module not merged yet";
    return r;
}

}  // namespace porwatch
