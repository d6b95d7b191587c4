// bundle::check_offline (see porwatch/bundle/check.hpp).
#include <cstring>
#include <map>
#include <set>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/bundle/check.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/ethproof/account.hpp"
#include "porwatch/ethproof/header.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/snapshot/assemble.hpp"
#include "porwatch/util/hex.hpp"
#include "support.hpp"

namespace porwatch::bundle {

std::string_view to_string(PartStatus status)
{
    switch (status) {
    case PartStatus::ok: return "ok";
    case PartStatus::failed: return "FAILED";
    case PartStatus::not_checked: return "not checked";
    }
    return "FAILED";
}

bool CheckReport::failed() const
{
    return count(PartStatus::failed) > 0;
}

std::size_t CheckReport::count(PartStatus status) const
{
    std::size_t n = 0;
    for (const auto& p : parts) n += p.status == status ? 1 : 0;
    return n;
}

namespace {

// The address files: each file's bytes against its hash, parsed into the book's entries.
// Returns: false when the book is not whole (a file without its bytes).
bool check_files(const store::SnapshotExport& b, CheckReport& report, std::vector<addressbook::BookEntry>& entries)
{
    if (!b.book_recorded) {
        report.add("book", PartStatus::not_checked,
                   "the snapshot does not record its address files (stored before schema 006): signatures and "
                   "totals cannot be re-checked");
        return false;
    }
    bool whole = true;
    for (const auto& f : b.files) {
        const std::string name = "book file " + f.path;
        if (!f.content) {
            report.add(name, PartStatus::not_checked, "the database did not keep this file's bytes");
            whole = false;
            continue;
        }
        const std::string sha = to_hex(crypto::sha256(crypto::as_bytes(*f.content)));
        if (sha != f.sha256) {
            report.add(name, PartStatus::failed, "its content's SHA-256 is " + sha + ", the bundle says " + f.sha256);
        } else {
            report.add(name, PartStatus::ok, std::to_string(f.content->size()) + " bytes, SHA-256 " + sha);
        }
        auto parsed = addressbook::parse_book(*f.content, f.path);
        if (!parsed) {
            report.add(name, PartStatus::failed, "does not parse: " + parsed.error().message);
            whole = false;
            continue;
        }
        entries.insert(entries.end(), parsed->begin(), parsed->end());
    }
    return whole;
}

// Every row's verdict: a row the bundle calls verified (or owners-signed) must verify again.
std::vector<proof::ProofResult> check_signatures(const store::SnapshotExport& b,
                                                 const std::vector<addressbook::BookEntry>& entries,
                                                 CheckReport& report)
{
    std::map<std::pair<std::string, std::size_t>, const store::RowVerdict*> rows;
    for (const auto& r : b.rows) rows[{r.file, r.line}] = &r;
    Failures failures("signatures");
    std::vector<proof::ProofResult> verdicts;
    std::size_t reverified = 0;
    std::set<std::pair<std::string, std::size_t>> seen;
    for (const auto& e : entries) {
        proof::ProofResult again = proof::verify_entry(e, proof::VerifyPolicy{});
        const std::string where = e.file + ":" + std::to_string(e.line);
        if (!e.address) {
            verdicts.push_back(std::move(again));
            continue;
        }
        seen.insert({e.file, e.line});
        const auto found = rows.find({e.file, e.line});
        if (found == rows.end()) {
            failures.add(where + " (" + e.address->text + "): the bundle has no verdict for this row");
            verdicts.push_back(std::move(again));
            continue;
        }
        const store::RowVerdict& row = *found->second;
        if (row.address != e.address->text || row.coin != e.coin) {
            failures.add(where + ": the bundle's row names " + row.address + " " + row.coin + ", the file " +
                         e.address->text + " " + e.coin);
            verdicts.push_back(std::move(again));
            continue;
        }
        const auto claimed = row.verdict.status;
        if (claimed == proof::ProofStatus::verified || claimed == proof::ProofStatus::owners_signed) {
            if (again.status != claimed) {
                failures.add(where + " (" + e.address->text + "): the bundle says " +
                             std::string(proof::to_string(claimed)) +
                             ", its signature does not verify: " + again.reason);
                verdicts.push_back(std::move(again));
                continue;
            }
            ++reverified;
        }
        verdicts.push_back(row.verdict);
    }
    for (const auto& r : b.rows) {
        if (!seen.count({r.file, r.line}))
            failures.add(r.file + ":" + std::to_string(r.line) + ": no such row in the file");
    }
    failures.report(report, std::to_string(reverified) + " signed rows re-verified of " +
                                std::to_string(entries.size()) +
                                " rows (rows the bundle does not call verified are not re-checked)");
    return verdicts;
}

// The EVM chains' headers and proofs.
void check_proofs(const store::SnapshotExport& b, const std::map<std::pair<std::string, std::string>, Units>& balances,
                  CheckReport& report)
{
    for (const auto& c : b.chains) {
        if (c.result.chain != address::Chain::ethereum || c.result.status != snapshot::ChainStatus::complete) continue;
        const std::string chain = chain::source_name(c.result);  // "arbitrum" for [evm.arbitrum]
        if (!c.evidence || !c.evidence->proof_data) {
            report.add("header " + chain, PartStatus::not_checked,
                       c.evidence ? "no verified header was kept for this chain"
                                  : "stored before schema 006: no header or proofs");
            continue;
        }
        const chain::ProofData& data = *c.evidence->proof_data;
        auto header = ethproof::decode_header(data.header_rlp);
        const auto block_hash = hash_from_hex(c.result.block_hash);
        if (!header || !block_hash) {
            report.add("header " + chain, PartStatus::failed,
                       header ? "the block hash is not 32 bytes of hex" : header.error().message);
            continue;
        }
        const Hash256 computed = crypto::keccak256(data.header_rlp);
        if (computed != *block_hash || header->number != c.result.height) {
            report.add("header " + chain, PartStatus::failed,
                       "keccak256(rlp(header)) is 0x" + to_hex(computed) + " at number " +
                           std::to_string(header->number) + "; the bundle's block is " + c.result.block_hash + " at " +
                           std::to_string(c.result.height));
            continue;
        }
        report.add("header " + chain, PartStatus::ok,
                   "block " + std::to_string(header->number) + ": keccak256(rlp(header)) = " + c.result.block_hash +
                       " (" + std::string(ethproof::to_string(*ethproof::header_fork(*header))) + "), state root 0x" +
                       to_hex(header->state_root));
        const trie::ProofNodes pool(data.nodes);
        Failures failures("proofs " + chain);
        std::map<std::string, ethproof::AccountState> proven;
        std::size_t eth_balances = 0;
        for (const auto& a : data.accounts) {
            auto address = from_hex(a.address, HexPrefix::allowed);
            auto state = address ? ethproof::prove_account(header->state_root, *address, pool)
                                 : Result<ethproof::AccountState>(Error{"not hex"});
            if (!state) {
                failures.add("account " + a.address + ": " + state.error().message);
                continue;
            }
            const bool same = state->exists == a.exists && state->nonce == a.nonce && state->balance == a.balance &&
                              "0x" + to_hex(state->storage_root) == a.storage_root &&
                              "0x" + to_hex(state->code_hash) == a.code_hash;
            if (!same) {
                failures.add("account " + a.address + ": the proof says balance " + to_string(state->balance) +
                             ", nonce " + std::to_string(state->nonce) + "; the bundle says " + to_string(a.balance) +
                             ", " + std::to_string(a.nonce));
                continue;
            }
            proven[a.address] = *state;
            const auto read = balances.find({a.address, snapshot::sourced_asset("ETH", c.result.source)});
            if (read == balances.end()) continue;  // a token contract proven for its storage root
            if (read->second != state->balance) {
                failures.add(a.address + " ETH: the bundle's balance is " + to_string(read->second) +
                             ", its proof says " + to_string(state->balance));
                continue;
            }
            ++eth_balances;
        }
        std::size_t slots = 0;
        for (const auto& s : data.slots) {
            const std::string what = s.holder + " " + s.asset;
            const auto contract = proven.find(s.contract);
            auto holder = from_hex(s.holder, HexPrefix::allowed);
            const auto key = hash_from_hex(s.key);
            if (contract == proven.end() || !holder || !key) {
                failures.add(what + ": no proven account for its contract " + s.contract + ", or a malformed key");
                continue;
            }
            if (ethproof::mapping_slot(*holder, s.slot) != *key) {
                failures.add(what + ": the key " + s.key + " is not the holder's entry of mapping slot " +
                             to_string(s.slot));
                continue;
            }
            auto value = ethproof::prove_storage(contract->second.storage_root, *key, pool);
            if (!value) {
                failures.add(what + ": " + value.error().message);
                continue;
            }
            const Units balance = s.mask ? Units(*value & *s.mask) : *value;
            const auto read = balances.find({s.holder, snapshot::sourced_asset(s.asset, c.result.source)});
            if (*value != s.value || balance != s.balance || read == balances.end() || read->second != balance) {
                failures.add(what + ": its storage proof says " + to_string(balance) + ", the bundle's balance is " +
                             (read == balances.end() ? std::string("missing") : to_string(read->second)));
                continue;
            }
            ++slots;
        }
        std::string unproven;
        if (c.result.proofs) {
            for (const auto& a : c.result.proofs->unproven_assets) unproven += (unproven.empty() ? "" : ", ") + a;
        }
        failures.report(report, std::to_string(data.accounts.size()) + " account proofs (" +
                                    std::to_string(eth_balances) + " ETH balances) and " + std::to_string(slots) +
                                    " token balance slots walked to the state root and equal to the bundle's balances" +
                                    (unproven.empty() ? std::string() : "; unproven (no slot): " + unproven));
    }
}

// Every UTXO balance is the sum of its outpoints, each deep enough at the chain's height.
void check_outpoints(const store::SnapshotExport& b, CheckReport& report)
{
    for (const auto& c : b.chains) {
        if (!address::is_utxo_chain(c.result.chain) || c.result.status != snapshot::ChainStatus::complete) continue;
        const std::string chain(address::to_string(c.result.chain));
        if (!c.evidence) {
            report.add("outpoints " + chain, PartStatus::not_checked, "stored before schema 006: no outpoints");
            continue;
        }
        Failures failures("outpoints " + chain);
        std::map<std::string, Units> sums;
        std::set<std::pair<std::string, std::uint32_t>> seen;
        const std::uint64_t deepest =
            c.result.height + 1 - std::min<std::uint64_t>(c.evidence->confirmations, c.result.height + 1);
        std::size_t count = 0;
        for (const auto& o : b.outpoints) {
            if (o.chain != c.result.chain) continue;
            ++count;
            if (!seen.insert({o.txid, o.vout}).second)
                failures.add(o.txid + ":" + std::to_string(o.vout) + " is listed twice");
            if (o.height > deepest) {
                failures.add(o.txid + ":" + std::to_string(o.vout) + " at height " + std::to_string(o.height) +
                             " has fewer than " + std::to_string(c.evidence->confirmations) + " confirmations at " +
                             std::to_string(c.result.height));
            }
            auto sum = checked_add(sums[o.address], o.units);
            if (!sum)
                failures.add(o.address + ": outpoints add up to more than 2^256-1");
            else
                sums[o.address] = *sum;
        }
        for (const auto& x : b.balances) {
            if (x.chain != c.result.chain) continue;
            const auto it = sums.find(x.address);
            const Units sum = it == sums.end() ? Units{0} : it->second;
            if (sum != x.units) {
                failures.add(x.address + ": balance " + to_string(x.units) + ", its outpoints add up to " +
                             to_string(sum));
            }
            if (it != sums.end()) sums.erase(it);
        }
        for (const auto& [address, sum] : sums)
            failures.add("outpoints of " + address + ", which has no balance in the bundle");
        failures.report(report, std::to_string(count) + " outpoints add up to every balance, each at least " +
                                    std::to_string(c.evidence->confirmations) + " deep at height " +
                                    std::to_string(c.result.height));
    }
}

}  // namespace

CheckReport check_offline(const store::SnapshotExport& b, const std::vector<std::string>& inconsistencies)
{
    CheckReport report;
    {
        Failures failures("balances");
        std::set<std::string> complete;  // by source_name: an [evm.NAME] chain's balances are ASSET@NAME
        for (const auto& c : b.chains) {
            if (c.result.status == snapshot::ChainStatus::complete) complete.insert(chain::source_name(c.result));
        }
        for (const auto& i : inconsistencies) failures.add(i);
        for (const auto& x : b.balances) {
            if (!complete.count(snapshot::asset_chain_name(x.chain, x.asset)))
                failures.add(x.address + " " + x.asset + ": a balance on a chain that is not complete");
        }
        failures.report(report,
                        std::to_string(b.balances.size()) + " balances, each at its chain's height and block hash");
    }
    std::vector<addressbook::BookEntry> entries;
    const bool whole = check_files(b, report, entries);
    std::vector<proof::ProofResult> verdicts;
    if (b.book_recorded) verdicts = check_signatures(b, entries, report);
    std::map<std::pair<std::string, std::string>, Units> balances;
    for (const auto& x : b.balances) balances[{x.address, x.asset}] = x.units;
    check_proofs(b, balances, report);
    check_outpoints(b, report);
    if (whole) {
        check_totals(b, entries, verdicts, report);
    } else {
        report.add("totals", PartStatus::not_checked,
                   "the book is not whole in the bundle: totals cannot be re-summed");
    }
    check_prices(b, report);
    return report;
}

}  // namespace porwatch::bundle
