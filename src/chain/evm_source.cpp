// EVM scanner: eth_getBalance and ERC-20 balanceOf for every target at one block, pinned by
// hash (EIP-1898) on every endpoint, in size-capped JSON-RPC batches (see porwatch/chain/scan.hpp).
#include <algorithm>
#include <chrono>
#include <future>
#include <optional>
#include <random>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "evm_batch.hpp"
#include "evm_evidence.hpp"
#include "evm_pin.hpp"
#include "evm_proofs.hpp"
#include "evm_rpc.hpp"
#include "porwatch/chain/scan.hpp"
#include "quorum.hpp"

namespace porwatch::chain {
namespace {

using Clock = std::chrono::steady_clock;
using evm::check_endpoint;
using evm::pick_block;

struct EvmPlan {
    std::vector<const std::string*> accounts;  // unique, EIP-55; point into the targets
    std::vector<AssetInfo> assets;  // ETH, then the tokens in config order
};

// One endpoint's balances: index = account × assets + asset.
Result<std::vector<Units>> read_endpoint(RpcClient& rpc, const config::EvmChainConfig& config, const EvmPlan& plan,
                                         const evm::BlockRef& pin)
{
    auto block = evm::eth_get_block_by_hash(rpc, pin.hash);
    if (!block) return block.error();
    if (block->number != pin.number) {
        return Error{ChainError::malformed, rpc.endpoint() + ": block " + pin.hash + " has another number"};
    }
    // decimals() on chain must match the config, at the pinned block.
    for (const auto& token : config.tokens) {
        auto v = rpc.call("eth_call", evm::call_params(token.contract.text, evm::kDecimals, pin.hash));
        if (!v) return v.error();
        if (v->is_error()) {
            return Error{evm::is_revert(*v) ? ChainError::reverted : ChainError::rpc,
                         "decimals() of " + token.symbol + " at " + rpc.endpoint() + ": RPC error " +
                             std::to_string(v->error_code) + ": " + v->error_message};
        }
        auto decimals = evm::decode_uint256(json_text(*v->value));
        if (!decimals) return wrap_error("decimals() of " + token.symbol + " at " + rpc.endpoint(), decimals.error());
        if (*decimals != token.decimals) {
            return Error{ChainError::malformed, token.symbol + " at " + token.contract.text +
                                                    " has decimals() = " + porwatch::to_string(*decimals) +
                                                    " on chain, config says " + std::to_string(token.decimals)};
        }
    }
    const std::size_t width = plan.assets.size();
    std::vector<Units> balances(plan.accounts.size() * width);
    const std::string block_param = evm::block_param(pin.hash);
    auto make = [&](std::size_t i) {
        const std::string& account = *plan.accounts[i / width];
        if (i % width == 0) return RpcCall{"eth_getBalance", "[" + json_quote(account) + "," + block_param + "]"};
        return RpcCall{"eth_call", evm::call_params(config.tokens[i % width - 1].contract.text,
                                                    evm::balance_of_calldata(account), pin.hash)};
    };
    auto take = [&](std::size_t i, const rapidjson::Value& v) -> Status {
        auto units = i % width == 0 ? parse_hex_units(json_text(v)) : evm::decode_uint256(json_text(v));
        if (!units) return units.error();
        balances[i] = *units;  // lanes write disjoint indexes
        return Ok{};
    };
    // Lanes: contiguous account ranges, each on its own connection, so the node works on one
    // batch while porwatch builds and parses another.
    const std::size_t lanes =
        std::min<std::size_t>(std::max(config.parallel_batches, 1u), std::max<std::size_t>(plan.accounts.size(), 1));
    const std::size_t per_lane = (plan.accounts.size() + lanes - 1) / lanes * width;
    std::vector<std::optional<Error>> errors(lanes);
    std::vector<std::thread> threads;
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        threads.emplace_back([&, lane] {
            const std::size_t first = lane * per_lane;
            const std::size_t count = first >= balances.size() ? 0 : std::min(per_lane, balances.size() - first);
            std::unique_ptr<RpcClient> own = lane == 0 ? nullptr : rpc.clone();
            RpcClient& client = lane == 0 ? rpc : *own;
            auto s = run_batches(
                client, count, config.batch_size, [&](std::size_t i) { return make(first + i); },
                [&](std::size_t i, const rapidjson::Value& v) { return take(first + i, v); });
            if (!s) errors[lane] = s.error();
        });
    }
    for (auto& t : threads) t.join();
    for (auto& e : errors) {
        if (e) return std::move(*e);
    }
    return balances;
}

}  // namespace

