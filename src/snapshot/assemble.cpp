#include "porwatch/snapshot/assemble.hpp"
#include "ascii.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace porwatch::snapshot {
namespace {

using address::Chain;

using detail::upper;

// The (chain, address, ASSET) triples the book lists on a scanned chain: an address counts
// toward an asset's total only for the assets its rows name.
using Booked = std::set<std::tuple<Chain, std::string, std::string>>;

Booked booked_assets(const std::vector<addressbook::BookEntry>& book)
{
    Booked out;
    for (const auto& e : book) {
        if (!e.address || !e.chain || !e.is_supported()) continue;
        if (*e.chain == Chain::ethereum && !on_ethereum_mainnet(e)) continue;
        out.emplace(*e.chain, e.address->text, upper(e.asset));
    }
    return out;
}

// Claims of one total: the first exact claim per scanned address, and the rows whose amount
// gave none (which withdraw the claim total: it is never quietly short).
void add_claims(Snapshot& s, AssetTotal& t, const std::vector<addressbook::BookEntry>& book,
                const chain::ChainScan& scan, std::size_t k,
                const std::unordered_map<std::string_view, std::size_t>& row_of)
{
    const std::size_t width = scan.assets.size();
    const std::string asset = upper(t.asset);
    std::set<std::string> claimed;
    bool overflow = false;
    for (const auto& e : book) {
        if (!e.address || e.chain != t.chain || upper(e.asset) != asset) continue;
        if (t.chain == Chain::ethereum && !on_ethereum_mainnet(e)) continue;
        const auto it = row_of.find(e.address->text);
        if (it == row_of.end()) continue;
        // A coin amount read with other decimals than the scanned asset has (a `token =` whose
        // decimals differ from the coin table's) is not in this total's units: no claim.
        const bool other_units = e.claim && e.claim->decimals && *e.claim->decimals != t.decimals;
        if (e.claim_issue != addressbook::ClaimIssue::none || other_units) {
            ++t.claim_errors;
            continue;
        }
        if (!e.claim || !claimed.insert(e.address->text).second) continue;
        auto sum = checked_add(t.claimed_units.value_or(Units{0}), e.claim->units);
        if (!sum) {
            overflow = true;   // an absurd claim: the total is withdrawn, never wrapped
            ++t.claim_errors;
        } else if (!overflow) {
            t.claimed_units = *sum;
        }
        const Units& observed = scan.units[it->second * width + k];
        if (e.claim->units > observed) {
            s.shortfalls.push_back(Shortfall{t.asset, e.address->text, e.claim->units, observed, t.chain});
        }
    }
    if (t.claim_errors > 0) t.claimed_units.reset();
}

}  // namespace

std::string_view to_string(SnapshotStatus status)
{
    switch (status) {
    case SnapshotStatus::complete: return "complete";
    case SnapshotStatus::partial: return "partial";
    case SnapshotStatus::failed: return "failed";
    }
    return "failed";
}

std::optional<SnapshotStatus> snapshot_status_from_string(std::string_view name)
{
    return enum_from_name(kAllSnapshotStatuses, name, [](SnapshotStatus s) { return to_string(s); });
}

