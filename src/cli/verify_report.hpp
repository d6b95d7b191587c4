// What `porwatch verify` prints (private to src/cli): the per-coin counts, each file's distinct
// signed messages with their row counts, every failure and every claim error (FILE:LINE), as
// as a table, CSV, one JSON document or JSON Lines. Pure formatting over the verified rows.
#pragma once

#include <ostream>
#include <vector>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/proof/verify.hpp"

namespace porwatch::cli {

struct VerifyReport {
    const std::vector<addressbook::BookEntry>& entries;
    const std::vector<proof::ProofResult>& results;  // parallel to entries
};

// Distinct messages listed per file (most rows first); the rest are counted as "more".
constexpr std::size_t kMessagesShown = 10;

// Returns: true when any row failed verification or has a claim error (exit 1).
bool any_row_error(const VerifyReport& report);

void write_verify_text(std::ostream& out, const VerifyReport& report);
// --format jsonl: one JSON object per row, then {"summary":true,…,"coins":{…},"messages":[…]}.
void write_verify_jsonl(std::ostream& out, const VerifyReport& report);
// --format json: {"rows":[…],"summary":{…,"coins":{…},"messages":[…]}}.
void write_verify_json(std::ostream& out, const VerifyReport& report);
// --format csv: file,line,chain,coin,asset,address,scheme,status,reason,claim_error.
void write_verify_csv(std::ostream& out, const VerifyReport& report);

}  // namespace porwatch::cli
