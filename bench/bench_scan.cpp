// porwatch-bench scan-evm / scan-utxo: porwatch's scanners on generated addresses against a
// live node, timed, with peak RSS. Driven by bench/bench_scan.sh, which starts the nodes and
// runs the comparison scanners (ethers v6 Promise.all, curl with pre-built batch bodies, raw
// scantxoutset).
//   porwatch-bench scan-evm URL CHAIN_ID COUNT [TOKEN...]   COUNT accounts × (ETH + tokens)
//   porwatch-bench scan-utxo URL NETWORK COUNT [CHUNK]      COUNT p2wpkh scripts (litecoin)
#include <sys/resource.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/crypto/hash.hpp"

using namespace porwatch;
using Clock = std::chrono::steady_clock;

namespace {

Hash256 seed_hash(std::size_t i)
{
    const std::string seed = "porwatch-bench-scan-" + std::to_string(i);
    return crypto::sha256(crypto::as_bytes(seed));
}

long peak_rss_kb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

void report(const chain::ChainScan& scan, std::size_t reads, Clock::duration elapsed)
{
    const std::chrono::duration<double> s = elapsed;
    std::cout << "status=" << chain::to_string(scan.result.status) << " height=" << scan.result.height
              << " reads=" << reads << " seconds=" << s.count() << " peak_rss_mb=" << peak_rss_kb() / 1024 << "\n";
    if (!scan.result.error.empty()) std::cout << "error=" << scan.result.error << "\n";
}

}  // namespace

int bench_scan_evm(int argc, char** argv)
{
    if (argc < 5) return 2;
    config::EvmChainConfig c;
    c.rpc_urls = {argv[2]};
    c.chain_id = std::stoull(argv[3]);
    c.confirmations = 0;
    const std::size_t count = std::stoul(argv[4]);
    for (int i = 5; i < argc; ++i) {
        auto contract = address::parse_evm_address(argv[i]);
        if (!contract) return 2;
        c.tokens.push_back(config::TokenConfig{"T" + std::to_string(i - 4), *contract, 18});
    }
    if (const char* batch = std::getenv("BATCH")) c.batch_size = std::stoul(batch);
    std::vector<chain::EvmTarget> targets;
    for (std::size_t i = 0; i < count; ++i) {
        const Hash256 h = seed_hash(i);
        targets.push_back(chain::EvmTarget{address::eip55(ByteView(h.data(), 20)), false, {}});
    }
    const auto start = Clock::now();
    const auto scan = chain::scan_evm_chain(c, targets);
    report(scan, count * (1 + c.tokens.size()), Clock::now() - start);
    return scan.result.status == chain::ChainStatus::complete ? 0 : 1;
}

int bench_scan_utxo(int argc, char** argv)
{
    if (argc < 5) return 2;
    config::UtxoChainConfig c;
    c.chain = address::Chain::litecoin;
    c.rpc_urls = {argv[2]};
    const auto network = address::network_from_string(argv[3]);
    if (!network) return 2;
    c.network = *network;
    const std::size_t count = std::stoul(argv[4]);
    if (argc > 5) c.scan_chunk_size = std::stoul(argv[5]);
    std::vector<chain::UtxoTarget> targets;
    for (std::size_t i = 0; i < count; ++i) {
        const Hash256 h = seed_hash(i);
        const ByteView program(h.data(), 20);
        targets.push_back(chain::UtxoTarget{
            address::encode_address(c.chain, c.network, address::AddressType::p2wpkh, program),
            address::script_for(address::AddressType::p2wpkh, program)});
    }
    const auto start = Clock::now();
    const auto scan = chain::scan_utxo_chain(c, targets);
    report(scan, count, Clock::now() - start);
    return scan.result.status == chain::ChainStatus::complete ? 0 : 1;
}