Snapshot assemble(const std::vector<addressbook::BookEntry>& book, const std::vector<proof::ProofResult>& proofs,
                  const std::vector<chain::ChainScan>& scans, std::int64_t started_at, std::int64_t finished_at)
{
    Snapshot s;
    s.started_at = started_at;
    s.finished_at = finished_at;
    std::size_t complete = 0;
    for (const auto& scan : scans) {
        s.chains.push_back(scan.result);
        const bool whole = scan.result.status == ChainStatus::complete;
        s.evidence.push_back(ChainEvidence{scan.result.chain, scan.assets, scan.confirmations,
                                           whole ? scan.proof_data : std::nullopt});
        if (!whole) continue;   // no evidence from it
        s.outpoints.insert(s.outpoints.end(), scan.outpoints.begin(), scan.outpoints.end());
        ++complete;
        s.owner_checks.insert(s.owner_checks.end(), scan.owner_checks.begin(), scan.owner_checks.end());
        s.signature_checks.insert(s.signature_checks.end(), scan.signature_checks.begin(), scan.signature_checks.end());
    }
    s.status = !scans.empty() && complete == scans.size() ? SnapshotStatus::complete
               : complete == 0                            ? SnapshotStatus::failed
                                                          : SnapshotStatus::partial;
    // Addresses with at least one verified row, per chain.
    std::set<std::pair<Chain, std::string>> verified;
    for (std::size_t i = 0; i < book.size() && i < proofs.size(); ++i) {
        const auto& e = book[i];
        if (!e.address || !e.chain) continue;
        const bool contract = !e.ownership.owners.empty() || is_eip1271_row(e);
        if (!contract) {
            if (proofs[i].status == proof::ProofStatus::verified) verified.emplace(*e.chain, e.address->text);
            continue;
        }
        auto verdict = effective_verdict(e, proofs[i], s.owner_checks, s.signature_checks);
        if (verdict.status == proof::ProofStatus::verified) verified.emplace(*e.chain, e.address->text);
        s.contract_verdicts.push_back(RowVerdict{e.file, e.line, e.address->text, std::move(verdict)});
    }
    const Booked booked = booked_assets(book);
    std::vector<std::pair<Chain, std::string>> withdrawn;   // chains whose figures cannot stand
    for (const auto& scan : scans) {
        if (scan.result.status != ChainStatus::complete) continue;   // never summed
        const Chain chain = scan.result.chain;
        const std::size_t width = scan.assets.size();
        if (scan.units.size() != scan.addresses.size() * width) {
            withdrawn.emplace_back(chain, "the scan's balances do not match its addresses × assets");
            continue;
        }
        // Each address once, under its first row (the scanners never repeat one).
        std::unordered_map<std::string_view, std::size_t> row_of;
        row_of.reserve(scan.addresses.size());
        for (std::size_t i = 0; i < scan.addresses.size(); ++i) row_of.emplace(scan.addresses[i], i);
        s.balances.reserve(s.balances.size() + scan.balance_count());
        for (std::size_t i = 0; i < scan.balance_count(); ++i) s.balances.push_back(scan.balance(i));
        for (std::size_t k = 0; k < width; ++k) {
            const auto& asset = scan.assets[k];
            const std::string asset_key = upper(asset.asset);
            AssetTotal t;
            t.asset = asset.asset;
            t.chain = chain;
            t.decimals = asset.decimals;
            bool overflow = false;
            for (std::size_t i = 0; i < scan.addresses.size(); ++i) {
                if (row_of.at(scan.addresses[i]) != i) continue;
                if (booked.count({chain, scan.addresses[i], asset_key}) == 0) continue;   // not listed for it
                ++t.addresses;
                const Units& units = scan.units[i * width + k];
                auto sum = checked_add(t.units, units);   // a hostile token can report 2^256-1
                overflow = overflow || !sum;
                if (sum) t.units = *sum;
                if (verified.count({chain, scan.addresses[i]}) == 0) continue;
                ++t.verified_addresses;
                // Never overflows when `units` did not: verified_units ≤ units.
                if (sum) t.verified_units += units;
            }
            if (overflow) {
                withdrawn.emplace_back(chain, "a total exceeds 2^256-1");   // withdrawn below
                continue;
            }
            if (t.addresses == 0) continue;   // an asset no book row lists here: no figure
            t.unverified_addresses = t.addresses - t.verified_addresses;
            add_claims(s, t, book, scan, k, row_of);
            s.totals.push_back(std::move(t));
        }
    }
    // A sum that does not fit 2^256-1 (a hostile token) fails its chain: withdraw its figures.
    for (const auto& [chain, why] : withdrawn) {
        // Captured by copy under its own name: clang 14 cannot capture a structured binding.
        auto on_chain = [c = chain](const auto& x) { return x.chain == c; };
        std::erase_if(s.totals, on_chain);
        std::erase_if(s.balances, on_chain);
        std::erase_if(s.shortfalls, on_chain);
        std::erase_if(s.outpoints, on_chain);
        for (auto& e : s.evidence) {
            if (e.chain == chain) e.proof_data.reset();
        }
        for (auto& c : s.chains) {
            if (c.chain != chain) continue;
            c.status = ChainStatus::failed;
            c.error = why;
        }
        s.status = SnapshotStatus::partial;
    }
    if (!withdrawn.empty() && std::none_of(s.chains.begin(), s.chains.end(), [](const ChainResult& c) {
            return c.status == ChainStatus::complete;
        })) {
        s.status = SnapshotStatus::failed;
    }
    return s;
}

}  // namespace porwatch::snapshot
