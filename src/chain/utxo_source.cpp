// Bitcoin Core-family scanner: scantxoutset with raw(<scriptPubKey>) descriptors, in chunks,
// pinned to one tip across all chunks and all endpoints (see porwatch/chain/scan.hpp).
#include <chrono>
#include <future>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "bitcoin_rpc.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/util/hex.hpp"
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
    std::vector<Units> balances;   // index = unique target
    bool tip_moved = false;        // unsound: retry
};

struct Plan {
    std::vector<const Bytes*> scripts;                                // unique; point into the targets
    std::unordered_map<std::string_view, std::size_t> script_index;   // script bytes → unique index
    std::vector<std::size_t> target_unique;                           // target → unique index
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

Status check_sanity(RpcClient& rpc, const config::UtxoChainConfig& config, const btc::BlockchainInfo& info)
{
    const std::string want(address::to_string(config.network));
    if (info.chain != want) {
        return Error{rpc.endpoint() + ": node is on chain '" + info.chain + "', config says network = " + want};
    }
    if (info.initial_block_download) return Error{rpc.endpoint() + ": node is in initial block download"};
    // headers > blocks: still downloading blocks. (blocks > headers happens only transiently
    // after invalidateblock/reconsiderblock, when the best-header pointer lags: not syncing.)
    if (info.headers > info.blocks) {
        return Error{rpc.endpoint() + ": node is syncing (" + std::to_string(info.blocks) + " blocks of " +
                     std::to_string(info.headers) + " headers)"};
    }
    return Ok{};
}

// Start one chunk's scan, waiting while another scan runs; abort only our own timed-out scan.
Result<btc::ScanResult> scan_chunk(RpcClient& rpc, const config::UtxoChainConfig& config,
                                   const std::string& params)
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
            return Error{started.error().message + "; porwatch's own scan " +
                         (!aborted   ? "could not be aborted: " + aborted.error().message
                          : *aborted ? std::string("was aborted (scantxoutset abort)")
                                     : std::string("had already ended")) };
        }
        if (!started->busy) return std::move(started->result);
        // Someone else's scan (never aborted by porwatch): wait for it to end.
        for (;;) {
            if (Clock::now() >= deadline) {
                return Error{"scantxoutset at " + rpc.endpoint() + ": another scan kept the node busy for " +
                             std::to_string(config.limits.rpc_timeout_s) + " s (rpc_timeout)"};
            }
            std::this_thread::sleep_for(kBusyPoll);
            auto running = btc::scantxoutset_running(rpc);
            if (!running) return running.error();
            if (!*running) break;
        }
    }
}

Result<EndpointScan> scan_endpoint(RpcClient& rpc, const config::UtxoChainConfig& config, const Plan& plan)
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
        } else if (scan->best_block != out.block_hash || scan->height != out.height) {
            out.tip_moved = true;
            return out;
        }
        Units sum = 0;
        Bytes script;
        for (const auto& u : scan->unspents) {
            auto decoded = from_hex(u.script_hex);
            if (decoded) script = std::move(decoded.value());
            const auto it = decoded ? plan.script_index.find(as_key(script)) : plan.script_index.end();
            if (it == plan.script_index.end() || it->second < begin || it->second >= end) {
                return Error{"scantxoutset at " + rpc.endpoint() + ": unspent for a script porwatch did not ask for: " +
                             u.script_hex};
            }
            if (u.height == 0 || u.height > scan->height) {
                return Error{"scantxoutset at " + rpc.endpoint() + ": unspent at height " + std::to_string(u.height) +
                             " above the scan height " + std::to_string(scan->height)};
            }
            sum += u.amount;
            // Confirmations from heights (0.21 has no per-UTXO field): tip − height + 1.
            if (scan->height - u.height + 1 >= config.confirmations) out.balances[it->second] += u.amount;
        }
        if (sum != scan->total) {
            return Error{"scantxoutset at " + rpc.endpoint() + ": unspents add up to " + porwatch::to_string(sum) +
                         " but total_amount is " + porwatch::to_string(scan->total)};
        }
        if (end == plan.scripts.size()) break;
    }
    // The tip must still be the one every chunk saw (a reorg or a new block otherwise).
    auto hash = btc::getblockhash(rpc, out.height);
    if (!hash) return hash.error();
    if (*hash != out.block_hash) out.tip_moved = true;
    return out;
}

