// Fuzz the address book and the proofs: parse_book() on any bytes (layout auto-detected, as
// `porwatch verify` does with a file it is given), then verify_entry() on every row, under both
// header policies. Invariants: rows carry a line number, a parsed address carries no address
// error, and nothing is `verified` that is not a supported, signed row with a parsed address and
// valid UTF-8 ("anything that is not positively proven is not verified", proof/verify.hpp).
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "porwatch/addressbook/book.hpp"
#include "porwatch/proof/verify.hpp"

namespace {

using porwatch::proof::HeaderPolicy;
using porwatch::proof::ProofStatus;

void check_verdict(const porwatch::addressbook::BookEntry& entry, HeaderPolicy headers)
{
    const auto verdict = porwatch::proof::verify_entry(entry, porwatch::proof::VerifyPolicy{headers});
    if (verdict.status == ProofStatus::verified) {
        FUZZ_CHECK(entry.address.has_value());
        FUZZ_CHECK(entry.input_error.empty());
        FUZZ_CHECK(entry.is_supported());
        FUZZ_CHECK(entry.is_signed());
        FUZZ_CHECK(!verdict.scheme.empty());
    }
    if (!entry.is_signed()) FUZZ_CHECK(verdict.status != ProofStatus::verified);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto book = porwatch::addressbook::parse_book(porwatch::fuzz::as_text(data, size), "fuzz.csv");
    if (!book.ok()) return 0;
    for (const auto& entry : *book) {
        FUZZ_CHECK(entry.line >= 1);
        if (entry.address) FUZZ_CHECK(entry.address_error.empty());
        check_verdict(entry, HeaderPolicy::accept_loose);
        check_verdict(entry, HeaderPolicy::strict);
    }
    return 0;
}
