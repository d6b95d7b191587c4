// Bitcoin Core-family scanner: scantxoutset with raw(<scriptPubKey>) descriptors, in chunks,
// pinned to one tip across all chunks and all counted endpoints (see porwatch/chain/scan.hpp).
#include <algorithm>
#include <chrono>
#include <future>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "bitcoin_rpc.hpp"
#include "genesis.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/utf8.hpp"
#include "quorum.hpp"

namespace porwatch::chain {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kBusyPoll = std::chrono::milliseconds{500};
constexpr auto kTipWait = std::chrono::milliseconds{1000};

// One endpoint's view: balances per unique script, at one tip.
struct EndpointScan {
    std::uint64_t height = 0;
    std::string block_hash;
    std::vector<Units> balances;  // index = unique target
    // The counted outputs: (unique target, txid, vout, amount, height), sorted by outpoint.
    std::vector<std::pair<std::size_t, UtxoOutpoint>> outpoints;
    bool tip_moved = false;  // unsound: retry
};

struct Plan {
    std::vector<const Bytes*> scripts;  // unique; point into the targets
    std::unordered_map<std::string_view, std::size_t> script_index;  // script bytes → unique index
    std::vector<std::size_t> target_unique;  // target → unique index
};

std::string_view as_key(const Bytes& script)
{
    return std::string_view(reinterpret_cast<const char*>(script.data()), script.size());
}

Plan make_plan(const std::vector<UtxoTarget>& targets)
{
    Plan plan;
    plan.script_index.reserve(targets.size());
    plan.target_unique.reserve(targets.size());
    for (const auto& t : targets) {
        const auto [it, inserted] = plan.script_index.emplace(as_key(t.script), plan.scripts.size());
        if (inserted) plan.scripts.push_back(&t.script);
        plan.target_unique.push_back(it->second);
    }
    return plan;
}

// Chain identity (genesis hash, then the chain name) and sync state of one endpoint.
Result<btc::BlockchainInfo> check_endpoint(RpcClient& rpc, const config::UtxoChainConfig& config)
{
    const std::string section(address::to_string(config.chain));
    const std::string network(address::to_string(config.network));
    if (const auto expected = genesis_hash(config.chain, config.network)) {
        auto genesis = btc::getblockhash(rpc, 0);
        if (!genesis) return genesis.error();
        if (*genesis != *expected) {
            return Error{ChainError::wrong_chain, rpc.endpoint() + ": the node's genesis block (getblockhash 0) is " +
                                                      *genesis + ", but " + section + " " + network + "'s is " +
                                                      std::string(*expected) + ": the node is on another chain"};
        }
    }
    auto info = btc::getblockchaininfo(rpc);
    if (!info) return info.error();
    if (info->chain != core_chain_name(config.network)) {
        return Error{ChainError::wrong_chain, rpc.endpoint() + ": node is on chain '" + info->chain + "', [" + section +
                                                  "] network = " + network};
    }
    if (info->initial_block_download)
        return Error{ChainError::syncing, rpc.endpoint() + ": node is in initial block download"};
    // headers > blocks: still downloading blocks. (blocks > headers happens only transiently
    // after invalidateblock/reconsiderblock, when the best-header pointer lags: not syncing.)
    if (info->headers > info->blocks) {
        return Error{ChainError::syncing, rpc.endpoint() + ": node is syncing (" + std::to_string(info->blocks) +
                                              " blocks of " + std::to_string(info->headers) + " headers)"};
    }
    return info;
}

// Start one chunk's scan, waiting while another scan runs; abort only our own timed-out scan.
Result<btc::ScanResult> scan_chunk(RpcClient& rpc, const config::UtxoChainConfig& config, const std::string& params)
{
    const auto timeout = std::chrono::seconds{config.limits.rpc_timeout_s};
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        auto started = btc::scantxoutset_start(rpc, params, timeout);
        if (!started) {
            if (!rpc.last_timed_out()) return started.error();
            // Our start reached the node and is still scanning: it is ours to abort. (Bitcoin
            // Core 0.21 drops an abort that arrives while it still expands descriptors; the
            // scan then runs out, and the next cycle waits for it like any other scan.)
            auto aborted = btc::scantxoutset_abort(rpc);
            return Error{ChainError::timeout, started.error().message + "; porwatch's own scan " +
                                                  (!aborted   ? "could not be aborted: " + aborted.error().message
                                                   : *aborted ? std::string("was aborted (scantxoutset abort)")
                                                              : std::string("had already ended"))};
        }
        if (!started->busy) return std::move(started->result);
        // Someone else's scan (never aborted by porwatch): wait for it to end.
        for (;;) {
            if (Clock::now() >= deadline) {
                return Error{ChainError::timeout, "scantxoutset at " + rpc.endpoint() +
                                                      ": another scan kept the node busy for " +
                                                      std::to_string(config.limits.rpc_timeout_s) + " s (rpc_timeout)"};
            }
            std::this_thread::sleep_for(kBusyPoll);
            auto running = btc::scantxoutset_running(rpc);
            if (!running) return running.error();
            if (!*running) break;
        }
    }
}

