#include "porwatch/snapshot/assemble.hpp"

#include <algorithm>
#include <map>
#include <set>

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
    std::vector<Chain> overflowed;
    for (const auto& scan : scans) {
        if (scan.result.status != ChainStatus::complete) continue;   // never summed
        const Chain chain = scan.result.chain;
        s.balances.insert(s.balances.end(), scan.balances.begin(), scan.balances.end());
        for (const auto& asset : scan.assets) {
            AssetTotal t;
            t.asset = asset.asset;
            t.chain = chain;
            t.decimals = asset.decimals;
            std::map<std::string, Units> observed;
            bool overflow = false;
            for (const auto& b : scan.balances) {
                if (b.asset != asset.asset || observed.count(b.address)) continue;
                observed.emplace(b.address, b.units);
                auto sum = checked_add(t.units, b.units);   // a hostile token can report 2^256-1
                overflow = overflow || !sum;
                if (sum) t.units = *sum;
                t.verified_addresses += verified.count({chain, b.address});
            }
            if (overflow) {
                overflowed.push_back(chain);   // this chain's totals are withdrawn below
                continue;
            }
            t.addresses = observed.size();
            // Claims: the first claim per address for this asset, exactly as published.
            std::set<std::string> claimed;
            for (const auto& e : book) {
                if (!e.claim || !e.address || e.chain != chain || upper(e.asset) != upper(asset.asset)) continue;
                const auto it = observed.find(e.address->text);
                if (it == observed.end() || !claimed.insert(e.address->text).second) continue;
                auto sum = checked_add(t.claimed_units.value_or(Units{0}), e.claim->units);
                if (!sum) break;   // an absurd claim: reported as no claim rather than wrapped
                t.claimed_units = *sum;
                if (e.claim->units > it->second) {
                    s.shortfalls.push_back(Shortfall{asset.asset, e.address->text, e.claim->units, it->second, chain});
                }
            }
            s.totals.push_back(std::move(t));
        }
    }
    // A sum that does not fit 2^256-1 (a hostile token) fails its chain: withdraw its figures.
    for (const Chain chain : overflowed) {
        auto on_chain = [chain](const auto& x) { return x.chain == chain; };
        std::erase_if(s.totals, on_chain);
        std::erase_if(s.balances, on_chain);
        std::erase_if(s.shortfalls, on_chain);
        for (auto& c : s.chains) {
            if (c.chain != chain) continue;
            c.status = ChainStatus::failed;
            c.error = "a total exceeds 2^256-1";
        }
        s.status = SnapshotStatus::partial;
    }
    if (!overflowed.empty() && std::none_of(s.chains.begin(), s.chains.end(), [](const ChainResult& c) {
            return c.status == ChainStatus::complete;
        })) {
        s.status = SnapshotStatus::failed;
    }
    return s;
}

}  // namespace porwatch::snapshot
