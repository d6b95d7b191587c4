// plan_scan: which book rows each configured chain reads, and every row no source reads,
// grouped with its reason and claimed value.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "porwatch/snapshot/assemble.hpp"
#include "ascii.hpp"
#include "text_index.hpp"

namespace porwatch::snapshot {
namespace {

using address::Chain;

using detail::upper;

std::string where(const addressbook::BookEntry& e)
{
    return e.file + ":" + std::to_string(e.line);
}

// The unscanned rows, keyed by (reason, asset, chain), with their published amounts.
class UnscannedTally {
public:
    void add(const addressbook::BookEntry& e, std::string reason, std::string chain)
    {
        Unscanned& u = m_groups[{reason, e.asset, chain}];
        if (u.rows == 0) {
            u.reason = std::move(reason);
            u.asset = e.asset;
            u.chain = std::move(chain);
            u.decimals = e.decimals;
            u.claimed_units = Units{0};
        }
        ++u.rows;
        if (e.amount_text.empty() || e.amount_text == "-") return;
        ++u.claimed_rows;
        if (!e.claim || !u.claimed_units) {
            u.claimed_units.reset();  // some amount is not an exact claim: no sum at all
            return;
        }
        auto sum = checked_add(*u.claimed_units, e.claim->units);
        if (sum)
            u.claimed_units = *sum;
        else
            u.claimed_units.reset();
    }

    std::vector<Unscanned> finish()
    {
        std::vector<Unscanned> out;
        for (auto& [key, u] : m_groups) {
            if (u.claimed_rows == 0) u.claimed_units.reset();
            out.push_back(std::move(u));
        }
        return out;
    }

private:
    std::map<std::tuple<std::string, std::string, std::string>, Unscanned> m_groups;
};

// The chain name of a row for the report: the EVM network for EVM rows off mainnet.
std::string chain_label(const addressbook::BookEntry& e)
{
    if (!e.chain) return "";
    if (*e.chain == Chain::ethereum && !on_ethereum_mainnet(e)) return e.evm_network;
    return std::string(address::to_string(*e.chain));
}

}  // namespace

std::string describe(const Unscanned& u)
{
    std::string out = std::to_string(u.rows) + " " + u.asset + (u.rows == 1 ? " row" : " rows") +
                      (u.chain.empty() ? "" : " on " + u.chain) + " (" + u.reason + ")";
    if (u.claimed_rows == 0) return out;
    if (u.claimed_units) return out + ", claiming " + format_decimal(*u.claimed_units, u.decimals);
    return out + ", " + std::to_string(u.claimed_rows) + " of them claiming amounts porwatch cannot sum exactly";
}

bool on_ethereum_mainnet(const addressbook::BookEntry& e)
{
    const std::string n = upper(e.evm_network);
    return n.empty() || n == "ETH" || n == "ETHEREUM" || n == "ERC20";
}

namespace {

// One EVM section's targets, each address once; a contract-wallet row adds its checks.
class EvmTargets {
public:
    EvmTargets(const config::EvmChainConfig& section, std::vector<chain::EvmTarget>& out) : m_out(out)
    {
        m_assets.insert(upper(section.native));
        for (const auto& token : section.tokens) m_assets.insert(upper(token.symbol));
    }

    // True when the section reads `asset` (its native coin or a `token =`).
    bool reads(const std::string& asset) const { return m_assets.count(upper(asset)) != 0; }

