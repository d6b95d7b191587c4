#include "porwatch/snapshot/assemble.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace porwatch::snapshot {
namespace {

using address::Chain;

std::string upper(std::string s)
{
    for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return s;
}

// Rows of EVM networks other than Ethereum mainnet (ARBITRUM, OPTIMISM, …) are not read by
// the [ethereum] section: their chain id differs.
bool on_ethereum_mainnet(const addressbook::BookEntry& e)
{
    const std::string n = upper(e.evm_network);
    return n.empty() || n == "ETH" || n == "ETHEREUM" || n == "ERC20";
}

std::string where(const addressbook::BookEntry& e) { return e.file + ":" + std::to_string(e.line); }

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

Result<ScanPlan> plan_scan(const std::vector<addressbook::BookEntry>& book, const config::Config& config)
{
    ScanPlan plan;
    std::map<std::string, std::size_t> unscanned;
    std::set<std::pair<Chain, std::string>> seen;
    std::map<std::string, std::size_t> evm_index;   // address → plan.ethereum index
    for (const auto& e : book) {
        if (!e.is_supported()) {
            ++unscanned["unsupported coin"];
            continue;
        }
        if (!e.address || !e.chain) {
            ++unscanned["address does not parse"];
            continue;
        }
        const Chain chain = *e.chain;
        const std::string& text = e.address->text;
        if (chain == Chain::tron) {
            ++unscanned["tron (no source yet)"];
            continue;
        }
        if (chain == Chain::ethereum) {
            if (!on_ethereum_mainnet(e)) {
                ++unscanned["EVM network " + e.evm_network + " (not [ethereum])"];
                continue;
            }
            if (!config.ethereum) return Error{where(e) + ": the book has Ethereum rows but the config has no [ethereum] section"};
            const auto [at, fresh] = evm_index.emplace(text, plan.ethereum.size());
            if (fresh) plan.ethereum.push_back(chain::EvmTarget{text, false, {}});
            chain::EvmTarget& target = plan.ethereum[at->second];
            target.check_owners = target.check_owners || !e.ownership.owners.empty();
            if (is_eip1271_row(e) && e.ownership.signatures.size() == 1) {
                chain::ContractSignature sig{eip1271_digest(e.ownership.message), e.ownership.signatures[0]};
                auto& sigs = target.contract_signatures;
                if (std::find(sigs.begin(), sigs.end(), sig) == sigs.end()) sigs.push_back(std::move(sig));
            }
            continue;
        }
        const config::UtxoChainConfig* section = config.utxo(chain);
        const std::string name(address::to_string(chain));
        if (!section) return Error{where(e) + ": the book has " + name + " rows but the config has no [" + name + "] section"};
        if (section->network != e.address->network) {
            return Error{where(e) + ": " + text + " is a " + std::string(address::to_string(e.address->network)) +
                         " address but [" + name + "] network = " + std::string(address::to_string(section->network))};
        }
        if (!seen.emplace(chain, text).second) continue;
        (chain == Chain::bitcoin ? plan.bitcoin : plan.litecoin).push_back(chain::UtxoTarget{text, e.address->script});
    }
    plan.unscanned.assign(unscanned.begin(), unscanned.end());
    return plan;
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
        if (scan.result.status != ChainStatus::complete) continue;   // no evidence from it
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
            AssetTotal t;
            t.asset = asset.asset;
            t.chain = chain;
            t.decimals = asset.decimals;
            bool overflow = false;
            for (std::size_t i = 0; i < scan.addresses.size(); ++i) {
                if (row_of.at(scan.addresses[i]) != i) continue;
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
            t.addresses = row_of.size();
            t.unverified_addresses = t.addresses - t.verified_addresses;
            // Claims: the first claim per address for this asset, exactly as published.
            std::set<std::string> claimed;
            for (const auto& e : book) {
                if (!e.claim || !e.address || e.chain != chain || upper(e.asset) != upper(asset.asset)) continue;
                const auto it = row_of.find(e.address->text);
                if (it == row_of.end() || !claimed.insert(e.address->text).second) continue;
                auto sum = checked_add(t.claimed_units.value_or(Units{0}), e.claim->units);
                if (!sum) break;   // an absurd claim: reported as no claim rather than wrapped
                t.claimed_units = *sum;
                const Units& observed = scan.units[it->second * width + k];
                if (e.claim->units > observed) {
                    s.shortfalls.push_back(Shortfall{asset.asset, e.address->text, e.claim->units, observed, chain});
                }
            }
            s.totals.push_back(std::move(t));
        }
    }
    // A sum that does not fit 2^256-1 (a hostile token) fails its chain: withdraw its figures.
    for (const auto& [chain, why] : withdrawn) {
        auto on_chain = [chain](const auto& x) { return x.chain == chain; };
        std::erase_if(s.totals, on_chain);
        std::erase_if(s.balances, on_chain);
        std::erase_if(s.shortfalls, on_chain);
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
