#include "porwatch/daemon/cycle.hpp"
#include "porwatch/util/read_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>

#include "porwatch/chain/prices.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/daemon/liabilities.hpp"
#include "porwatch/snapshot/assemble.hpp"
#include "porwatch/snapshot/solvency.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/move_append.hpp"

namespace porwatch::daemon {
namespace {

// What the scan stage read: every chain with targets, and the price feeds when [prices] is set.
struct Scanned {
    std::vector<chain::ChainScan> scans;
    std::optional<chain::PriceScan> prices;
};

// Scan every chain with targets, the chains concurrently (they are independent). The price
// feeds are read after the Ethereum scan, at the block it pinned when it completed (else at a
// block pinned for them alone).
Scanned scan_chains(const config::Config& config, const snapshot::ScanPlan& plan)
{
    Scanned out;
    std::vector<std::future<chain::ChainScan>> futures;
    for (const auto c : {address::Chain::bitcoin, address::Chain::litecoin}) {
        const auto& targets = c == address::Chain::bitcoin ? plan.bitcoin : plan.litecoin;
        if (targets.empty()) continue;
        const config::UtxoChainConfig* section = config.utxo(c);
        futures.push_back(
            std::async(std::launch::async, [section, &targets] { return chain::scan_utxo_chain(*section, targets); }));
    }
    std::future<chain::PriceScan> prices;
    if (!plan.ethereum.empty()) {
        // `out.prices` is written by this task only; future::get() orders it before the read.
        futures.push_back(std::async(std::launch::async, [&config, &plan, &out] {
            chain::ChainScan scan = chain::scan_evm_chain(*config.ethereum, plan.ethereum);
            if (config.prices) {
                std::optional<chain::PinnedBlock> pin;
                if (scan.result.status == chain::ChainStatus::complete) {
                    pin = chain::PinnedBlock{scan.result.height, scan.result.block_hash};
                }
                out.prices = chain::read_price_feeds(*config.ethereum, *config.prices, pin);
            }
            return scan;
        }));
    } else if (config.prices && config.ethereum) {
        prices = std::async(std::launch::async, [&config] {
            return chain::read_price_feeds(*config.ethereum, *config.prices, std::nullopt);
        });
    }
    // Each [evm.NAME] section on its own chain, concurrently: one chain down leaves the others whole.
    for (const auto& section : plan.evm) {
        const auto found = std::find_if(config.evm.begin(), config.evm.end(),
                                        [&](const config::EvmChainConfig& c) { return c.name == section.name; });
        if (found == config.evm.end()) continue;  // plan_scan names configured sections only
        const config::EvmChainConfig* chain_config = &*found;
        futures.push_back(std::async(std::launch::async, [chain_config, &section] {
            return chain::scan_evm_chain(*chain_config, section.targets);
        }));
    }
    for (auto& f : futures) out.scans.push_back(f.get());
    if (prices.valid()) out.prices = prices.get();
    return out;
}

// The scan stage runs every chain at once: it is as long as its slowest chain may be. The
// price feeds are read after the Ethereum scan, within another scan_timeout.
std::chrono::milliseconds scan_stage_bound(const config::Config& config, const snapshot::ScanPlan& plan)
{
    std::chrono::seconds bound{0};
    if (!plan.bitcoin.empty()) bound = std::max(bound, chain::scan_bound(config.bitcoin->limits));
    if (!plan.litecoin.empty()) bound = std::max(bound, chain::scan_bound(config.litecoin->limits));
    if (config.ethereum) {
        const unsigned reads = (plan.ethereum.empty() ? 0u : 1u) + (config.prices ? 1u : 0u);
        bound = std::max(bound, reads * chain::scan_bound(config.ethereum->limits));
    }
    for (const auto& section : config.evm) bound = std::max(bound, chain::scan_bound(section.limits));
    return bound;
}

bool stopping(const CycleHooks& hooks)
{
    if (hooks.heartbeat) hooks.heartbeat();
    return hooks.stop_requested && hooks.stop_requested();
}

// Store `result.snapshot` (+ book, verdicts, alert rows), then apply retention.
void store_snapshot(CycleResult& result, const CycleOptions& options, const CycleHooks& hooks, bool verdicts_changed)
{
    std::optional<store::BookInput> input;
    if (result.book) {
        input = store::BookInput{};
        input->entries = result.book->entries;
        // Verdicts are passed only when some file was (re)verified this cycle: each pass
        // records one ownership check per file, so unchanged files add no rows.
        if (verdicts_changed) input->verdicts = result.book->verdicts;
        input->checked_at = result.snapshot.started_at;
        input->file_hashes = result.book->file_hashes;
    }
    store::WriteHook hook;
    if (hooks.alert_stage) {
        hook = [&](store::SnapshotTransaction& tx, const store::WriteReport& report) {
            const StoredCycle cycle{result.snapshot, result.book ? &*result.book : nullptr, report,
                                    result.snapshot.finished_at};
            return hooks.alert_stage(tx, cycle);
        };
    }
    Result<store::WriteReport> written = options.store->write_snapshot(result.snapshot, input, result.error, hook);
    if (!written) {
        result.store_error = written.error().message;
        return;
    }
    result.stored = std::move(*written);
    if (!options.retention) return;
    if (hooks.heartbeat) hooks.heartbeat();
    Result<store::RetentionReport> thinned = options.store->apply_retention(*options.retention, hooks.now());
    if (thinned) {
        result.retention = *thinned;
    } else {
        result.retention_error = thinned.error().message;
    }
}

// "; ratio LTC 150.00% (proven 150.00%), ETH 80.00% (proven 40.00%)" plus failed files and
// stale liabilities, loudly.
std::string solvency_summary(const snapshot::Snapshot& snap)
{
    std::string ratios;
    std::string stale;
    for (const auto& s : snap.solvency) {
        std::string text = s.asset + " ";
        if (s.status != snapshot::SolvencyStatus::ok) {
            text += std::string(snapshot::to_string(s.status));
        } else if (!s.ratio_hundredths) {
            text += "no liabilities";
        } else {
            text += snapshot::format_ratio(*s.ratio_hundredths) + "% (proven " +
                    snapshot::format_ratio(*s.verified_ratio_hundredths) + "%)";
        }
        ratios += (ratios.empty() ? "" : ", ") + text;
        if (s.stale) stale += (stale.empty() ? "" : "; ") + s.asset + ": " + s.stale_reason;
    }
    std::string line = ratios.empty() ? "" : "; ratio " + ratios;
    for (const auto& f : snap.liabilities) {
        if (!f.verified()) line += "; LIABILITIES FAILED: " + f.error;
    }
    if (!stale.empty()) line += "; LIABILITIES STALE: " + stale;
    return line;
}

}  // namespace

Result<LoadedBook> BookCache::load(const std::vector<std::string>& paths, const proof::VerifyPolicy& policy,
                                   const proof::MessagePolicies& messages, std::int64_t now)
{
    LoadedBook out;
    std::map<std::string, File> next;
    for (const auto& path : paths) {
        // Says why: no such file, or permission denied for the user porwatch runs as.
        Result<std::string> text = read_whole_file(path, "address book");
        if (!text) return text.error();
        const auto* data = reinterpret_cast<const std::uint8_t*>(text->data());
        const std::string hash = to_hex(crypto::sha256(ByteView(data, text->size())));
        Result<std::vector<addressbook::BookEntry>> entries = addressbook::parse_book(*text, path);
        if (!entries) return entries.error();
        File file;
        const auto cached = m_files.find(path);
        const bool same = cached != m_files.end() && cached->second.sha256 == hash;
        if (same) {
            file = cached->second;
        } else {
            std::vector<proof::ProofResult> verdicts;
            verdicts.reserve(entries->size());
            for (const auto& entry : *entries) verdicts.push_back(proof::verify_entry(entry, policy));
            file.sha256 = hash;
            file.verdicts = std::make_shared<const std::vector<proof::ProofResult>>(std::move(verdicts));
            out.reverified_files.push_back(path);
        }
        std::vector<proof::ProofResult> final = *file.verdicts;
        const auto rule = messages.find(path);
        if (rule != messages.end()) {
            for (std::size_t i = 0; i < final.size(); ++i) {
                proof::apply_message_policy(final[i], (*entries)[i], rule->second, now);
            }
        }
        if (same && final != (file.final ? *file.final : *file.verdicts)) out.policy_changed_files.push_back(path);
        file.final = rule == messages.end() ? nullptr : std::make_shared<const std::vector<proof::ProofResult>>(final);
        out.file_hashes[path] = hash;
        out.file_contents[path] = std::move(*text);
        move_append(out.entries, std::move(*entries));
        move_append(out.verdicts, std::move(final));
        next[path] = std::move(file);
    }
    m_files = std::move(next);  // files dropped from the config are forgotten
    return out;
}

CycleResult run_cycle(const config::Config& config, BookCache& books, const CycleOptions& options,
                      const CycleHooks& hooks)
{
    CycleResult result;
    result.snapshot.started_at = hooks.now();
    result.snapshot.status = snapshot::SnapshotStatus::failed;
    bool verdicts_changed = false;
    Result<proof::MessagePolicies> messages = proof::message_policies(config);
    if (config.addresses.empty()) {
        result.error = config.file + ": no 'addresses' file configured";
    } else if (!messages) {
        result.error = messages.error().message;
    } else if (Result<LoadedBook> book =
                   books.load(config.addresses, options.verify_policy, *messages, result.snapshot.started_at);
               !book) {
        result.error = book.error().message;
    } else {
        verdicts_changed = !book->reverified_files.empty() || !book->policy_changed_files.empty();
        result.book = std::move(*book);
    }
    if (stopping(hooks)) {
        result.aborted = true;
        return result;
    }
    if (result.book) {
        Result<snapshot::ScanPlan> plan = snapshot::plan_scan(result.book->entries, config);
        if (!plan) {
            result.error = plan.error().message;
        } else {
            std::unique_ptr<StageCover> cover;
            if (hooks.cover) cover = hooks.cover("scan", scan_stage_bound(config, *plan));
            Scanned scanned = scan_chains(config, *plan);
            cover.reset();
            if (stopping(hooks)) {
                result.aborted = true;
                return result;
            }
            result.snapshot = snapshot::assemble(result.book->entries, result.book->verdicts, scanned.scans,
                                                 result.snapshot.started_at, hooks.now());
            result.snapshot.unscanned = plan->unscanned;
            // Moved, not copied: the texts are needed once, by the store (LoadedBook says so).
            result.snapshot.book_files = std::move(result.book->file_contents);
            snapshot::add_sums(result.snapshot, config.same_assets, config::configured_assets(config));
            if (config.prices && scanned.prices) {
                result.snapshot.valuation =
                    snapshot::value_totals(result.snapshot, prices::judge(*config.prices, *scanned.prices));
            }
        }
    }
    if (options.liabilities && options.liabilities->configured()) {
        if (stopping(hooks)) {
            result.aborted = true;
            return result;
        }
        LiabilitiesCache fresh;
        LiabilitiesCache& cache = options.liabilities_cache ? *options.liabilities_cache : fresh;
        result.snapshot.liabilities = cache.load(*options.liabilities, hooks.cover);
        const std::vector<config::ConfiguredAsset> assets = config::configured_assets(config);
        result.snapshot.solvency =
            snapshot::assess_solvency(result.snapshot, result.snapshot.liabilities, assets, *options.liabilities);
        result.snapshot.aggregate_solvency = snapshot::aggregate_solvency(result.snapshot, assets);
    }
    if (!result.error.empty()) result.snapshot.finished_at = hooks.now();
    if (options.store) store_snapshot(result, options, hooks, verdicts_changed);
    return result;
}

std::string value_note(const snapshot::Valuation& v)
{
    std::string text = "value " + prices::format_value(v.total) + " " + v.prices.quote;
    if (!v.priced.empty()) {
        std::string priced;
        for (const auto& a : v.priced) priced += (priced.empty() ? "" : ", ") + a;
        text += " (" + priced + ")";
    }
    if (!v.complete) text += " INCOMPLETE";
    for (const auto& [asset, reason] : v.unpriced) text += "; " + asset + " UNPRICED: " + reason;
    for (const auto& p : v.prices.prices) {
        // A feed whose asset has no total this cycle still says when it cannot be used.
        if (p.status == prices::PriceStatus::priced) continue;
        const bool listed =
            std::any_of(v.unpriced.begin(), v.unpriced.end(), [&](const auto& u) { return u.first == p.asset; });
        if (!listed) text += "; " + p.asset + " price unusable: " + p.reason;
    }
    return text;
}

std::string summary_line(const CycleResult& result)
{
    const snapshot::Snapshot& snap = result.snapshot;
    std::string line(snapshot::to_string(snap.status));
    if (!result.error.empty()) return line + ": " + result.error;
    std::string totals;
    for (const auto& t : snap.totals) {
        std::uint64_t height = 0;
        for (const auto& c : snap.chains) {
            if (c.chain == t.chain && c.source == snapshot::asset_source(t.asset)) height = c.height;
        }
        // A same_asset sum (USDT@all) has no height of its own: its members' chains have theirs.
        const bool sum = snapshot::asset_source(t.asset) == config::kSumSource;
        totals += (totals.empty() ? "" : ", ") + t.asset + " " + format_decimal(t.units, t.decimals) +
                  (sum ? std::string() : " @ " + std::to_string(height));
    }
    line += ": " + (totals.empty() ? std::string("no totals") : totals);
    for (const auto& c : snap.chains) {
        if (c.status == snapshot::ChainStatus::complete) {
            if (c.degraded) line += "; " + chain::source_name(c) + " " + chain::degraded_note(c);
            continue;
        }
        line += "; " + chain::source_name(c) + " " + std::string(snapshot::to_string(c.status)) + ": " + c.error;
    }
    if (snap.valuation) line += "; " + value_note(*snap.valuation);
    if (result.book) {
        std::size_t verified = 0;
        for (const auto& v : result.book->verdicts) verified += v.status == proof::ProofStatus::verified;
        line += "; " + std::to_string(result.book->entries.size()) + " rows, " + std::to_string(verified) + " verified";
    }
    std::string claims;
    std::size_t groups = 0;
    for (const auto& u : snap.unscanned) {
        if (u.claimed_rows == 0) continue;
        if (++groups <= 3) claims += (claims.empty() ? "" : "; ") + snapshot::describe(u);
    }
    if (groups > 3) claims += "; and " + std::to_string(groups - 3) + " more";
    if (!claims.empty()) line += "; UNSCANNED CLAIMS: " + claims;
    line += solvency_summary(snap);
    if (!result.store_error.empty()) line += "; NOT STORED: " + result.store_error;
    return line;
}

std::string book_diff_line(const store::WriteReport& report, std::size_t max_listed)
{
    if (report.book_events.empty()) return "";
    std::string line = "book:";
    for (const std::string event : {"added", "removed"}) {
        std::size_t count = 0;
        std::string listed;
        for (const auto& e : report.book_events) {
            if (e.event != event) continue;
            if (++count <= max_listed) listed += (listed.empty() ? "" : ", ") + e.address;
        }
        if (count == 0) continue;
        if (count > max_listed) listed += ", …";
        line += " " + std::to_string(count) + " " + event + " (" + listed + ")";
    }
    return line;
}

}  // namespace porwatch::daemon