    void add(const addressbook::BookEntry& e)
    {
        const auto [at, fresh] = m_index.find_or_add(
            e.address->text, m_out.size(), [this](std::size_t i) -> const std::string& { return m_out[i].address; });
        if (fresh) m_out.push_back(chain::EvmTarget{e.address->text, false, {}});
        chain::EvmTarget& target = m_out[at];
        target.check_owners = target.check_owners || !e.ownership.owners.empty();
        if (is_eip1271_row(e) && e.ownership.signatures.size() == 1) {
            chain::ContractSignature sig{eip1271_digest(e.ownership.message), e.ownership.signatures[0]};
            auto& sigs = target.contract_signatures;
            if (std::find(sigs.begin(), sigs.end(), sig) == sigs.end()) sigs.push_back(std::move(sig));
        }
    }

private:
    std::vector<chain::EvmTarget>& m_out;
    std::set<std::string> m_assets;
    detail::TextIndex m_index;  // address → m_out index
};

}  // namespace

Result<ScanPlan> plan_scan(const std::vector<addressbook::BookEntry>& book, const config::Config& config)
{
    ScanPlan plan;
    UnscannedTally unscanned;
    // The UTXO targets already planned, each address once: plan.bitcoin's, plan.litecoin's.
    detail::TextIndex seen_bitcoin;
    detail::TextIndex seen_litecoin;
    std::optional<EvmTargets> mainnet;
    if (config.ethereum) mainnet.emplace(*config.ethereum, plan.ethereum);
    // One entry per [evm.NAME] section, in config order; sections no row names are dropped below.
    plan.evm.reserve(config.evm.size());
    for (const auto& section : config.evm) plan.evm.push_back(EvmSectionPlan{section.name, {}});
    std::vector<EvmTargets> sections;
    sections.reserve(config.evm.size());
    for (std::size_t i = 0; i < config.evm.size(); ++i) sections.emplace_back(config.evm[i], plan.evm[i].targets);
    for (const auto& e : book) {
        if (!e.is_supported()) {
            unscanned.add(e, "unsupported coin", chain_label(e));
            continue;
        }
        if (!e.address || !e.chain) {
            unscanned.add(e, "address does not parse", chain_label(e));
            continue;
        }
        const Chain chain = *e.chain;
        const std::string& text = e.address->text;
        if (chain == Chain::tron) {
            unscanned.add(e, "tron (no source yet)", "tron");
            continue;
        }
        if (chain == Chain::ethereum) {
            if (!on_ethereum_mainnet(e)) {
                const config::EvmChainConfig* section = config.evm_for_network(upper(e.evm_network));
                if (section == nullptr) {
                    unscanned.add(e,
                                  "EVM network " + e.evm_network + " (not [ethereum], no [evm.NAME] section reads it)",
                                  e.evm_network);
                    continue;
                }
                EvmTargets& targets = sections[static_cast<std::size_t>(section - config.evm.data())];
                if (!targets.reads(e.asset)) {
                    unscanned.add(e,
                                  "no source for " + e.asset + " in [evm." + section->name + "] (token = " + e.asset +
                                      ":ADDRESS:DECIMALS)",
                                  e.evm_network);
                    continue;
                }
                targets.add(e);
                continue;
            }
            if (!mainnet)
                return Error{where(e) + ": the book has Ethereum rows but the config has no [ethereum] section"};
            if (!mainnet->reads(e.asset)) {
                // Never read as ETH: the row names another asset, which no configured source reads.
                unscanned.add(e,
                              "no source for " + e.asset + " in [ethereum] (token = " + e.asset + ":ADDRESS:DECIMALS)",
                              "ethereum");
                continue;
            }
            mainnet->add(e);
            continue;
        }
        const std::string name(address::to_string(chain));
        const std::string coin = chain == Chain::bitcoin ? "BTC" : "LTC";
        if (upper(e.asset) != coin) {
            unscanned.add(e, "asset " + e.asset + " is not " + name + "'s coin " + coin + " (no source reads it)",
                          name);
            continue;
        }
        const config::UtxoChainConfig* section = config.utxo(chain);
        if (!section)
            return Error{where(e) + ": the book has " + name + " rows but the config has no [" + name + "] section"};
        if (section->network != e.address->network) {
            return Error{where(e) + ": " + text + " is a " + std::string(address::to_string(e.address->network)) +
                         " address but [" + name + "] network = " + std::string(address::to_string(section->network))};
        }
        std::vector<chain::UtxoTarget>& targets = chain == Chain::bitcoin ? plan.bitcoin : plan.litecoin;
        detail::TextIndex& seen = chain == Chain::bitcoin ? seen_bitcoin : seen_litecoin;
        const auto text_of = [&targets](std::size_t i) -> const std::string& { return targets[i].address; };
        if (!seen.find_or_add(text, targets.size(), text_of).second) continue;
        targets.push_back(chain::UtxoTarget{text, e.address->script});
    }
    plan.unscanned = unscanned.finish();
    std::erase_if(plan.evm, [](const EvmSectionPlan& p) { return p.targets.empty(); });
    return plan;
}

}  // namespace porwatch::snapshot
