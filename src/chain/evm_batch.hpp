// Batched JSON-RPC reads for the EVM scanner and its proofs (private to src/chain): requests
// made on demand, sent in size-capped batches, each reply judged in request order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evm_rpc.hpp"
#include "rpc_client.hpp"

namespace porwatch::chain {

// anvil refuses bodies over 2 MB with a single non-array error; stay well below.
constexpr std::size_t kMaxBatchBody = 1000000;

// Returns: `n` as a JSON-RPC hex quantity ("0x1a").
std::string hex_quantity(std::uint64_t n);

// Send `count` requests, made on demand by `make(index)` (so a 300k-read scan never holds all
// its requests at once), in batches of at most batch_size requests and kMaxBatchBody bytes;
// each result goes through `take(index, value)`. Any per-request error fails the whole read.
template <typename Make, typename Take>
Status run_batches(RpcClient& rpc, std::size_t count, std::size_t batch_size, Make make, Take take)
{
    std::vector<RpcCall> slice;
    std::size_t begin = 0;
    while (begin < count) {
        slice.clear();
        std::size_t bytes = 2;
        while (begin + slice.size() < count && slice.size() < batch_size) {
            RpcCall call = make(begin + slice.size());
            const std::size_t size = call.params_json.size() + call.method.size() + 64;
            if (!slice.empty() && bytes + size > kMaxBatchBody) break;
            bytes += size;
            slice.push_back(std::move(call));
        }
        auto replies = rpc.batch(slice);
        if (!replies) return replies.error();
        for (std::size_t i = 0; i < replies->size(); ++i) {
            const RpcValue& v = (*replies)[i];
            auto context = [&] {
                return slice[i].method + " " + slice[i].params_json.substr(0, 120) + " at " + rpc.endpoint();
            };
            if (v.is_error()) {
                // A token's balanceOf that reverts is no balance, never a zero (code and data decide).
                return Error{evm::is_revert(v) ? ChainError::reverted : ChainError::rpc,
                             context() + ": RPC error " + std::to_string(v.error_code) + ": " + v.error_message};
            }
            if (auto s = take(begin + i, *v.value); !s) return wrap_error(context(), s.error());
        }
        begin += slice.size();
    }
    return Ok{};
}

}  // namespace porwatch::chain
