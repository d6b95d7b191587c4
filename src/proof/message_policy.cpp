// Message policies (see message_policy.hpp).
#include "porwatch/proof/message_policy.hpp"

#include <chrono>

namespace porwatch::proof {
namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int digits(std::string_view text, std::size_t pos, std::size_t count)
{
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
    return value;
}

// Returns: days since 1970-01-01 of the latest valid YYYY-MM-DD in `text`, or nullopt.
std::optional<std::int64_t> latest_iso_date(std::string_view text)
{
    std::optional<std::int64_t> latest;
    for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
        const std::string_view s = text.substr(i, 10);
        const bool shape = is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-' &&
                           is_digit(s[5]) && is_digit(s[6]) && s[7] == '-' && is_digit(s[8]) && is_digit(s[9]);
        if (!shape || (i > 0 && is_digit(text[i - 1])) || (i + 10 < text.size() && is_digit(text[i + 10]))) continue;
        const std::chrono::year_month_day date{std::chrono::year{digits(s, 0, 4)},
                                               std::chrono::month{static_cast<unsigned>(digits(s, 5, 2))},
                                               std::chrono::day{static_cast<unsigned>(digits(s, 8, 2))}};
        if (!date.ok()) continue;
        const std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
        if (!latest || days > *latest) latest = days;
    }
    return latest;
}

std::string iso_date(std::int64_t days)
{
    const std::chrono::year_month_day d{std::chrono::sys_days{std::chrono::days{days}}};
    const auto two = [](unsigned v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return std::to_string(static_cast<int>(d.year())) + "-" + two(static_cast<unsigned>(d.month())) + "-" +
           two(static_cast<unsigned>(d.day()));
}

// Floor division: the UTC day of a unix time, also before 1970.
std::int64_t day_of(std::int64_t unix_seconds)
{
    return unix_seconds / 86400 - (unix_seconds % 86400 < 0 ? 1 : 0);
}

}  // namespace

Result<MessagePolicy> make_message_policy(const std::string& pattern, std::optional<unsigned> max_age_days)
{
    MessagePolicy policy;
    policy.pattern = pattern;
    if (max_age_days && *max_age_days == 0) return Error{"message_max_age must be at least 1d"};
    policy.max_age_days = max_age_days;
    if (pattern.empty()) return policy;
    try {
        policy.regex.emplace(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        return Error{"message pattern '" + pattern + "' is not a valid ECMAScript regular expression: " + e.what()};
    }
    return policy;
}

std::string message_policy_violation(const MessagePolicy& policy, std::string_view message, std::int64_t now)
{
    if (policy.regex) {
        if (message.size() > kMaxPolicyMessageBytes) {
            return "message does not match the policy (it is longer than " + std::to_string(kMaxPolicyMessageBytes) +
                   " bytes)";
        }
        try {
            if (!std::regex_match(message.begin(), message.end(), *policy.regex)) {
                return "message does not match the policy";
            }
        } catch (const std::regex_error& e) {
            // Too complex to decide (error_complexity, error_stack): not proven to match.
            return std::string("message does not match the policy (matching failed: ") + e.what() + ")";
        }
    }
    if (policy.max_age_days) {
        const auto dated = latest_iso_date(message);
        if (!dated) return "message carries no ISO date (YYYY-MM-DD), required by message_max_age";
        const std::int64_t today = day_of(now);
        const std::int64_t age = today - *dated;
        if (age > static_cast<std::int64_t>(*policy.max_age_days)) {
            return "message is older than " + std::to_string(*policy.max_age_days) + "d (dated " + iso_date(*dated) +
                   ", " + std::to_string(age) + " days before " + iso_date(today) + ")";
        }
    }
    return "";
}

void apply_message_policy(ProofResult& verdict, const addressbook::BookEntry& entry, const MessagePolicy& policy,
                          std::int64_t now)
{
    if (policy.empty() || (!entry.is_signed() && entry.ownership.owners.empty())) return;
    std::string why = message_policy_violation(policy, entry.ownership.message, now);
    if (why.empty()) return;
    verdict.failed_message_policy = true;
    const bool on_chain_only = entry.ownership.scheme == "eip1271";
    if (verdict.status == ProofStatus::verified || verdict.status == ProofStatus::owners_signed || on_chain_only) {
        verdict.status = ProofStatus::failed;
        verdict.reason = std::move(why);
    }
}

Result<MessagePolicies> message_policies(const config::Config& config)
{
    MessagePolicies out;
    for (const auto& [path, book] : config.books) {
        auto policy = make_message_policy(book.message, book.message_max_age_days);
        if (!policy) return Error{config.file + ":" + std::to_string(book.line) + ": " + policy.error().message};
        if (!policy->empty()) out.emplace(path, std::move(*policy));
    }
    return out;
}

}  // namespace porwatch::proof
