// bundle::check_online (see porwatch/bundle/check.hpp): the bundle against the user's nodes.
#include <map>
#include <set>

#include "porwatch/address/address.hpp"
#include "porwatch/chain/prices.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/prices/prices.hpp"
#include "porwatch/util/hex.hpp"
#include "support.hpp"

namespace porwatch::bundle {
namespace {

// Returns: whether `x` was read on [ethereum] (an [evm.NAME] chain's balances are ASSET@NAME).
bool on_mainnet(const snapshot::AddressBalance& x)
{
    return x.chain == address::Chain::ethereum && snapshot::asset_source(x.asset).empty();
}

// A node that did not answer at all: the check it should have made is missing, never ok.
bool unreachable_kind(const Error& e)
{
    const auto kind = e.code_as<chain::ChainError>();
    return !kind || *kind == chain::ChainError::connect || *kind == chain::ChainError::timeout ||
           *kind == chain::ChainError::auth || *kind == chain::ChainError::http ||
           *kind == chain::ChainError::too_large;
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
    const std::string part = "balances " + chain::source_name(c.result) + " (online)";
    if (!c.result.source.empty()) {
        // Never read through [ethereum]: another chain's nodes would prove nothing about it.
        report.add(part, PartStatus::not_checked,
                   "an [evm." + c.result.source + "] chain (chain id " + c.result.chain_id +
                       ") is not re-checked online yet (issue 15)");
        return;
    }
    if (!config.ethereum) {
        report.add(part, PartStatus::not_checked, config.file + " has no [ethereum] section");
        return;
    }
    if (std::to_string(config.ethereum->chain_id) != c.result.chain_id) {
        report.add(part, PartStatus::not_checked,
                   config.file + "'s chain_id is " + std::to_string(config.ethereum->chain_id) +
                       ", the bundle's chain is " + c.result.chain_id);
        return;
    }
    const config::EvmChainConfig cfg = evm_config(c, *config.ethereum);
    std::vector<chain::EvmTarget> targets;
    std::set<std::string> seen;
    std::set<std::string> owners;
    for (const auto& o : c.owner_checks) owners.insert(o.address);
    for (const auto& x : b.balances) {
        if (!on_mainnet(x) || !seen.insert(x.address).second) continue;
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
            report.add(part, PartStatus::not_checked,
                       "your nodes could not be read at block " + c.result.block_hash + ": " + r.error);
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
        if (!on_mainnet(x)) continue;
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
    for (const auto& x : b.balances) read_again += on_mainnet(x) ? 1 : 0;
    failures.report(report, std::to_string(read_again) + " balances read again at block " + std::to_string(r.height) +
                                " " + r.block_hash + " from " + std::to_string(r.endpoints.size()) +
                                " endpoint(s) and equal; " +
                                (p ? std::to_string(p->balances_proven) : std::string("0")) +
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
        report.add(part, PartStatus::not_checked,
                   config.file + "'s [" + chain_name + "] is " + std::string(address::to_string(section->network)) +
                       ", the bundle's " + std::string(address::to_string(c.result.network)));
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
            report.add(part, PartStatus::not_checked,
                       a.endpoint + ": its tip is below the bundle's height " + std::to_string(c.result.height));
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

// The [prices] rules to re-read and re-judge the bundle's feeds with: the checker's own
// (max_age, bounds, quote, and a description it vouches for the same feed), else porwatch's
// defaults in the bundle's quote; the feeds are the bundle's.
Result<config::PricesConfig> price_rules(const store::ExportedPrices& p, const config::Config& config)
{
    config::PricesConfig rules = config.prices ? *config.prices : config::PricesConfig{};
    if (!config.prices) rules.quote = p.total.quote;
    rules.feeds.clear();
    for (const auto& f : p.feeds) {
        auto contract = address::parse_evm_address(f.feed);
        if (!contract) return Error{"the bundle's feed for " + f.asset + " is not an address: " + f.feed};
        config::FeedConfig feed{f.asset, *contract, std::nullopt, 0};
        if (config.prices) {
            for (const auto& mine : config.prices->feeds) {
                if (mine.asset == f.asset && mine.contract.text == contract->text) feed.description = mine.description;
            }
        }
        rules.feeds.push_back(std::move(feed));
    }
    return rules;
}

// What the bundle and the re-read say differently about one feed read by both ("" if nothing).
std::string reading_difference(const store::PriceRow& f, const chain::FeedReading& r)
{
    const chain::FeedRound& round = *r.round;
    std::string d;
    const auto differ = [&](const char* what, const std::optional<std::string>& bundle, const std::string& node) {
        if (bundle != node)
            d += std::string(d.empty() ? "" : ", ") + what + " " + bundle.value_or("none") + " vs " + node;
    };
    differ("answer", f.answer, chain::to_string(round.answer));
    differ("round", f.round_id, to_string(round.round_id));
    differ("updatedAt", f.updated_at, to_string(round.updated_at));
    differ("startedAt", f.started_at, to_string(round.started_at));
    differ("decimals", f.decimals ? std::optional<std::string>(std::to_string(*f.decimals)) : std::nullopt,
           std::to_string(r.decimals));
    differ("description", f.description, r.description);
    return d;
}

// The feeds read again through the user's [ethereum] nodes at the block the bundle's prices
// were read at: every reading must be the same; then each priced feed judged by the checker's
// [prices] rules must be priced too.
void check_prices_online(const store::SnapshotExport& b, const config::Config& config, CheckReport& report)
{
    if (!b.prices || !b.prices->total.price_height) return;  // nothing was read
    const store::ExportedPrices& p = *b.prices;
    const std::string part = "price feeds (online)";
    const std::string block = std::to_string(*p.total.price_height) + " " + p.total.price_block_hash;
    if (!config.ethereum) {
        report.add(part, PartStatus::not_checked, config.file + " has no [ethereum] section to read the feeds with");
        return;
    }
    for (const auto& c : b.chains) {
        if (c.result.chain == address::Chain::ethereum &&
            c.result.chain_id != std::to_string(config.ethereum->chain_id)) {
            report.add(part, PartStatus::not_checked,
                       config.file + "'s chain_id is " + std::to_string(config.ethereum->chain_id) +
                           ", the bundle's Ethereum chain is " + c.result.chain_id);
            return;
        }
    }
    const Result<config::PricesConfig> rules = price_rules(p, config);
    if (!rules) {
        report.add(part, PartStatus::failed, rules.error().message);
        return;
    }
    const chain::PriceScan scan = chain::read_price_feeds(
        *config.ethereum, *rules, chain::PinnedBlock{*p.total.price_height, p.total.price_block_hash});
    if (!scan.error.empty()) {
        const Error e = scan.error_kind ? Error{*scan.error_kind, scan.error} : Error{scan.error};
        if (unreachable_kind(e)) report.unreachable = true;
        report.add(part, PartStatus::not_checked,
                   "your nodes could not read the feeds at block " + block + ": " + scan.error);
        return;
    }
    Failures readings(part);
    std::size_t compared = 0;
    if (scan.block_timestamp != p.block_timestamp) {
        readings.add("block " + block + " has timestamp " + std::to_string(scan.block_timestamp) + " on your nodes, " +
                     (p.block_timestamp ? std::to_string(*p.block_timestamp) : std::string("none")) + " in the bundle");
    }
    for (std::size_t i = 0; i < p.feeds.size() && i < scan.feeds.size(); ++i) {
        const store::PriceRow& f = p.feeds[i];
        const chain::FeedReading& r = scan.feeds[i];
        if (f.feed_status != "read") continue;  // the bundle has no reading to compare
        ++compared;
        if (r.status != chain::FeedStatus::read || !r.round) {
            readings.add(f.asset + ": the bundle has a reading, your nodes " + std::string(chain::to_string(r.status)) +
                         " (" + r.error + ")");
        } else if (const std::string d = reading_difference(f, r); !d.empty()) {
            readings.add(f.asset + ": the bundle and your nodes differ: " + d);
        }
    }
    readings.report(report, std::to_string(compared) +
                                " feed readings (answer, round, updatedAt, startedAt, decimals, "
                                "description) read again at block " +
                                block + " from " + std::to_string(scan.endpoints.size()) + " endpoint(s) and equal");
    if (!readings.empty()) return;
    const prices::PriceBook judged = prices::judge(*rules, scan);
    Failures verdicts("prices judged by " + config.file);
    std::size_t priced = 0;
    for (std::size_t i = 0; i < p.feeds.size() && i < judged.prices.size(); ++i) {
        if (p.feeds[i].status != "priced") continue;
        ++priced;
        if (judged.prices[i].status != prices::PriceStatus::priced) {
            verdicts.add(p.feeds[i].asset + ": priced in the bundle; your [prices] rules say " +
                         judged.prices[i].reason);
        }
    }
    verdicts.report(report,
                    std::to_string(priced) + " priced feed(s) pass your " +
                        (config.prices ? std::string("[prices] rules") : std::string("porwatch's default rules")) +
                        " (max_age, bounds, description) at the bundle's block");
}
}  // namespace

void check_online(const store::SnapshotExport& b, const config::Config& config, CheckReport& report)
{
    for (const auto& c : b.chains) {
        if (c.result.status != snapshot::ChainStatus::complete) continue;  // no figures to re-check
        if (c.result.chain == address::Chain::ethereum) {
            check_evm(b, c, config, report);
        } else if (address::is_utxo_chain(c.result.chain)) {
            check_utxo(b, c, config, report);
        }
    }
    check_prices_online(b, config, report);
}

}  // namespace porwatch::bundle
