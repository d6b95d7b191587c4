// Message policies: whole-match ECMAScript patterns, message_max_age on the message's ISO
// date (the clock passed in), and what they do to verdicts.
#include <doctest/doctest.h>

#include "porwatch/proof/message_policy.hpp"
#include "porwatch/snapshot/assemble.hpp"
#include "test_proof_support.hpp"
#include "test_support.hpp"

using namespace porwatch;
using namespace porwatch::test;

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t k20260201 = 1769904000;  // 2026-02-01T00:00:00Z

proof::MessagePolicy policy(const std::string& pattern, std::optional<unsigned> days = std::nullopt)
{
    auto made = proof::make_message_policy(pattern, days);
    REQUIRE_MESSAGE(made.ok(), made.error().message);
    return std::move(*made);
}

// A P2WPKH row whose BIP-322 signature (bip322-js) verifies over a dated message.
addressbook::BookEntry signed_row()
{
    const auto doc = read_json_file(source_path("tests/fixtures/bip322_full_fixtures.json"));
    const auto& r = doc.GetArray()[0];
    return make_entry(r["address"].GetString(), r["message"].GetString(), {r["signature"].GetString()});
}

}  // namespace

TEST_SUITE("proof")
{
    TEST_CASE("proof::message_policy_violation: the whole message must match the pattern")
    {
        const auto p = policy(R"(porwatch proof of reserves \d{4}-\d{2}-\d{2})");
        CHECK(proof::message_policy_violation(p, "porwatch proof of reserves 2026-02-01", 0).empty());
        CHECK(proof::message_policy_violation(p, "porwatch proof of reserves 2026-02-01 and more", 0) ==
              "message does not match the policy");  // a search would match; a whole match does not
        CHECK(proof::message_policy_violation(p, "hello", 0) == "message does not match the policy");
        CHECK(proof::message_policy_violation(policy("I am an OKX address"), "I am an OKX address", 0).empty());
        CHECK(proof::message_policy_violation(policy("(huobi|htx|King will be back!)"), "htx", 0).empty());
        const std::string long_message(proof::kMaxPolicyMessageBytes + 1, 'a');
        CHECK(proof::message_policy_violation(policy("a*"), long_message, 0).find("longer than 4096 bytes") !=
              std::string::npos);
        CHECK(proof::message_policy_violation(policy(""), "anything at all", 0).empty());
        const auto bad = proof::make_message_policy("([a-z]", std::nullopt);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().message.find("not a valid ECMAScript regular expression") != std::string::npos);
        CHECK_FALSE(proof::make_message_policy("", 0U).ok());
    }

    TEST_CASE("proof::message_policy_violation: message_max_age counts days from the latest ISO date in the text")
    {
        const auto p = policy("", 400);
        const std::string message = "reserves as of 2026-02-01";
        CHECK(proof::message_policy_violation(p, message, k20260201).empty());
        CHECK(proof::message_policy_violation(p, message, k20260201 + 400 * kDay + kDay - 1).empty());  // day 400
        CHECK(proof::message_policy_violation(p, message, k20260201 + 401 * kDay) ==
              "message is older than 400d (dated 2026-02-01, 401 days before 2027-03-09)");
        // The latest valid date counts; impossible dates and dates inside longer numbers do not.
        CHECK(proof::message_policy_violation(p, "2019-01-01 renewed 2026-02-01", k20260201 + 10 * kDay).empty());
        CHECK(proof::message_policy_violation(p, "2026-02-30 and 12026-02-01", k20260201) ==
              "message carries no ISO date (YYYY-MM-DD), required by message_max_age");
        CHECK(proof::message_policy_violation(p, "hello", k20260201) ==
              "message carries no ISO date (YYYY-MM-DD), required by message_max_age");
        CHECK(
            proof::message_policy_violation(policy("", 1), "2024-02-29", k20260201).find("message is older than 1d") ==
            0);
    }

    TEST_CASE("proof::apply_message_policy fails a verified row, keeps others, and marks it for the chain")
    {
        const auto row = signed_row();
        const auto verdict = proof::verify_entry(row, {});
        REQUIRE(verified(verdict));
        auto ok = verdict;
        proof::apply_message_policy(ok, row, policy(R"(porwatch proof of reserves .*)", 400), k20260201);
        CHECK(ok == verdict);
        auto wrong = verdict;
        proof::apply_message_policy(wrong, row, policy("OKX .*"), k20260201);
        CHECK(wrong.status == proof::ProofStatus::failed);
        CHECK(wrong.reason == "message does not match the policy");
        CHECK(wrong.scheme == "bip322-full");
        CHECK(wrong.failed_message_policy);
        auto old = verdict;
        proof::apply_message_policy(old, row, policy("", 30), k20260201 + 31 * kDay);
        CHECK(old.status == proof::ProofStatus::failed);
        CHECK(old.reason.rfind("message is older than 30d (dated 2026-02-01", 0) == 0);
        // Unsigned rows have no message to judge; failed rows keep their own reason.
        auto unsigned_row = row;
        unsigned_row.ownership.signatures.clear();
        auto none = proof::verify_entry(unsigned_row, {});
        proof::apply_message_policy(none, unsigned_row, policy("x"), 0);
        CHECK(none.status == proof::ProofStatus::unsigned_entry);
        auto forged = row;
        forged.ownership.message = "hello";
        auto failed = proof::verify_entry(forged, {});
        const std::string reason = failed.reason;
        proof::apply_message_policy(failed, forged, policy("porwatch .*"), 0);
        CHECK(failed.status == proof::ProofStatus::failed);
        CHECK(failed.reason == reason);
    }

    TEST_CASE("proof::apply_message_policy: owners-signed and EIP-1271 rows are never verified on chain after it")
    {
        auto e = make_entry("0x0000000000000000000000000000000000005aFE", "hello from 2019", {"0x1234"});
        e.ownership.scheme = "eip1271";
        auto verdict = proof::verify_entry(e, {});
        CHECK(verdict.status == proof::ProofStatus::failed);
        CHECK(verdict.reason == "an EIP-1271 contract signature is checked only on chain (porwatch scan)");
        proof::apply_message_policy(verdict, e, policy("reserves .*"), 0);
        CHECK(verdict.reason == "message does not match the policy");
        const std::string digest = snapshot::eip1271_digest(e.ownership.message);
        chain::SignatureCheck valid{e.address->text, digest, "0x1234", true, true, "0x1626ba7e", ""};
        CHECK(snapshot::effective_verdict(e, verdict, {}, {valid}).status == proof::ProofStatus::failed);
        auto without = proof::verify_entry(e, {});
        CHECK(snapshot::effective_verdict(e, without, {}, {valid}).status == proof::ProofStatus::verified);

        auto owners = make_entry("0x0000000000000000000000000000000000005aFE", "hello", {"0xsig"});
        owners.ownership.owners = {"0x70997970C51812dc3A010C7d01b50e0d17dc79C8"};
        proof::ProofResult signed_by_owners;
        signed_by_owners.status = proof::ProofStatus::owners_signed;
        signed_by_owners.signers = owners.ownership.owners;
        proof::apply_message_policy(signed_by_owners, owners, policy("reserves .*"), 0);
        CHECK(signed_by_owners.status == proof::ProofStatus::failed);
        chain::OwnerCheck safe{owners.address->text, true, true, owners.ownership.owners, 1, ""};
        CHECK(snapshot::effective_verdict(owners, signed_by_owners, {safe}, {}).status == proof::ProofStatus::failed);
    }

    TEST_CASE("proof::message_policies from a config's [book] sections")
    {
        const auto c =
            config::parse_config("addresses = a.csv\naddresses = b.csv\n[book \"a.csv\"]\nmessage = I am .*\n"
                                 "message_max_age = 400d\n[book \"b.csv\"]\n",
                                 "p.conf");
        REQUIRE_MESSAGE(c.ok(), c.error().message);
        const auto p = proof::message_policies(*c);
        REQUIRE(p.ok());
        REQUIRE(p->size() == 1);  // b.csv has an empty section: no policy
        CHECK(p->at("a.csv").pattern == "I am .*");
        CHECK(p->at("a.csv").max_age_days == 400U);
    }
}