ChainScan scan_evm_chain(const config::EvmChainConfig& config, const std::vector<EvmTarget>& targets,
                         const EvmScanOptions& options)
{
    const auto started = Clock::now();
    ChainScan scan;
    ChainResult& r = scan.result;
    r.chain = address::Chain::ethereum;
    r.network = address::Network::main;
    r.chain_id = std::to_string(config.chain_id);
    r.source = config.name;
    scan.networks = config.networks;
    scan.confirmations = config.confirmations;
    EvmPlan plan;
    plan.assets.push_back(AssetInfo{config.native, 18, ""});  // every EVM coin has 18 decimals
    for (const auto& t : config.tokens) plan.assets.push_back(AssetInfo{t.symbol, t.decimals, t.contract.text});
    scan.assets = plan.assets;
    {
        // Unique accounts, first occurrence first (scoped: freed before the reads).
        std::unordered_set<std::string_view> seen;
        seen.reserve(targets.size());
        plan.accounts.reserve(targets.size());
        for (const auto& t : targets) {
            if (seen.insert(t.address).second) plan.accounts.push_back(&t.address);
        }
    }
    const auto clients = connect_all(config.rpc_urls, config.auth, config.limits,
                                     started + std::chrono::seconds{config.limits.scan_timeout_s});
    r.quorum = required_quorum(config.quorum, clients.size());
    auto finish = [&](ChainStatus status, std::string error, std::optional<ChainError> kind = std::nullopt) {
        settle_result(r, status, std::move(error), kind, started, clients);
        if (status != ChainStatus::complete) scan.proof_data.reset();
        return std::move(scan);  // the last use: never a second copy of the balances
    };
    auto fail = [&](const Error& e) { return finish(ChainStatus::failed, e.message, chain_error_of(e)); };
    constexpr unsigned kPinAttempts = 3;
    for (unsigned attempt = 0;; ++attempt) {
        r.attempts = attempt + 1;
        r.endpoints.assign(clients.size(), EndpointReport{});
        // 1. Identity and sync state; a node on another chain fails the chain outright.
        std::vector<std::size_t> live;
        for (std::size_t i = 0; i < clients.size(); ++i) {
            r.endpoints[i].endpoint = clients[i]->endpoint();
            if (auto s = check_endpoint(*clients[i], config); !s) {
                exclude(r.endpoints[i], s.error());
                if (s.error().is(ChainError::wrong_chain)) return fail(s.error());
                continue;
            }
            live.push_back(i);
        }
        if (live.size() < r.quorum) return fail(short_of_quorum(r, live.size()));
        // 2. The block, from the first endpoint that answers.
        std::optional<evm::BlockRef> pin;
        std::size_t pinner = live.front();
        for (const std::size_t i : live) {
            auto picked = options.block_hash ? evm::eth_get_block_by_hash(*clients[i], *options.block_hash)
                                             : pick_block(*clients[i], config);
            if (picked) {
                pin = *picked;
                pinner = i;
                break;
            }
            exclude(r.endpoints[i], picked.error());
        }
        if (!pin) return fail(short_of_quorum(r, 0));
        // 3. Every other live endpoint reads at that block hash, in parallel.
        // Plain struct across the thread (GCC 12 warns falsely on a Result<vector> in a future).
        struct Read {
            std::vector<Units> balances;
            std::optional<Error> error;
        };
        std::vector<std::size_t> readers;
        for (const std::size_t i : live) {
            if (r.endpoints[i].error.empty()) readers.push_back(i);
        }
        std::vector<std::future<Read>> futures;
        for (const std::size_t i : readers) {
            RpcClient* rpc = clients[i].get();
            const evm::BlockRef block = *pin;
            futures.push_back(std::async(std::launch::async, [rpc, &config, &plan, block] {
                auto read = read_endpoint(*rpc, config, plan, block);
                return read ? Read{std::move(read.value()), std::nullopt} : Read{{}, read.error()};
            }));
        }
        std::vector<std::vector<Units>> views;
        std::vector<std::size_t> counted;
        for (std::size_t k = 0; k < futures.size(); ++k) {
            auto view = futures[k].get();
            EndpointReport& report = r.endpoints[readers[k]];
            report.height = pin->number;
            report.block_hash = pin->hash;
            if (view.error) {
                exclude(report, *view.error);
                continue;
            }
            counted.push_back(readers[k]);
            views.push_back(std::move(view.balances));
        }
        if (views.size() < r.quorum) return fail(short_of_quorum(r, views.size()));
        // The pinned hash must still be canonical at its height (a reorg otherwise): re-read.
        auto again = evm::eth_get_block_by_number(*clients[pinner], hex_quantity(pin->number));
        if (!again) return fail(again.error());
        if (again->hash != pin->hash) {
            if (attempt + 1 < kPinAttempts) continue;
            return finish(ChainStatus::failed,
                          "block " + std::to_string(pin->number) + " changed hash during the scan");
        }
        r.height = pin->number;
        r.block_hash = pin->hash;
        std::vector<std::string> names;
        for (const std::size_t i : counted) names.push_back(r.endpoints[i].endpoint);
        std::size_t disputed = 0;
        const std::size_t width = plan.assets.size();
        // Quorum: compare the endpoints' views; `said` is built only where they differ.
        std::vector<Units> said;
        for (std::size_t i = 0; i < views.front().size(); ++i) {
            bool differ = false;
            for (const auto& v : views) differ = differ || v[i] != views.front()[i];
            if (!differ) continue;
            said.clear();
            for (const auto& v : views) said.push_back(v[i]);
            disputed += record_quorum(r, *plan.accounts[i / width], plan.assets[i % width].asset, said, names) ? 1 : 0;
        }
        if (disputed)
            return finish(ChainStatus::disputed, "endpoints disagree on " + std::to_string(disputed) + " balances");
        // Proofs: the header against the pinned hash, the selected balances against its state
        // root, on every counted endpoint. A mismatch fails the chain; an endpoint that stops
        // answering is excluded like in any other read.
        {
            std::vector<RpcClient*> provers;
            for (const std::size_t i : counted) provers.push_back(clients[i].get());
            const evm::AgreedBalances agreed{plan.accounts, views.front()};
            evm::ProofOutcome proved = evm::prove_balances(provers, config, agreed, *pin, std::random_device{}());
            r.proofs = std::move(proved.summary);
            if (proved.failure) return fail(*proved.failure);
            std::vector<std::size_t> still;
            for (std::size_t k = 0; k < counted.size(); ++k) {
                if (proved.errors[k]) {
                    exclude(r.endpoints[counted[k]], *proved.errors[k]);
                } else {
                    still.push_back(counted[k]);
                }
            }
            if (still.size() < r.quorum) return fail(short_of_quorum(r, still.size()));
            counted = std::move(still);
            scan.proof_data = std::move(proved.data);
        }
        scan.units = std::move(views.front());
        views.clear();
        scan.addresses.reserve(plan.accounts.size());
        for (const std::string* account : plan.accounts) scan.addresses.push_back(*account);
        // Contract-wallet evidence at the same block, from every counted endpoint; it must agree too.
        std::vector<evm::Evidence> evidence;
        std::vector<std::size_t> witnesses;
        for (const std::size_t i : counted) {
            auto read = evm::read_evidence(*clients[i], targets, pin->hash);
            if (!read) {
                exclude(r.endpoints[i], read.error());
                continue;
            }
            witnesses.push_back(i);
            evidence.push_back(std::move(read.value()));
        }
        if (evidence.size() < r.quorum) {
            scan.clear_balances();
            return fail(short_of_quorum(r, evidence.size()));
        }
        for (std::size_t k = 1; k < evidence.size(); ++k) {
            if (evidence[k] == evidence.front()) continue;
            scan.clear_balances();
            return finish(ChainStatus::disputed,
                          "endpoints disagree on contract-wallet evidence: " + r.endpoints[witnesses.front()].endpoint +
                              " vs " + r.endpoints[witnesses[k]].endpoint);
        }
        if (!evidence.empty()) {
            scan.owner_checks = std::move(evidence.front().owners);
            scan.signature_checks = std::move(evidence.front().signatures);
        }
        return finish(ChainStatus::complete, "");
    }
}

}  // namespace porwatch::chain