Error scan_malformed(const RpcClient& rpc, const std::string& what)
{
    return Error{ChainError::malformed, "scantxoutset at " + rpc.endpoint() + ": " + what};
}

// Add one chunk's unspents to `out`; they must be for the chunk's scripts and add up exactly.
Status add_chunk(RpcClient& rpc, const config::UtxoChainConfig& config, const Plan& plan, std::size_t begin,
                 std::size_t end, const btc::ScanResult& scan, EndpointScan& out)
{
    auto sum = btc::sum_amounts(scan.unspents);
    if (!sum) return scan_malformed(rpc, sum.error().message);
    if (*sum != scan.total) {
        return scan_malformed(rpc, "unspents add up to " + porwatch::to_string(*sum) + " but total_amount is " +
                                       porwatch::to_string(scan.total));
    }
    Bytes script;
    for (const auto& u : scan.unspents) {
        auto decoded = from_hex(u.script_hex);
        if (decoded) script = std::move(decoded.value());
        const auto it = decoded ? plan.script_index.find(as_key(script)) : plan.script_index.end();
        if (it == plan.script_index.end() || it->second < begin || it->second >= end) {
            return scan_malformed(rpc, "unspent for a script porwatch did not ask for: " +
                                           untrusted_text(u.script_hex, 200));
        }
        if (u.height == 0 || u.height > scan.height) {
            return scan_malformed(rpc, "unspent at height " + std::to_string(u.height) + " above the scan height " +
                                           std::to_string(scan.height));
        }
        // Confirmations from heights (0.21 has no per-UTXO field): tip − height + 1.
        if (scan.height - u.height + 1 < config.confirmations) continue;
        // Cannot wrap after the checked total above, but every sum of money is checked.
        auto balance = checked_add(out.balances[it->second], u.amount);
        if (!balance) return scan_malformed(rpc, "a script's unspents add up to more than 2^256 - 1");
        out.balances[it->second] = *balance;
        UtxoOutpoint outpoint;
        outpoint.chain = config.chain;
        outpoint.txid = u.txid;
        outpoint.vout = u.vout;
        outpoint.units = u.amount;
        outpoint.height = u.height;
        out.outpoints.emplace_back(it->second, std::move(outpoint));
    }
    return Ok{};
}

