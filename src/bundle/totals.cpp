// The totals of a bundle re-summed with snapshot::assemble, the function that made them.
#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "porwatch/snapshot/assemble.hpp"
#include "support.hpp"

namespace porwatch::bundle {
namespace {

std::string describe(const snapshot::AssetTotal& t)
{
    return "units " + to_string(t.units) + ", verified " + to_string(t.verified_units) + ", claimed " +
           (t.claimed_units ? to_string(*t.claimed_units) : std::string("none")) + ", " + std::to_string(t.addresses) +
           " addresses (" + std::to_string(t.verified_addresses) + " verified), " + std::to_string(t.claim_errors) +
           " claim errors";
}

// Returns: whether `x` was read on the chain `c` (an [evm.NAME] chain's balances are ASSET@NAME).
bool read_on(const snapshot::AddressBalance& x, const snapshot::ChainResult& c)
{
    return x.chain == c.chain && snapshot::asset_source(x.asset) == c.source;
}

// Rebuild the chain scans from the bundle: complete chains with their balances as an
// addresses × assets matrix. Returns: false (with failures) when a cell is missing.
bool rebuild_scans(const store::SnapshotExport& b, std::vector<chain::ChainScan>& scans, Failures& failures)
{
    std::map<std::pair<address::Chain, std::string>, unsigned> decimals;
    for (const auto& t : b.totals) decimals[{t.chain, t.asset}] = t.decimals;
    bool whole = true;
    for (const auto& c : b.chains) {
        chain::ChainScan scan;
        scan.result = c.result;
        scan.owner_checks = c.owner_checks;
        scan.signature_checks = c.signature_checks;
        // An [evm.NAME] chain reads the book's rows of its networks: the built-in names of its
        // chain id (a config's extra `network =` names are not in the bundle yet, issue 15).
        std::uint64_t chain_id = 0;
        const std::string& id = c.result.chain_id;
        if (!c.result.source.empty() && std::from_chars(id.data(), id.data() + id.size(), chain_id).ec == std::errc{})
            scan.networks = config::builtin_evm_networks(chain_id);
        if (c.result.status == snapshot::ChainStatus::complete) {
            if (c.evidence) {
                scan.assets = c.evidence->assets;
            } else {  // before schema 006: the assets of its balances, decimals from its totals
                std::set<std::string> seen;
                for (const auto& x : b.balances) {
                    if (read_on(x, c.result) && seen.insert(x.asset).second) {
                        const std::size_t suffix = c.result.source.empty() ? 0 : c.result.source.size() + 1;
                        scan.assets.emplace_back(x.asset.substr(0, x.asset.size() - suffix),
                                                 decimals[{x.chain, x.asset}]);
                    }
                }
            }
            std::map<std::string, std::size_t> column;
            for (std::size_t k = 0; k < scan.assets.size(); ++k) {
                column[snapshot::sourced_asset(scan.assets[k].asset, c.result.source)] = k;  // as balances name it
            }
            std::map<std::string, std::size_t> row;
            std::vector<std::vector<std::optional<Units>>> cells;
            for (const auto& x : b.balances) {
                if (!read_on(x, c.result)) continue;
                const auto k = column.find(x.asset);
                if (k == column.end()) {
                    failures.add(x.address + " " + x.asset + ": an asset its chain did not read");
                    whole = false;
                    continue;
                }
                auto [it, added] = row.emplace(x.address, cells.size());
                if (added) {
                    scan.addresses.push_back(x.address);
                    cells.emplace_back(scan.assets.size());
                }
                cells[it->second][k->second] = x.units;
            }
            for (std::size_t i = 0; i < cells.size(); ++i) {
                for (std::size_t k = 0; k < scan.assets.size(); ++k) {
                    if (!cells[i][k]) {
                        failures.add(scan.addresses[i] + " has no " + scan.assets[k].asset + " balance in the bundle");
                        whole = false;
                    }
                    scan.units.push_back(cells[i][k].value_or(Units{0}));
                }
            }
        }
        scans.push_back(std::move(scan));
    }
    return whole;
}

}  // namespace

void check_totals(const store::SnapshotExport& b, const std::vector<addressbook::BookEntry>& entries,
                  const std::vector<proof::ProofResult>& verdicts, CheckReport& report)
{
    Failures failures("totals");
    std::vector<chain::ChainScan> scans;
    if (!rebuild_scans(b, scans, failures)) {
        failures.report(report, "");
        return;
    }
    const snapshot::Snapshot again = snapshot::assemble(entries, verdicts, scans, b.started_at, b.finished_at);
    std::map<std::pair<address::Chain, std::string>, const snapshot::AssetTotal*> computed;
    for (const auto& t : again.totals) computed[{t.chain, t.asset}] = &t;
    std::string sums;  // same_asset sums: the bundle does not carry the same_asset lines
    for (const auto& t : b.totals) {
        if (snapshot::asset_source(t.asset) == config::kSumSource) {
            sums += (sums.empty() ? "" : ", ") + t.asset;
            continue;
        }
        const std::string name = t.asset + " on " + std::string(address::to_string(t.chain));
        const auto it = computed.find({t.chain, t.asset});
        if (it == computed.end()) {
            failures.add(name + ": the bundle has a total the balances and book do not make");
            continue;
        }
        const snapshot::AssetTotal& c = *it->second;
        if (c.units != t.units || c.verified_units != t.verified_units || c.claimed_units != t.claimed_units ||
            c.addresses != t.addresses || c.verified_addresses != t.verified_addresses ||
            c.claim_errors != t.claim_errors || c.decimals != t.decimals) {
            failures.add(name + ": the bundle says " + describe(t) + "; its balances and book sum to " + describe(c));
        }
        computed.erase(it);
    }
    for (const auto& [key, t] : computed) {
        failures.add(t->asset + " on " + std::string(address::to_string(t->chain)) + ": a total (" +
                     to_string(t->units) + ") the bundle does not list");
    }
    if (std::string(snapshot::to_string(again.status)) != b.status) {
        failures.add("the snapshot's status is '" + b.status + "', its chains make it '" +
                     std::string(snapshot::to_string(again.status)) + "'");
    }
    const std::size_t summed =
        static_cast<std::size_t>(std::count_if(b.totals.begin(), b.totals.end(), [](const auto& t) {
            return snapshot::asset_source(t.asset) != config::kSumSource;
        }));
    failures.report(report,
                    std::to_string(summed) + " totals re-summed exactly from the balances, the book and the verdicts");
    if (!sums.empty()) {
        // Never a silent pass: the sums are named as not re-checked, their members are.
        report.add("same_asset sums", PartStatus::not_checked,
                   sums + ": the bundle does not carry the config's same_asset lines, so these are not re-summed "
                          "(each member's total is)");
    }
}

}  // namespace porwatch::bundle
