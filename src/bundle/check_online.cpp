// bundle::check_online (see porwatch/bundle/check.hpp): the bundle against the user's nodes.
#include <map>
#include <set>

#include "porwatch/address/address.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/util/hex.hpp"
#include "support.hpp"

namespace porwatch::bundle {
namespace {

// A node that did not answer at all: the check it should have made is missing, never ok.
bool unreachable_kind(const Error& e)
{
    const auto kind = e.code_as<chain::ChainError>();
    return !kind || *kind == chain::ChainError::connect || *kind == chain::ChainError::timeout ||
           *kind == chain::ChainError::auth || *kind == chain::ChainError::http || *kind == chain::ChainError::too_large;
}

// The [ethereum] section to re-read the bundle with: the user's nodes, the bundle's tokens (with
// the balance slots it proved, else the user's), every balance proven.
config::EvmChainConfig evm_config(const store::ExportedChain& c, const config::EvmChainConfig& user)
{
    config::EvmChainConfig cfg = user;
    cfg.proofs = ethproof::ProofMode{ethproof::ProofMode::Kind::all, 0};
    if (!c.evidence) return cfg;
    cfg.tokens.clear();
    for (const auto& a : c.evidence->assets) {
        if (a.contract.empty()) continue;
        auto contract = address::parse_evm_address(a.contract);
        if (!contract) continue;
        config::TokenConfig t{a.asset, *contract, a.decimals, std::nullopt, std::nullopt};
        if (c.evidence->proof_data) {
            for (const auto& s : c.evidence->proof_data->slots) {
                if (s.contract != a.contract) continue;
                t.balance_slot = s.slot;
                t.balance_mask = s.mask;
                break;
            }
        }
        for (const auto& mine : user.tokens) {
            if (!t.balance_slot && mine.contract.text == a.contract) {
                t.balance_slot = mine.balance_slot;
                t.balance_mask = mine.balance_mask;
            }
        }
        cfg.tokens.push_back(std::move(t));
    }
    return cfg;
}

void check_evm(const store::SnapshotExport& b, const store::ExportedChain& c, const config::Config& config,
               CheckReport& report)
{
    const std::string part = "balances ethereum (online)";
    if (!config.ethereum) {
        report.add(part, PartStatus::not_checked, config.file + " has no [ethereum] section");
        return;
    }
    if (std::to_string(config.ethereum->chain_id) != c.result.chain_id) {
        report.add(part, PartStatus::not_checked, config.file + "'s chain_id is " + std::to_string(config.ethereum->chain_id) +
                                                       ", the bundle's chain is " + c.result.chain_id);
        return;
    }
    const config::EvmChainConfig cfg = evm_config(c, *config.ethereum);
    std::vector<chain::EvmTarget> targets;
    std::set<std::string> seen;
    std::set<std::string> owners;
    for (const auto& o : c.owner_checks) owners.insert(o.address);
    for (const auto& x : b.balances) {
        if (x.chain != address::Chain::ethereum || !seen.insert(x.address).second) continue;
        chain::EvmTarget t{x.address, owners.count(x.address) > 0, {}};
        for (const auto& s : c.signature_checks) {
            if (s.address == x.address) t.contract_signatures.push_back(chain::ContractSignature{s.hash, s.signature});
        }
        targets.push_back(std::move(t));
    }
    const chain::ChainScan scan = chain::scan_evm_chain(cfg, targets, chain::EvmScanOptions{c.result.block_hash});
    const auto& r = scan.result;
    if (r.status != snapshot::ChainStatus::complete) {
        const Error e = r.error_kind ? Error{*r.error_kind, r.error} : Error{r.error};
        if (r.error_kind == chain::ChainError::proof || r.status == snapshot::ChainStatus::disputed) {
            report.add(part, PartStatus::failed, "your nodes at block " + c.result.block_hash + ": " + r.error);
        } else {
            if (unreachable_kind(e)) report.unreachable = true;
            report.add(part, PartStatus::not_checked, "your nodes could not be read at block " + c.result.block_hash + ": " + r.error);
        }
        return;
    }
    Failures failures(part);
    std::map<std::pair<std::string, std::string>, Units> now;
    for (std::size_t i = 0; i < scan.balance_count(); ++i) {
        const auto x = scan.balance(i);
        now[{x.address, x.asset}] = x.units;
    }
    for (const auto& x : b.balances) {
        if (x.chain != address::Chain::ethereum) continue;
        const auto it = now.find({x.address, x.asset});
        if (it == now.end()) {
            failures.add(x.address + " " + x.asset + ": not read again (the token is not in the bundle's assets)");
        } else if (it->second != x.units) {
            failures.add(x.address + " " + x.asset + ": the bundle says " + to_string(x.units) + ", your node " +
                         to_string(it->second) + " (proven against the state root)");
        }
    }
    if (c.evidence && c.evidence->proof_data && scan.proof_data &&
        c.evidence->proof_data->header_rlp != scan.proof_data->header_rlp) {
        failures.add("the bundle's header differs from your node's header of the same block");
    }
    if (scan.owner_checks != c.owner_checks || scan.signature_checks != c.signature_checks) {
        failures.add("the contract-wallet checks differ from what your node answers at the same block");
    }
    const auto& p = r.proofs;
    std::size_t read_again = 0;
    for (const auto& x : b.balances) read_again += x.chain == address::Chain::ethereum ? 1 : 0;
    failures.report(report, std::to_string(read_again) + " balances read again at block " + std::to_string(r.height) +
                                " " + r.block_hash + " from " + std::to_string(r.endpoints.size()) +
                                " endpoint(s) and equal; " + (p ? std::to_string(p->balances_proven) : std::string("0")) +
                                " of them proven against the state root of the verified header");
}

void check_utxo(const store::SnapshotExport& b, const store::ExportedChain& c, const config::Config& config,
                CheckReport& report)
{
    const std::string chain_name(address::to_string(c.result.chain));
    const std::string part = "outpoints " + chain_name + " (online)";
    const config::UtxoChainConfig* section = config.utxo(c.result.chain);
    if (!section) {
        report.add(part, PartStatus::not_checked, config.file + " has no [" + chain_name + "] section");
        return;
    }
    if (section->network != c.result.network) {
        report.add(part, PartStatus::not_checked, config.file + "'s [" + chain_name + "] is " +
                                                       std::string(address::to_string(section->network)) + ", the bundle's " +
                                                       std::string(address::to_string(c.result.network)));
        return;
    }
    std::vector<chain::UtxoOutpoint> outpoints;
    std::vector<std::string> scripts;
    Failures failures(part);
    for (const auto& o : b.outpoints) {
        if (o.chain != c.result.chain) continue;
        auto parsed = address::parse_address(o.address, c.result.chain, c.result.network);
        if (!parsed) {
            failures.add(o.address + ": not a " + chain_name + " address: " + parsed.error().message);
            continue;
        }
        outpoints.push_back(o);
        scripts.push_back(to_hex(parsed->address.script));
    }
    const auto answers = chain::recheck_outpoints(*section, c.result.height, outpoints, scripts);
    std::size_t matching = 0, spent = 0, asked = 0;
    for (const auto& a : answers) {
        if (a.error) {
            if (unreachable_kind(*a.error)) report.unreachable = true;
            report.add(part, PartStatus::not_checked, a.error->message);
            continue;
        }
        if (!a.block_at_height) {
            report.add(part, PartStatus::not_checked, a.endpoint + ": its tip is below the bundle's height " +
                                                          std::to_string(c.result.height));
            continue;
        }
        ++asked;
        if (*a.block_at_height != c.result.block_hash) {
            failures.add(a.endpoint + ": its block at height " + std::to_string(c.result.height) + " is " +
                         *a.block_at_height + ", the bundle's is " + c.result.block_hash +
                         " (reorganised away, or not this chain's)");
        }
        for (const auto& d : a.differences) failures.add(a.endpoint + ": " + d);
        matching = std::max(matching, a.unspent_matching);
        spent = std::max(spent, a.spent);
    }
    if (asked == 0) return;
    failures.report(report, std::to_string(matching) + " of " + std::to_string(outpoints.size()) +
                                " outpoints still unspent with the same amount, script and height; block " +
                                std::to_string(c.result.height) + " is " + c.result.block_hash + " on your node(s)");
    if (spent > 0) {
        report.add(part + " spent since", PartStatus::not_checked,
                   std::to_string(spent) + " outpoints are spent now: gettxout shows only unspent outputs");
    }
}

}  // namespace

void check_online(const store::SnapshotExport& b, const config::Config& config, CheckReport& report)
{
    for (const auto& c : b.chains) {
        if (c.result.status != snapshot::ChainStatus::complete) continue;   // no figures to re-check
        if (c.result.chain == address::Chain::ethereum) {
            check_evm(b, c, config, report);
        } else if (address::is_utxo_chain(c.result.chain)) {
            check_utxo(b, c, config, report);
        }
    }
}

}  // namespace porwatch::bundle