Result<EndpointScan> scan_endpoint(RpcClient& rpc, const config::UtxoChainConfig& config, const Plan& plan,
                                   const EndpointReport& pinned)
{
    EndpointScan out;
    out.balances.assign(plan.scripts.size(), Units{0});
    const std::size_t chunk_size = std::max<std::size_t>(config.scan_chunk_size, 1);
    std::vector<const Bytes*> chunk;
    for (std::size_t begin = 0; begin < plan.scripts.size() || begin == 0; begin += chunk_size) {
        const std::size_t end = std::min(plan.scripts.size(), begin + chunk_size);
        chunk.assign(plan.scripts.begin() + static_cast<std::ptrdiff_t>(begin),
                     plan.scripts.begin() + static_cast<std::ptrdiff_t>(end));
        auto scan = scan_chunk(rpc, config, btc::scan_params(chunk));
        if (!scan) return scan.error();
        if (begin == 0) {
            out.height = scan->height;
            out.block_hash = scan->best_block;
        }
        if (scan->best_block != pinned.block_hash || scan->height != pinned.height) {
            out.tip_moved = true;
            return out;
        }
        if (auto added = add_chunk(rpc, config, plan, begin, end, *scan, out); !added) return added.error();
        if (end == plan.scripts.size()) break;
    }
    std::sort(out.outpoints.begin(), out.outpoints.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    for (std::size_t i = 1; i < out.outpoints.size(); ++i) {
        if (out.outpoints[i].second.txid == out.outpoints[i - 1].second.txid &&
            out.outpoints[i].second.vout == out.outpoints[i - 1].second.vout) {
            return scan_malformed(rpc, "the outpoint " + out.outpoints[i].second.txid + ":" +
                                           std::to_string(out.outpoints[i].second.vout) + " is reported twice");
        }
    }
    // The tip must still be the one every chunk saw (a reorg or a new block otherwise).
    auto hash = btc::getblockhash(rpc, out.height);
    if (!hash) return hash.error();
    if (*hash != out.block_hash) out.tip_moved = true;
    return out;
}

std::string_view native_asset(address::Chain chain)
{
    return chain == address::Chain::litecoin ? "LTC" : "BTC";
}

}  // namespace