std::string_view native_asset(address::Chain chain) { return chain == address::Chain::litecoin ? "LTC" : "BTC"; }

}  // namespace

ChainScan scan_utxo_chain(const config::UtxoChainConfig& config, const std::vector<UtxoTarget>& targets)
{
    const auto started = Clock::now();
    ChainScan scan;
    ChainResult& r = scan.result;
    r.chain = config.chain;
    r.network = config.network;
    const std::string asset(native_asset(config.chain));
    scan.assets.push_back(AssetInfo{asset, 8});
    const Plan plan = make_plan(targets);
    const auto clients = connect_all(config.rpc_urls, config.auth, config.limits);

    auto finish = [&](ChainStatus status, std::string error) {
        r.status = status;
        r.error = std::move(error);
        r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
        return std::move(scan);   // the last use: never a second copy of the balances
    };
    for (unsigned attempt = 0;; ++attempt) {
        const bool last = attempt >= config.pin_retries;
        r.endpoints.clear();
        r.attempts = attempt + 1;
        // 1. Sanity and a shared tip on every endpoint.
        std::vector<btc::BlockchainInfo> infos;
        for (auto& c : clients) {
            EndpointReport report{c->endpoint(), "", 0, ""};
            auto info = btc::getblockchaininfo(*c);
            if (info) {
                report.block_hash = info->best_block_hash;
                report.height = info->blocks;
                if (auto s = check_sanity(*c, config, *info); !s) report.error = s.error().message;
                infos.push_back(*info);
            } else {
                report.error = info.error().message;
            }
            r.endpoints.push_back(report);
            if (!report.error.empty()) return finish(ChainStatus::failed, report.error);
        }
        if (!same_tip(r.endpoints)) {
            if (!last) {
                std::this_thread::sleep_for(kTipWait);
                continue;
            }
            return finish(ChainStatus::failed, "endpoints do not share a tip: " + describe_tips(r.endpoints));
        }
        // 2. Scan every endpoint in parallel (one scan per node; nodes are independent).
        std::vector<std::future<Result<EndpointScan>>> futures;
        for (auto& c : clients) {
            RpcClient* rpc = c.get();
            futures.push_back(std::async(std::launch::async, [rpc, &config, &plan] {
                return scan_endpoint(*rpc, config, plan);
            }));
        }
        std::vector<EndpointScan> views;
        std::string error;
        bool moved = false;
        for (std::size_t i = 0; i < futures.size(); ++i) {
            auto view = futures[i].get();
            if (!view) {
                r.endpoints[i].error = view.error().message;
                if (error.empty()) error = view.error().message;
                continue;
            }
            r.endpoints[i].height = view->height;
            r.endpoints[i].block_hash = view->block_hash;
            moved = moved || view->tip_moved;
            views.push_back(std::move(view.value()));
        }
        if (!error.empty()) return finish(ChainStatus::failed, error);
        if (moved || !same_tip(r.endpoints)) {
            if (!last) continue;
            return finish(ChainStatus::failed, "the tip moved during the scan on all " + std::to_string(attempt + 1) +
                                                   " attempts (" + describe_tips(r.endpoints) + ")");
        }
        // 3. Quorum: every endpoint must report every balance identically.
        r.height = views.front().height;
        r.block_hash = views.front().block_hash;
        std::vector<bool> reported(plan.scripts.size(), false);
        std::size_t disputed = 0;
        std::vector<Units> said;   // what each endpoint said, reused
        scan.addresses.reserve(plan.scripts.size());
        scan.units.reserve(plan.scripts.size());
        for (std::size_t t = 0; t < targets.size(); ++t) {
            const std::size_t u = plan.target_unique[t];
            if (reported[u]) continue;   // a repeated script is reported once, under its first text
            reported[u] = true;
            said.clear();
            for (const auto& v : views) said.push_back(v.balances[u]);
            disputed += record_quorum(r, targets[t].address, asset, said) ? 1 : 0;
            scan.addresses.push_back(targets[t].address);
            scan.units.push_back(said.front());
        }
        if (disputed) {
            scan.clear_balances();
            return finish(ChainStatus::disputed, "endpoints disagree on " + std::to_string(disputed) + " balances");
        }
        return finish(ChainStatus::complete, "");
    }
}

}  // namespace porwatch::chain
