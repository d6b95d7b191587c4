// Contract-wallet rows: owner-check and EIP-1271 verdicts with reasons, and how plan_scan
// routes the evidence they need to the EVM scanner.
#include <doctest/doctest.h>

#include "porwatch/snapshot/assemble.hpp"

using namespace porwatch;
using address::Chain;

namespace {

const std::string kSafe = [] {
    auto parsed = address::parse_evm_address("0x0000000000000000000000000000000000005afe");
    return parsed ? parsed->text : std::string();
}();
const std::string kOwner1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const std::string kOwner2 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const std::string kMagic = "0x1626ba7e" + std::string(56, '0');

addressbook::BookEntry contract_row(const std::string& scheme)
{
    addressbook::BookEntry e;
    e.file = "book.csv";
    e.line = 3;
    e.asset = e.coin = "ETH";
    e.chain = Chain::ethereum;
    e.address_text = kSafe;
    auto parsed = address::parse_address(kSafe, Chain::ethereum, std::nullopt);
    REQUIRE(parsed.ok());
    e.address = parsed->address;
    e.ownership.message = "porwatch eip1271 test";
    e.ownership.scheme = scheme;
    return e;
}

proof::ProofResult offline(proof::ProofStatus status, std::vector<std::string> signers = {})
{
    proof::ProofResult p;
    p.status = status;
    p.scheme = status == proof::ProofStatus::owners_signed ? "owners" : "";
    p.reason = "offline";
    p.signers = std::move(signers);
    return p;
}

}  // namespace

