// Evaluation of the rules about the published book and the nodes rather than the figures:
// ownership regressions, address-book drift and disputed chains. They are evaluated on
// every cycle, whatever the snapshot status: proofs come from the files, not the nodes.
#include <algorithm>
#include <map>
#include <set>

#include "eval_detail.hpp"

namespace porwatch::alert::detail {
namespace {

constexpr std::size_t kListLimit = 10;

bool proves_ownership(proof::ProofStatus status)
{
    return status == proof::ProofStatus::verified || status == proof::ProofStatus::owners_signed;
}

std::string chain_of(const snapshot::Snapshot& snapshot, const std::string& asset)
{
    for (const auto& total : snapshot.totals) {
        if (total.asset == asset) return std::string(address::to_string(total.chain));
    }
    return "";
}

// The asset part of a "kind:asset" key of `kind`, or "" if the key is of another kind.
std::string asset_of_key(const std::string& key, RuleKind kind)
{
    const std::string prefix = std::string(to_string(kind)) + ":";
    return key.starts_with(prefix) ? key.substr(prefix.size()) : "";
}

}  // namespace

void evaluate_ownership(const CycleInput& input, const snapshot::Snapshot& snapshot, std::span<const AlertState> prior,
                        std::vector<Condition>& out)
{
    // asset → address → what went wrong (an offender) ; assets seen this cycle.
    std::map<std::string, std::map<std::string, std::string>> offenders;
    std::set<std::string> assets;
    for (const auto& obs : input.ownership) {
        assets.insert(obs.asset);
        if (proves_ownership(obs.current)) continue;
        const std::string now_text =
            std::string(proof::to_string(obs.current)) + (obs.reason.empty() ? "" : ": " + obs.reason);
        if (obs.previous && proves_ownership(*obs.previous)) {
            offenders[obs.asset][obs.address] =
                obs.address + " (" + std::string(proof::to_string(*obs.previous)) + " → " + now_text + ")";
            continue;
        }
        if (!obs.previous && !input.first_book) {
            offenders[obs.asset][obs.address] = obs.address + " (new, " + now_text + ")";
            continue;
        }
        // Still failing since an earlier cycle made it an offender: it stays one.
        const AlertState* state = find_state(prior, make_key(RuleKind::ownership, obs.asset));
        if (state && std::binary_search(state->members.begin(), state->members.end(), obs.address)) {
            offenders[obs.asset][obs.address] = obs.address + " (still " + now_text + ")";
        }
    }
    // An asset whose alert is active but that has left the book is evaluated too (it resolves).
    for (const auto& state : prior) {
        const std::string asset = asset_of_key(state.key, RuleKind::ownership);
        if (!asset.empty() && state.phase != AlertPhase::ok) assets.insert(asset);
    }
    for (const auto& asset : assets) {
        Condition c;
        c.key = make_key(RuleKind::ownership, asset);
        c.kind = RuleKind::ownership;
        c.asset = asset;
        c.chain = chain_of(snapshot, asset);
        std::vector<std::string> lines;
        for (const auto& [address, line] : offenders[asset]) {
            c.members.push_back(address);  // std::map: sorted
            lines.push_back(line);
        }
        c.fire = !c.members.empty();
        c.recovered = c.members.empty();
        c.detail = c.fire ? std::to_string(c.members.size()) + " " + asset +
                                " address(es) do not prove ownership: " + list_some(lines, kListLimit)
                          : "every " + asset + " address that proved ownership still does";
        out.push_back(std::move(c));
    }
}

void evaluate_drift(const CycleInput& input, std::span<const AlertState> prior, std::vector<Condition>& out)
{
    std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> changes;
    for (const auto& change : input.book_diff.added) changes[change.asset].first.push_back(change.address);
    for (const auto& change : input.book_diff.removed) changes[change.asset].second.push_back(change.address);
    for (const auto& state : prior) {
        const std::string asset = asset_of_key(state.key, RuleKind::drift);
        if (!asset.empty() && state.phase != AlertPhase::ok) changes[asset];  // returns to ok
    }
    for (auto& [asset, added_removed] : changes) {
        auto& [added, removed] = added_removed;
        std::sort(added.begin(), added.end());
        std::sort(removed.begin(), removed.end());
        Condition c;
        c.key = make_key(RuleKind::drift, asset);
        c.kind = RuleKind::drift;
        c.asset = asset;
        c.event = true;
        c.fire = !added.empty() || !removed.empty();
        c.recovered = !c.fire;
        c.detail = asset + " address book: " + std::to_string(removed.size()) + " removed, " +
                   std::to_string(added.size()) + " added";
        if (!removed.empty()) c.detail += "; removed: " + list_some(removed, kListLimit);
        if (!added.empty()) c.detail += "; added: " + list_some(added, kListLimit);
        out.push_back(std::move(c));
    }
}

void evaluate_disputed(const snapshot::Snapshot& snapshot, std::vector<Condition>& out)
{
    for (const auto& chain : snapshot.chains) {
        // A failed chain says nothing about agreement: not evaluated.
        if (chain.status == snapshot::ChainStatus::failed) continue;
        const std::string name = chain::source_name(chain);  // disputed:arbitrum for [evm.arbitrum]
        Condition c;
        c.key = make_key(RuleKind::disputed, name);
        c.kind = RuleKind::disputed;
        c.chain = name;
        c.fire = chain.status == snapshot::ChainStatus::disputed;
        c.recovered = !c.fire;
        c.detail = c.fire ? "the " + name + " nodes disagree: " + chain.error + " (" +
                                std::to_string(chain.disagreements.size()) + " disagreement(s))"
                          : "the " + name + " nodes agree";
        out.push_back(std::move(c));
    }
}

}  // namespace porwatch::alert::detail
