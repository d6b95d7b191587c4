// TEMPORARY (branch h-scan only): stand-ins for addressbook::load_book_file (porwatch native CSV
// only) and proof::verify_entry until branches h-book and h-proof are merged. Delete on merging
// main: the real definitions then collide with these at link time, so this cannot be forgotten.
#include <fstream>
#include <sstream>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/proof/verify.hpp"

namespace porwatch {

Result<std::vector<addressbook::BookEntry>> addressbook::load_book_file(const std::string& path,
                                                                        std::optional<FileFormat>)
{
    std::ifstream in(path);
    if (!in) return Error{path + ": cannot read"};
    std::vector<BookEntry> out;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (number == 1 || line.empty()) continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
        f.resize(9);
        BookEntry e;
        e.file = path;
        e.line = number;
        e.chain = address::chain_from_string(f[0]);
        e.network = address::network_from_string(f[1]).value_or(address::Network::main);
        e.address_text = f[2];
        e.asset = e.coin = f[3];
        e.decimals = e.asset == "ETH" ? 18 : 8;
        e.ownership.message = f[4];
        if (!f[5].empty()) e.ownership.signatures.push_back(f[5]);
        e.label = f[8];
        auto parsed = address::parse_address(f[2], e.chain,
                                             e.chain == address::Chain::ethereum ? std::nullopt : std::optional(e.network));
        if (parsed) {
            e.address = parsed->address;
        } else {
            e.address_error = parsed.error().message;
        }
        out.push_back(std::move(e));
    }
    return out;
}

proof::ProofResult proof::verify_entry(const addressbook::BookEntry& entry, const VerifyPolicy&)
{
    ProofResult r;
    r.status = entry.is_signed() ? ProofStatus::failed : ProofStatus::unsigned_entry;
    r.reason = "proof module not merged yet";
    return r;
}

}  // namespace porwatch
