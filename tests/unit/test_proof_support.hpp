// Helpers for the proof unit tests: BookEntry values built by hand from an address string.
#pragma once

#include <string>
#include <vector>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/proof/verify.hpp"

namespace porwatch::test {

inline addressbook::BookEntry make_entry(const std::string& address_text, const std::string& message,
                                         std::vector<std::string> signatures, const std::string& script = "",
                                         addressbook::FileFormat format = addressbook::FileFormat::porwatch,
                                         const std::string& scheme = "")
{
    addressbook::BookEntry entry;
    entry.file = "unit";
    entry.line = 1;
    entry.format = format;
    entry.address_text = address_text;
    auto parsed = address::parse_address(address_text);
    if (parsed) {
        entry.address = parsed->address;
        entry.chain = parsed->address.chain;
        entry.network = parsed->address.network;
    } else {
        entry.address_error = parsed.error().message;
        entry.chain = address::Chain::bitcoin;
    }
    entry.ownership.message = message;
    entry.ownership.signatures = std::move(signatures);
    entry.ownership.script = script;
    entry.ownership.scheme = scheme;
    return entry;
}

inline proof::ProofResult verify(const addressbook::BookEntry& entry,
                                 proof::HeaderPolicy headers = proof::HeaderPolicy::accept_loose)
{
    return proof::verify_entry(entry, proof::VerifyPolicy{headers});
}

inline bool verified(const proof::ProofResult& result)
{
    return result.status == proof::ProofStatus::verified;
}

}  // namespace porwatch::test
