// A message policy: what the signed text of one address file's rows must say for a signature
// to count (config `[book "PATH"]`: `message = REGEX`, `message_max_age = 400d`). A valid
// signature over "hello" from 2019, or over another exchange's text, proves control of a key
// but not that the exchange published it for this report.
//
// Pure: the clock is passed in (UTC unix seconds). Thread-safety: a MessagePolicy is an
// immutable value once made; checking it from many threads at once is safe.
#pragma once

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include <map>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::proof {

struct MessagePolicy {
    std::string pattern;  // ECMAScript source; "" = any text
    std::optional<std::regex> regex;  // `pattern` compiled; matched against the whole message
    std::optional<unsigned> max_age_days;  // the message's ISO date (YYYY-MM-DD) at most this old

    bool empty() const { return !regex && !max_age_days; }
};

// Messages longer than this are never matched against a pattern (std::regex recurses per
// character): they fail the policy, with that reason.
constexpr std::size_t kMaxPolicyMessageBytes = 4096;

// Compile a policy. Fails when `pattern` is not a valid ECMAScript regular expression
// (std::regex's reason) or max_age_days is 0.
Result<MessagePolicy> make_message_policy(const std::string& pattern, std::optional<unsigned> max_age_days);

// Returns: "" when `message` satisfies `policy` at `now`, else why not:
//  - "message does not match the policy" (the whole message must match `pattern`);
//  - "message carries no ISO date (YYYY-MM-DD), required by message_max_age";
//  - "message is older than 400d (dated 2024-01-01, 612 days before 2025-09-04)".
// The message's date is the latest valid YYYY-MM-DD in it (not part of a longer number).
std::string message_policy_violation(const MessagePolicy& policy, std::string_view message, std::int64_t now);

// Apply `policy` to the verdict of `entry`: a row whose signature verified (verified,
// owners-signed) or that is judged only on chain (EIP-1271) becomes `failed` with the
// violation as its reason when its message breaks the policy, and is marked
// `failed_message_policy` so that no on-chain evidence can verify it later. Unsigned,
// unsupported and already failed rows keep their verdict.
void apply_message_policy(ProofResult& verdict, const addressbook::BookEntry& entry, const MessagePolicy& policy,
                          std::int64_t now);

// Each address file's policy, by path as in the config's `addresses`.
using MessagePolicies = std::map<std::string, MessagePolicy>;

// The policies of `config`'s [book "PATH"] sections. Fails with "FILE:LINE: …" when one does
// not compile (parse_config already checks; this is the same check, not a second opinion).
Result<MessagePolicies> message_policies(const config::Config& config);

}  // namespace porwatch::proof
