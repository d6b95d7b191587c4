#include "bitcoin_rpc.hpp"

#include "porwatch/util/utf8.hpp"

namespace porwatch::chain::btc {
namespace {

Error malformed(const RpcClient& rpc, const std::string& method, const std::string& what)
{
    return Error{ChainError::malformed, method + " at " + rpc.endpoint() + ": malformed reply: " + what};
}

constexpr unsigned kCoinDecimals = 8;  // BTC and LTC: 1e8 base units

}  // namespace

Result<BlockchainInfo> getblockchaininfo(RpcClient& rpc)
{
    auto v = rpc.call_ok("getblockchaininfo", "[]");
    if (!v) return v.error();
    const auto& r = *v->value;
    BlockchainInfo info;
    const auto* chain = member(r, "chain");
    const auto* hash = member(r, "bestblockhash");
    const auto* blocks = member(r, "blocks");
    const auto* headers = member(r, "headers");
    const auto* ibd = member(r, "initialblockdownload");
    if (!chain || !chain->IsString() || !hash || !is_hash_text(*hash, /*prefixed=*/false) || !blocks ||
        !json_uint(*blocks, info.blocks) || !headers || !json_uint(*headers, info.headers) || !ibd || !ibd->IsBool()) {
        return malformed(rpc, "getblockchaininfo", "missing chain/bestblockhash/blocks/headers/initialblockdownload");
    }
    info.chain = untrusted_text(json_text(*chain), 64);
    info.best_block_hash = hash->GetString();
    info.initial_block_download = ibd->GetBool();
    return info;
}

Result<std::string> getblockhash(RpcClient& rpc, std::uint64_t height)
{
    auto v = rpc.call_ok("getblockhash", "[" + std::to_string(height) + "]");
    if (!v) return v.error();
    if (!is_hash_text(*v->value, /*prefixed=*/false)) return malformed(rpc, "getblockhash", "not 64 hex digits");
    return std::string(v->value->GetString());
}

std::string scan_params(const std::vector<const Bytes*>& scripts)
{
    static const char* kHex = "0123456789abcdef";
    std::size_t size = 16;
    for (const Bytes* script : scripts) size += script->size() * 2 + 8;
    std::string params;
    params.reserve(size);
    params += "[\"start\",[";
    for (std::size_t i = 0; i < scripts.size(); ++i) {
        params += i ? ",\"raw(" : "\"raw(";
        for (const std::uint8_t b : *scripts[i]) {
            params += kHex[b >> 4];
            params += kHex[b & 0xf];
        }
        params += ")\"";
    }
    params += "]]";
    return params;
}

Result<ScanStart> scantxoutset_start(RpcClient& rpc, const std::string& params, std::chrono::seconds timeout)
{
    Result<RpcValue> v = Error{"scantxoutset not called"};
    ScanStart out;
    for (int ask = 0; ask < 2; ++ask) {
        v = rpc.call("scantxoutset", params, Retry::no, timeout);
        if (!v) return v.error();
        if (v->error_code != kRpcInvalidParameter) break;
        // -8 is also "Invalid parameter": only the node's own status says whether a scan runs.
        auto running = scantxoutset_running(rpc);
        if (!running) return running.error();
        if (*running) {
            out.busy = true;
            return out;
        }
    }
    if (v->is_error()) {
        return Error{ChainError::rpc, "scantxoutset at " + rpc.endpoint() + ": RPC error " +
                                          std::to_string(v->error_code) + ": " + v->error_message};
    }
    const auto& r = *v->value;
    const auto* success = member(r, "success");
    const auto* height = member(r, "height");
    const auto* best = member(r, "bestblock");
    const auto* unspents = member(r, "unspents");
    const auto* total = member(r, "total_amount");
    if (!success || !success->IsBool() || !success->GetBool()) {
        return Error{ChainError::rpc, "scantxoutset at " + rpc.endpoint() + ": scan did not succeed (aborted?)"};
    }
    ScanResult& s = out.result;
    if (!height || !json_uint(*height, s.height) || !best || !is_hash_text(*best, /*prefixed=*/false) || !unspents ||
        !unspents->IsArray() || !total) {
        return malformed(rpc, "scantxoutset", "missing height/bestblock/unspents/total_amount");
    }
    s.best_block = best->GetString();
    auto total_units = parse_decimal(json_text(*total), kCoinDecimals);
    if (!total_units) return malformed(rpc, "scantxoutset", "total_amount: " + total_units.error().message);
    s.total = *total_units;
    s.unspents.reserve(unspents->Size());
    for (const auto& u : unspents->GetArray()) {
        Unspent unspent;
        const auto* script = member(u, "scriptPubKey");
        const auto* amount = member(u, "amount");
        const auto* uheight = member(u, "height");
        const auto* txid = member(u, "txid");
        const auto* vout = member(u, "vout");
        std::uint64_t index = 0;
        if (!script || !script->IsString() || script->GetStringLength() > 20000 || !amount || !uheight ||
            !json_uint(*uheight, unspent.height)) {
            return malformed(rpc, "scantxoutset", "unspent without scriptPubKey/amount/height");
        }
        if (!txid || !is_hash_text(*txid, /*prefixed=*/false) || !vout || !json_uint(*vout, index) ||
            index > UINT32_MAX) {
            return malformed(rpc, "scantxoutset", "unspent without txid/vout");
        }
        unspent.txid = txid->GetString();
        for (auto& c : unspent.txid) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
        unspent.vout = static_cast<std::uint32_t>(index);
        auto units = parse_decimal(json_text(*amount), kCoinDecimals);
        if (!units) return malformed(rpc, "scantxoutset", "amount: " + units.error().message);
        unspent.script_hex = script->GetString();
        for (auto& c : unspent.script_hex) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
        unspent.amount = *units;
        s.unspents.push_back(std::move(unspent));
    }
    return out;
}

Result<bool> scantxoutset_running(RpcClient& rpc)
{
    auto v = rpc.call_ok("scantxoutset", "[\"status\"]");
    if (!v) return v.error();
    return !v->value->IsNull();
}

Result<bool> scantxoutset_abort(RpcClient& rpc)
{
    auto v = rpc.call_cleanup("scantxoutset", "[\"abort\"]");
    if (!v) return v.error();
    if (v->is_error()) {
        return Error{ChainError::rpc, "scantxoutset abort at " + rpc.endpoint() + ": RPC error " +
                                          std::to_string(v->error_code) + ": " + v->error_message};
    }
    return v->value->IsBool() && v->value->GetBool();
}

Result<std::optional<TxOut>> gettxout(RpcClient& rpc, const std::string& txid, std::uint32_t vout)
{
    auto v = rpc.call_ok("gettxout", "[" + json_quote(txid) + "," + std::to_string(vout) + ",false]");
    if (!v) return v.error();
    const auto& r = *v->value;
    if (r.IsNull()) return std::optional<TxOut>{};
    TxOut out;
    const auto* best = member(r, "bestblock");
    const auto* confirmations = member(r, "confirmations");
    const auto* value = member(r, "value");
    const auto* spk = member(r, "scriptPubKey");
    const auto* hex = spk ? member(*spk, "hex") : nullptr;
    if (!best || !is_hash_text(*best, /*prefixed=*/false) || !confirmations ||
        !json_uint(*confirmations, out.confirmations) || !value || !hex || !hex->IsString()) {
        return malformed(rpc, "gettxout", "missing bestblock/confirmations/value/scriptPubKey");
    }
    auto units = parse_decimal(json_text(*value), kCoinDecimals);
    if (!units) return malformed(rpc, "gettxout", "value: " + units.error().message);
    out.best_block = best->GetString();
    out.value = *units;
    out.script_hex = hex->GetString();
    for (auto& c : out.script_hex) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    return std::optional<TxOut>{std::move(out)};
}

Result<Units> sum_amounts(const std::vector<Unspent>& unspents)
{
    Units sum = 0;
    for (const auto& u : unspents) {
        auto next = checked_add(sum, u.amount);
        if (!next) return Error{ChainError::malformed, "unspent amounts add up to more than 2^256 - 1"};
        sum = *next;
    }
    return sum;
}

}  // namespace porwatch::chain::btc
