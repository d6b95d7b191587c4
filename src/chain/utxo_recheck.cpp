// chain::recheck_outpoints (porwatch/chain/scan.hpp): a bundle's outpoints against a node today.
#include "bitcoin_rpc.hpp"
#include "genesis.hpp"
#include "porwatch/chain/scan.hpp"

namespace porwatch::chain {
namespace {

OutpointRecheck recheck_on(RpcClient& rpc, const config::UtxoChainConfig& config, std::uint64_t height,
                           const std::vector<UtxoOutpoint>& outpoints, const std::vector<std::string>& scripts_hex)
{
    OutpointRecheck out;
    out.endpoint = rpc.endpoint();
    if (const auto expected = genesis_hash(config.chain, config.network)) {
        auto genesis = btc::getblockhash(rpc, 0);
        if (!genesis) {
            out.error = genesis.error();
            return out;
        }
        if (*genesis != *expected) {
            out.error =
                Error{ChainError::wrong_chain, rpc.endpoint() + ": the node's genesis block is " + *genesis + ", not " +
                                                   std::string(address::to_string(config.chain)) + " " +
                                                   std::string(address::to_string(config.network)) + "'s"};
            return out;
        }
    }
    auto info = btc::getblockchaininfo(rpc);
    if (!info) {
        out.error = info.error();
        return out;
    }
    if (height <= info->blocks) {
        auto hash = btc::getblockhash(rpc, height);
        if (!hash) {
            out.error = hash.error();
            return out;
        }
        out.block_at_height = *hash;
    }
    for (std::size_t i = 0; i < outpoints.size(); ++i) {
        const UtxoOutpoint& o = outpoints[i];
        const std::string name = o.txid + ":" + std::to_string(o.vout);
        // The output's height comes from the tip its answer is for: when the tip moved since
        // getblockchaininfo, read the tip again and ask once more.
        Result<std::optional<btc::TxOut>> txout = Error{"not asked"};
        for (int ask = 0; ask < 2; ++ask) {
            txout = btc::gettxout(rpc, o.txid, o.vout);
            if (!txout || !*txout || (*txout)->best_block == info->best_block_hash) break;
            info = btc::getblockchaininfo(rpc);
            if (!info) {
                out.error = info.error();
                return out;
            }
        }
        if (!txout) {
            out.error = txout.error();
            return out;
        }
        if (!*txout) {
            ++out.spent;
            continue;
        }
        const std::uint64_t at = info->blocks + 1 - std::min<std::uint64_t>((*txout)->confirmations, info->blocks + 1);
        std::string why;
        if ((*txout)->value != o.units)
            why += "amount " + porwatch::to_string((*txout)->value) + " sat, not " + porwatch::to_string(o.units);
        if ((*txout)->script_hex != scripts_hex[i]) why += std::string(why.empty() ? "" : ", ") + "pays another script";
        if (at != o.height)
            why += std::string(why.empty() ? "" : ", ") + "at height " + std::to_string(at) + ", not " +
                   std::to_string(o.height);
        if (why.empty()) {
            ++out.unspent_matching;
        } else {
            out.differences.push_back(name + ": " + why);
        }
    }
    return out;
}

}  // namespace

std::vector<OutpointRecheck> recheck_outpoints(const config::UtxoChainConfig& config, std::uint64_t height,
                                               const std::vector<UtxoOutpoint>& outpoints,
                                               const std::vector<std::string>& scripts_hex)
{
    std::vector<OutpointRecheck> out;
    const auto clients =
        connect_all(config.rpc_urls, config.auth, config.limits,
                    std::chrono::steady_clock::now() + std::chrono::seconds{config.limits.scan_timeout_s});
    for (const auto& client : clients) out.push_back(recheck_on(*client, config, height, outpoints, scripts_hex));
    return out;
}

}  // namespace porwatch::chain
