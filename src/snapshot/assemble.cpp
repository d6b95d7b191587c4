#include "porwatch/snapshot/assemble.hpp"
#include "ascii.hpp"
#include "text_index.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>

namespace porwatch::snapshot {
namespace {

using address::Chain;

using detail::upper;

// The address books' EVM network names (upper case) each [evm.NAME] scan read → NAME.
using Sources = std::map<std::string, std::string>;

Sources evm_sources(const std::vector<chain::ChainScan>& scans)
{
    Sources out;
    for (const auto& scan : scans) {
        for (const auto& network : scan.networks) out.emplace(upper(network), scan.result.source);
    }
    return out;
}

// The source that reads a row: "" for the built-in chains and Ethereum mainnet, an [evm.NAME]
// scan's NAME for its networks, nullopt for a network no scan read (an unscanned row).
std::optional<std::string> row_source(const addressbook::BookEntry& e, const Sources& sources)
{
    if (e.chain != Chain::ethereum || on_ethereum_mainnet(e)) return std::string();
    const auto it = sources.find(upper(e.evm_network));
    if (it == sources.end()) return std::nullopt;
    return it->second;
}

// A book row's address text, for the indexes of book rows below (TextIndex). Only rows with
// an address are ever recorded in them.
struct BookText {
    const std::vector<addressbook::BookEntry>& book;
    const std::string& operator()(std::size_t i) const { return book[i].address->text; }
};

// A scan's address text, for the index of a scan's rows.
struct ScanText {
    const chain::ChainScan& scan;
    const std::string& operator()(std::size_t i) const { return scan.addresses[i]; }
};

// The addresses the book lists on a scanned chain, per (chain, source, ASSET), as indexes of
// book rows (no copy of an address): an address counts toward an asset's total only for the
// assets its rows name, on the chain its rows name.
using Booked = std::map<std::tuple<Chain, std::string, std::string>, detail::TextIndex>;

Booked booked_assets(const std::vector<addressbook::BookEntry>& book, const Sources& sources)
{
    Booked out;
    for (std::size_t i = 0; i < book.size(); ++i) {
        const auto& e = book[i];
        if (!e.address || !e.chain || !e.is_supported()) continue;
        const auto source = row_source(e, sources);
        if (!source) continue;
        out[{*e.chain, *source, upper(e.asset)}].find_or_add(e.address->text, i, BookText{book});
    }
    return out;
}

// Returns: the index `map` holds under `key`, or nullptr.
template <typename Map, typename Key> const detail::TextIndex* index_at(const Map& map, const Key& key)
{
    const auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
}

// Claims of one total: the first exact claim per scanned address, and the rows whose amount
// gave none (which withdraw the claim total: it is never quietly short).
void add_claims(Snapshot& s, AssetTotal& t, const std::vector<addressbook::BookEntry>& book,
                const chain::ChainScan& scan, std::size_t k, const detail::TextIndex& row_of, const Sources& sources)
{
    const std::size_t width = scan.assets.size();
    const std::string asset = upper(scan.assets[k].asset);  // as the book names it, without @NAME
    detail::TextIndex claimed;  // book rows whose address has its claim counted
    bool overflow = false;
    for (std::size_t row = 0; row < book.size(); ++row) {
        const auto& e = book[row];
        if (!e.address || e.chain != t.chain || upper(e.asset) != asset) continue;
        if (row_source(e, sources) != scan.result.source) continue;
        const std::optional<std::size_t> at = row_of.find(e.address->text, ScanText{scan});
        if (!at) continue;
        // A coin amount read with other decimals than the scanned asset has (a `token =` whose
        // decimals differ from the coin table's) is not in this total's units: no claim.
        const bool other_units = e.claim && e.claim->decimals && *e.claim->decimals != t.decimals;
        if (e.claim_issue != addressbook::ClaimIssue::none || other_units) {
            ++t.claim_errors;
            continue;
        }
        if (!e.claim || !claimed.find_or_add(e.address->text, row, BookText{book}).second) continue;
        auto sum = checked_add(t.claimed_units.value_or(Units{0}), e.claim->units);
        if (!sum) {
            overflow = true;  // an absurd claim: the total is withdrawn, never wrapped
            ++t.claim_errors;
        } else if (!overflow) {
            t.claimed_units = *sum;
        }
        const Units& observed = scan.units[*at * width + k];
        if (e.claim->units > observed) {
            s.shortfalls.push_back(Shortfall{t.asset, e.address->text, e.claim->units, observed, t.chain});
        }
    }
    if (t.claim_errors > 0) t.claimed_units.reset();
}

}  // namespace

std::string sourced_asset(const std::string& asset, const std::string& source)
{
    return source.empty() ? asset : asset + "@" + source;
}

std::string_view asset_source(std::string_view asset)
{
    const auto at = asset.rfind('@');
    return at == std::string_view::npos ? std::string_view{} : asset.substr(at + 1);
}

std::string asset_chain_name(address::Chain chain, std::string_view asset)
{
    const std::string_view source = asset_source(asset);
    return std::string(source.empty() ? address::to_string(chain) : source);
}

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
        s.evidence.push_back(
            ChainEvidence{scan.result.chain, scan.assets, scan.confirmations, whole ? scan.proof_data : std::nullopt});
        if (!whole) continue;  // no evidence from it
        s.outpoints.insert(s.outpoints.end(), scan.outpoints.begin(), scan.outpoints.end());
        ++complete;
        // Contract wallets are checked on Ethereum mainnet only: a check carries no [evm.NAME],
        // and a Safe at one address on two chains need not have the same owners.
        if (!scan.result.source.empty()) continue;
        s.owner_checks.insert(s.owner_checks.end(), scan.owner_checks.begin(), scan.owner_checks.end());
        s.signature_checks.insert(s.signature_checks.end(), scan.signature_checks.begin(), scan.signature_checks.end());
    }
    s.status = !scans.empty() && complete == scans.size() ? SnapshotStatus::complete
               : complete == 0                            ? SnapshotStatus::failed
                                                          : SnapshotStatus::partial;
    const Sources sources = evm_sources(scans);
    // Addresses with at least one verified row, per chain and source (indexes of book rows).
    std::map<std::pair<Chain, std::string>, detail::TextIndex> verified;
    const std::vector<chain::OwnerCheck> no_owner_checks;
    const std::vector<chain::SignatureCheck> no_signature_checks;
    for (std::size_t i = 0; i < book.size() && i < proofs.size(); ++i) {
        const auto& e = book[i];
        if (!e.address || !e.chain) continue;
        const std::string source = row_source(e, sources).value_or("");
        const bool contract = !e.ownership.owners.empty() || is_eip1271_row(e);
        if (!contract) {
            if (proofs[i].status == proof::ProofStatus::verified) {
                verified[{*e.chain, source}].find_or_add(e.address->text, i, BookText{book});
            }
            continue;
        }
        // Off mainnet no on-chain check is read (above): such a row is never verified.
        const bool mainnet = source.empty();
        auto verdict = effective_verdict(e, proofs[i], mainnet ? s.owner_checks : no_owner_checks,
                                         mainnet ? s.signature_checks : no_signature_checks);
        if (verdict.status == proof::ProofStatus::verified) {
            verified[{*e.chain, source}].find_or_add(e.address->text, i, BookText{book});
        }
        s.contract_verdicts.push_back(RowVerdict{e.file, e.line, e.address->text, std::move(verdict)});
    }
    const Booked booked = booked_assets(book, sources);
    std::vector<std::pair<std::size_t, std::string>> withdrawn;  // scans whose figures cannot stand
    for (std::size_t n = 0; n < scans.size(); ++n) {
        const chain::ChainScan& scan = scans[n];
        if (scan.result.status != ChainStatus::complete) continue;  // never summed
        const Chain chain = scan.result.chain;
        const std::string& source = scan.result.source;
        const std::size_t width = scan.assets.size();
        if (scan.units.size() != scan.addresses.size() * width) {
            withdrawn.emplace_back(n, "the scan's balances do not match its addresses × assets");
            continue;
        }
        // Each address once, under its first row (the scanners never repeat one).
        detail::TextIndex row_of;
        for (std::size_t i = 0; i < scan.addresses.size(); ++i)
            row_of.find_or_add(scan.addresses[i], i, ScanText{scan});
        const detail::TextIndex* verified_here = index_at(verified, std::pair<Chain, std::string>{chain, source});
        s.balances.reserve(s.balances.size() + scan.balance_count());
        for (std::size_t i = 0; i < scan.balance_count(); ++i) {
            s.balances.push_back(scan.balance(i));
            s.balances.back().asset = sourced_asset(s.balances.back().asset, source);
        }
        for (std::size_t k = 0; k < width; ++k) {
            const auto& asset = scan.assets[k];
            const std::string asset_key = upper(asset.asset);
            AssetTotal t;
            t.asset = sourced_asset(asset.asset, source);
            t.chain = chain;
            t.decimals = asset.decimals;
            bool overflow = false;
            const detail::TextIndex* booked_here =
                index_at(booked, std::tuple<Chain, std::string, std::string>{chain, source, asset_key});
            for (std::size_t i = 0; i < scan.addresses.size(); ++i) {
                if (*row_of.find(scan.addresses[i], ScanText{scan}) != i) continue;
                // Not listed for it.
                if (booked_here == nullptr || !booked_here->find(scan.addresses[i], BookText{book})) continue;
                ++t.addresses;
                const Units& units = scan.units[i * width + k];
                auto sum = checked_add(t.units, units);  // a hostile token can report 2^256-1
                overflow = overflow || !sum;
                if (sum) t.units = *sum;
                if (verified_here == nullptr || !verified_here->find(scan.addresses[i], BookText{book})) continue;
                ++t.verified_addresses;
                // Never overflows when `units` did not: verified_units ≤ units.
                if (sum) t.verified_units += units;
            }
            if (overflow) {
                withdrawn.emplace_back(n, "a total exceeds 2^256-1");  // withdrawn below
                continue;
            }
            if (t.addresses == 0) continue;  // an asset no book row lists here: no figure
            t.unverified_addresses = t.addresses - t.verified_addresses;
            add_claims(s, t, book, scan, k, row_of, sources);
            s.totals.push_back(std::move(t));
        }
    }
    // A sum that does not fit 2^256-1 (a hostile token) fails its chain: withdraw its figures.
    for (const auto& [n, why] : withdrawn) {
        // Captured by copy under its own name: clang 14 cannot capture a structured binding.
        auto on_chain = [c = scans[n].result.chain, src = scans[n].result.source](const auto& x) {
            return x.chain == c && asset_source(x.asset) == src;
        };
        std::erase_if(s.totals, on_chain);
        std::erase_if(s.balances, on_chain);
        std::erase_if(s.shortfalls, on_chain);
        const Chain chain = scans[n].result.chain;
        std::erase_if(s.outpoints, [chain](const auto& x) { return x.chain == chain; });  // UTXO chains only
        s.evidence[n].proof_data.reset();
        s.chains[n].status = ChainStatus::failed;
        s.chains[n].error = why;
        s.status = SnapshotStatus::partial;
    }
    if (!withdrawn.empty() && std::none_of(s.chains.begin(), s.chains.end(),
                                           [](const ChainResult& c) { return c.status == ChainStatus::complete; })) {
        s.status = SnapshotStatus::failed;
    }
    return s;
}

}  // namespace porwatch::snapshot
