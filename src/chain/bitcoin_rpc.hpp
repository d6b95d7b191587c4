// Typed Bitcoin Core-family RPC calls (private to src/chain): one function per method, each
// returning a struct with exact amounts. Works with Bitcoin Core ≥ 0.21 and litecoind 0.21.
// Failures are Errors with a ChainError code; strings the node sent are checked (hashes are
// 64 hex digits) or shown only through untrusted_text().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/util/amount.hpp"
#include "porwatch/util/bytes.hpp"
#include "rpc_client.hpp"

namespace porwatch::chain::btc {

struct BlockchainInfo {
    std::string chain;  // "main", "test", "testnet4", "signet", "regtest" (cleaned)
    std::uint64_t blocks = 0;
    std::uint64_t headers = 0;
    std::string best_block_hash;
    bool initial_block_download = true;
};
Result<BlockchainInfo> getblockchaininfo(RpcClient& rpc);

Result<std::string> getblockhash(RpcClient& rpc, std::uint64_t height);

struct Unspent {
    std::string txid;  // 64 hex, lower case
    std::uint32_t vout = 0;
    std::string script_hex;  // scriptPubKey, lower-case hex
    Units amount;  // satoshi
    std::uint64_t height = 0;  // block of the output (0 = unknown)
};

struct ScanResult {
    std::uint64_t height = 0;
    std::string best_block;
    std::vector<Unspent> unspents;
    Units total;  // total_amount, satoshi
};

// The outcome of `scantxoutset start`: a result, or "another scan is running": a -8 answer
// while `scantxoutset status` reports a running scan (the code and the node's state decide,
// never the message; a -8 with no scan running is asked once more, then is an RPC error).
struct ScanStart {
    bool busy = false;
    ScanResult result;
};

// `scantxoutset start [descriptors]` with a call timeout of `timeout`. No retry: a retried
// start would collide with the scan this call began.
// `params` is the whole params array, built by scan_params().
Result<ScanStart> scantxoutset_start(RpcClient& rpc, const std::string& params, std::chrono::seconds timeout);
// The params of `scantxoutset start` with one raw(<hex>) descriptor per script (hex needs no
// JSON escaping), built in one pass.
std::string scan_params(const std::vector<const Bytes*>& scripts);
// True while some scan is running on the node.
Result<bool> scantxoutset_running(RpcClient& rpc);
// Abort the running scan. Call only for a scan porwatch started. Runs even past the scan's
// deadline (RpcClient::call_cleanup), so porwatch never leaves its own scan behind.
Result<bool> scantxoutset_abort(RpcClient& rpc);

// An output as `gettxout txid vout false` shows it (the UTXO set at the node's tip, mempool
// ignored); nullopt when the output is spent or never existed.
struct TxOut {
    std::string best_block;  // the tip the answer is for
    std::uint64_t confirmations = 0;
    Units value;  // satoshi
    std::string script_hex;  // lower-case hex
};
Result<std::optional<TxOut>> gettxout(RpcClient& rpc, const std::string& txid, std::uint32_t vout);

// Returns: the sum of `unspents`' amounts, or a malformed Error when it passes 2^256 − 1 (a
// hostile node's amounts must never wrap).
Result<Units> sum_amounts(const std::vector<Unspent>& unspents);

}  // namespace porwatch::chain::btc
