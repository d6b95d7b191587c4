// Shared by the addressbook tests: load a real file from ../shared and tally its entries.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "porwatch/addressbook/book.hpp"
#include "test_support.hpp"

namespace porwatch::test {

struct BookCounts {
    int rows = 0, supported = 0, unsupported = 0, signed_rows = 0, unsigned_rows = 0;
    int address_errors = 0, claims = 0, claim_errors = 0;
    std::map<std::string, int> by_coin;
};

inline BookCounts count_book(const std::vector<addressbook::BookEntry>& entries)
{
    BookCounts c;
    for (const auto& e : entries) {
        ++c.rows;
        ++(e.is_supported() ? c.supported : c.unsupported);
        ++(e.is_signed() ? c.signed_rows : c.unsigned_rows);
        if (!e.address_error.empty()) ++c.address_errors;
        if (e.claim) ++c.claims;
        if (!e.claim_error.empty()) ++c.claim_errors;
        ++c.by_coin[e.coin];
    }
    return c;
}

inline std::vector<addressbook::BookEntry> load_real_book(const std::string& relative)
{
    auto book = addressbook::load_book_file(shared_path(relative));
    REQUIRE_MESSAGE(book.ok(), book.error().message);
    return std::move(book).value();
}

// Returns: the entry at 1-based `line` (fails the test when there is none).
inline const addressbook::BookEntry& at_line(const std::vector<addressbook::BookEntry>& entries, std::size_t line)
{
    for (const auto& e : entries) {
        if (e.line == line) return e;
    }
    FAIL("no entry at line " << line);
    return entries.front();
}

}  // namespace porwatch::test