TEST_SUITE("snapshot")
{
    TEST_CASE("snapshot::eip1271_digest is the EIP-191 personal-message hash")
    {
        // ethers.hashMessage("hello world")
        CHECK(snapshot::eip1271_digest("hello world") ==
              "0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68");
    }

    TEST_CASE("snapshot::effective_verdict owner check: verified, or owners-signed with the reason")
    {
        auto e = contract_row("");
        e.ownership.owners = {kOwner1, kOwner2};
        const auto p = offline(proof::ProofStatus::owners_signed, {kOwner1, kOwner2});
        const chain::OwnerCheck safe{kSafe, true, true, {kOwner2, kOwner1}, 2, ""};
        auto v = snapshot::effective_verdict(e, p, {safe}, {});
        CHECK(v.status == proof::ProofStatus::verified);
        CHECK(v.reason.find("threshold 2 of 2") != std::string::npos);
        auto strangers = safe;
        strangers.owners = {kOwner2, "0x0000000000000000000000000000000000000001"};
        v = snapshot::effective_verdict(e, p, {strangers}, {});
        CHECK(v.status == proof::ProofStatus::owners_signed);
        CHECK(v.reason.find("signer " + kOwner1 + " is not among the contract's 2 owners") != std::string::npos);
        auto high = safe;
        high.threshold = 3;
        high.owners.push_back("0x0000000000000000000000000000000000000001");
        v = snapshot::effective_verdict(e, p, {high}, {});
        CHECK(v.status == proof::ProofStatus::owners_signed);
        CHECK(v.reason.find("below the contract's threshold 3") != std::string::npos);
        v = snapshot::effective_verdict(e, p, {}, {});
        CHECK(v.reason.find("not read") != std::string::npos);
        auto not_safe = safe;
        not_safe.answers_safe = false;
        not_safe.error = "getOwners()/getThreshold() reverted: execution reverted";
        v = snapshot::effective_verdict(e, p, {not_safe}, {});
        CHECK(v.status == proof::ProofStatus::owners_signed);
        CHECK(v.reason.find("reverted") != std::string::npos);
    }

    TEST_CASE("snapshot::effective_verdict EIP-1271: only the magic value for this digest verifies")
    {
        auto e = contract_row("eip1271");
        e.ownership.signatures = {"0xAB12"};
        const auto p = offline(proof::ProofStatus::failed);
        const std::string digest = snapshot::eip1271_digest(e.ownership.message);
        chain::SignatureCheck ok{kSafe, digest, "0xab12", true, true, kMagic, ""};
        auto v = snapshot::effective_verdict(e, p, {}, {ok});
        CHECK(v.status == proof::ProofStatus::verified);
        CHECK(v.scheme == "eip1271");
        auto wrong = ok;
        wrong.valid = false;
        wrong.returned = "0x" + std::string(64, '0');
        v = snapshot::effective_verdict(e, p, {}, {wrong});
        CHECK(v.status == proof::ProofStatus::failed);
        CHECK(v.reason.find("not the magic value") != std::string::npos);
        auto other_hash = ok;
        other_hash.hash = snapshot::eip1271_digest("another message");
        CHECK(snapshot::effective_verdict(e, p, {}, {other_hash}).status == proof::ProofStatus::failed);
        auto reverted = ok;
        reverted.valid = false;
        reverted.returned = "";
        reverted.error = "reverted: execution reverted";
        v = snapshot::effective_verdict(e, p, {}, {reverted});
        CHECK(v.status == proof::ProofStatus::failed);
        CHECK(v.reason.find("reverted") != std::string::npos);
        e.ownership.signatures = {"0x01", "0x02"};
        CHECK(snapshot::effective_verdict(e, p, {}, {ok}).status == proof::ProofStatus::failed);
    }

    TEST_CASE("snapshot::plan_scan sends owner checks and EIP-1271 signatures once per address")
    {
        auto conf = config::parse_config("[ethereum]\nrpc_url = http://h:1\nchain_id = 1\n", "c.conf");
        REQUIRE(conf.ok());
        auto sig = contract_row("eip1271");
        sig.ownership.signatures = {"0xab12"};
        auto owners = contract_row("");
        owners.ownership.owners = {kOwner1};
        owners.ownership.signatures = {"0x00"};
        const auto plan = snapshot::plan_scan({sig, owners, sig}, *conf);
        REQUIRE(plan.ok());
        REQUIRE(plan->ethereum.size() == 1);
        CHECK(plan->ethereum[0].check_owners);
        REQUIRE(plan->ethereum[0].contract_signatures.size() == 1);
        CHECK(plan->ethereum[0].contract_signatures[0].hash == snapshot::eip1271_digest(sig.ownership.message));
    }

    TEST_CASE("snapshot::assemble counts a contract row as verified only on confirming evidence")
    {
        auto e = contract_row("eip1271");
        e.ownership.signatures = {"0xab12"};
        chain::ChainScan scan;
        scan.result.chain = Chain::ethereum;
        scan.result.status = chain::ChainStatus::complete;
        scan.assets = {{"ETH", 18}};
        scan.addresses = {kSafe};
        scan.units = {Units{5}};
        const std::string digest = snapshot::eip1271_digest(e.ownership.message);
        scan.signature_checks = {{kSafe, digest, "0xab12", true, true, kMagic, ""}};
        auto s = snapshot::assemble({e}, {offline(proof::ProofStatus::failed)}, {scan}, 1, 2);
        REQUIRE(s.totals.size() == 1);
        CHECK(s.totals[0].verified_addresses == 1);
        CHECK(s.totals[0].verified_units == Units{5});  // proven on chain: counted as proven reserves
        CHECK(s.totals[0].unverified_addresses == 0);
        REQUIRE(s.contract_verdicts.size() == 1);
        CHECK(s.contract_verdicts[0].line == 3);
        scan.signature_checks[0].valid = false;
        s = snapshot::assemble({e}, {offline(proof::ProofStatus::failed)}, {scan}, 1, 2);
        CHECK(s.totals[0].verified_addresses == 0);
        CHECK(s.totals[0].verified_units == Units{0});
        CHECK(s.totals[0].units == Units{5});
        CHECK(s.contract_verdicts[0].verdict.status == proof::ProofStatus::failed);
        // Evidence from a chain that did not complete is not used.
        scan.signature_checks[0].valid = true;
        scan.result.status = chain::ChainStatus::disputed;
        s = snapshot::assemble({e}, {offline(proof::ProofStatus::failed)}, {scan}, 1, 2);
        CHECK(s.signature_checks.empty());
        CHECK(s.contract_verdicts[0].verdict.status == proof::ProofStatus::failed);
    }

    TEST_CASE("snapshot::assemble counts an owners-signed Safe in verified_units once its owners are confirmed")
    {
        auto e = contract_row("");
        e.ownership.owners = {kOwner1, kOwner2};
        e.ownership.signatures = {"0x01", "0x02"};
        chain::ChainScan scan;
        scan.result.chain = Chain::ethereum;
        scan.result.status = chain::ChainStatus::complete;
        scan.assets = {{"ETH", 18}};
        scan.addresses = {kSafe};
        scan.units = {Units{7}};
        scan.owner_checks = {{kSafe, true, true, {kOwner1, kOwner2}, 2, ""}};
        const auto signers = offline(proof::ProofStatus::owners_signed, {kOwner1, kOwner2});
        auto s = snapshot::assemble({e}, {signers}, {scan}, 1, 2);
        REQUIRE(s.totals.size() == 1);
        CHECK(s.totals[0].verified_units == Units{7});
        scan.owner_checks[0].owners = {kOwner1};  // a signer is not an owner
        s = snapshot::assemble({e}, {signers}, {scan}, 1, 2);
        CHECK(s.totals[0].verified_units == Units{0});
        CHECK(s.totals[0].unverified_addresses == 1);
    }
}