ChainScan scan_utxo_chain(const config::UtxoChainConfig& config, const std::vector<UtxoTarget>& targets)
{
    const auto started = Clock::now();
    ChainScan scan;
    ChainResult& r = scan.result;
    r.chain = config.chain;
    r.network = config.network;
    scan.confirmations = config.confirmations;
    const std::string asset(native_asset(config.chain));
    scan.assets.push_back(AssetInfo{asset, 8, ""});
    const Plan plan = make_plan(targets);
    const auto clients = connect_all(config.rpc_urls, config.auth, config.limits,
                                     started + std::chrono::seconds{config.limits.scan_timeout_s});
    r.quorum = required_quorum(config.quorum, clients.size());

    auto finish = [&](ChainStatus status, std::string error, std::optional<ChainError> kind = std::nullopt) {
        settle_result(r, status, std::move(error), kind, started, clients);
        return std::move(scan);  // the last use: never a second copy of the balances
    };
    auto fail = [&](const Error& e) { return finish(ChainStatus::failed, e.message, chain_error_of(e)); };
    for (unsigned attempt = 0;; ++attempt) {
        const bool last = attempt >= config.pin_retries;
        r.attempts = attempt + 1;
        r.endpoints.assign(clients.size(), EndpointReport{});
        // 1. Identity and sync state; a node on another chain fails the chain outright.
        std::vector<std::size_t> live;
        for (std::size_t i = 0; i < clients.size(); ++i) {
            EndpointReport& report = r.endpoints[i];
            report.endpoint = clients[i]->endpoint();
            auto info = check_endpoint(*clients[i], config);
            if (!info) {
                exclude(report, info.error());
                if (info.error().is(ChainError::wrong_chain)) return fail(info.error());
                continue;
            }
            report.block_hash = info->best_block_hash;
            report.height = info->blocks;
            live.push_back(i);
        }
        if (live.size() < r.quorum) return fail(short_of_quorum(r, live.size()));
        // 2. One tip: a lagging endpoint gets a moment, then is left out if enough agree.
        const TipGroup group = largest_tip_group(r.endpoints, live);
        if (group.members.size() != live.size()) {
            if (!last) {
                std::this_thread::sleep_for(kTipWait);
                continue;
            }
            if (group.fork) {
                return finish(ChainStatus::disputed,
                              "endpoints report different blocks at one height: " + describe_tips(r.endpoints, live));
            }
            if (group.members.size() < r.quorum) {
                return finish(ChainStatus::failed, "endpoints do not share a tip: " + describe_tips(r.endpoints, live),
                              ChainError::syncing);
            }
            const EndpointReport& tip = r.endpoints[group.members.front()];
            for (const std::size_t i : live) {
                if (std::find(group.members.begin(), group.members.end(), i) != group.members.end()) continue;
                exclude(r.endpoints[i],
                        Error{ChainError::syncing, r.endpoints[i].endpoint + ": at block " +
                                                       std::to_string(r.endpoints[i].height) +
                                                       ", not at the tip of the others (" + std::to_string(tip.height) +
                                                       " " + tip.block_hash + ")"});
            }
        }
        // 3. Scan every endpoint at that tip in parallel (one scan per node; nodes are independent).
        const EndpointReport pinned = r.endpoints[group.members.front()];
        std::vector<std::future<Result<EndpointScan>>> futures;
        for (const std::size_t i : group.members) {
            RpcClient* rpc = clients[i].get();
            futures.push_back(std::async(std::launch::async, [rpc, &config, &plan, &pinned] {
                return scan_endpoint(*rpc, config, plan, pinned);
            }));
        }
        std::vector<EndpointScan> views;
        std::vector<std::string> names;
        bool moved = false;
        for (std::size_t k = 0; k < futures.size(); ++k) {
            auto view = futures[k].get();
            EndpointReport& report = r.endpoints[group.members[k]];
            if (!view) {
                exclude(report, view.error());
                continue;
            }
            report.height = view->height;
            report.block_hash = view->block_hash;
            moved = moved || view->tip_moved;
            names.push_back(report.endpoint);
            views.push_back(std::move(view.value()));
        }
        if (moved) {
            if (!last) continue;
            return finish(ChainStatus::failed, "the tip moved during the scan on all " + std::to_string(attempt + 1) +
                                                   " attempts (" + describe_tips(r.endpoints, group.members) + ")");
        }
        if (views.size() < r.quorum) return fail(short_of_quorum(r, views.size()));
        // 4. Every counted endpoint must report every balance identically.
        r.height = pinned.height;
        r.block_hash = pinned.block_hash;
        std::vector<bool> reported(plan.scripts.size(), false);
        std::size_t disputed = 0;
        std::vector<Units> said;  // what each endpoint said, reused
        scan.addresses.reserve(plan.scripts.size());
        scan.units.reserve(plan.scripts.size());
        for (std::size_t t = 0; t < targets.size(); ++t) {
            const std::size_t u = plan.target_unique[t];
            if (reported[u]) continue;  // a repeated script is reported once, under its first text
            reported[u] = true;
            said.clear();
            for (const auto& v : views) said.push_back(v.balances[u]);
            disputed += record_quorum(r, targets[t].address, asset, said, names) ? 1 : 0;
            scan.addresses.push_back(targets[t].address);
            scan.units.push_back(said.front());
        }
        if (disputed) {
            scan.clear_balances();
            return finish(ChainStatus::disputed, "endpoints disagree on " + std::to_string(disputed) + " balances");
        }
        // The outputs behind the balances: every counted endpoint must report the same ones.
        for (std::size_t k = 1; k < views.size(); ++k) {
            if (views[k].outpoints == views.front().outpoints) continue;
            scan.clear_balances();
            return finish(ChainStatus::disputed,
                          "endpoints agree on the balances but not on the outputs behind them: " + names.front() +
                              " vs " + names[k]);
        }
        std::vector<std::string> text_of(plan.scripts.size());
        for (std::size_t t = targets.size(); t-- > 0;) text_of[plan.target_unique[t]] = targets[t].address;
        scan.outpoints.reserve(views.front().outpoints.size());
        for (auto& [unique, outpoint] : views.front().outpoints) {
            outpoint.address = text_of[unique];
            scan.outpoints.push_back(std::move(outpoint));
        }
        return finish(ChainStatus::complete, "");
    }
}

}  // namespace porwatch::chain
