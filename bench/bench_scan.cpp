// porwatch-bench scan-evm / scan-utxo: porwatch's scanners on generated addresses against a
// live node, timed, with peak RSS. Driven by bench/bench_scan.sh, which starts the nodes and
// runs the comparison scanners (ethers v6 Promise.all, curl with pre-built batch bodies, raw
// scantxoutset).
//   porwatch-bench scan-evm URL CHAIN_ID COUNT [TOKEN...]   COUNT accounts × (ETH + tokens)
//   porwatch-bench evm-plant-bodies COUNT TOKEN DIR          balances for them (bench_proofs.sh)
//   porwatch-bench scan-utxo URL NETWORK COUNT [CHUNK]      COUNT p2wpkh scripts (litecoin)
//   porwatch-bench make-book evm|litecoin COUNT FILE         their book, for bench/scale.sh
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <iostream>
#include <string>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/ethproof/account.hpp"
#include "porwatch/util/hex.hpp"

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

// porwatch's own CPU time (user + system), to tell it from the node's time in the wall time.
double cpu_seconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(usage.ru_utime) + s(usage.ru_stime);
}

void report(const chain::ChainScan& scan, std::size_t reads, Clock::duration elapsed)
{
    const std::chrono::duration<double> s = elapsed;
    std::size_t proof_bytes = 0;  // what the database keeps: the header and the proof nodes
    if (scan.proof_data) {
        proof_bytes = scan.proof_data->header_rlp.size();
        for (const auto& n : scan.proof_data->nodes) proof_bytes += n.size();
    }
    const auto& p = scan.result.proofs;
    std::cout << "status=" << chain::to_string(scan.result.status) << " height=" << scan.result.height
              << " reads=" << reads << " seconds=" << s.count() << " peak_rss_mb=" << peak_rss_kb() / 1024
              << " cpu_seconds=" << cpu_seconds() << " response_bytes=" << scan.result.response_bytes
              << " proof_bytes=" << proof_bytes << " proven=" << (p ? p->balances_proven : 0)
              << " accounts_proven=" << (p ? p->accounts_proven : 0) << " slots_proven=" << (p ? p->slots_proven : 0)
              << "\n";
    if (!scan.result.error.empty()) std::cout << "error=" << scan.result.error << "\n";
}

}  // namespace

// Environment: BATCH=n (batch_size), PROOFS=all|off|sample:N (default off: the scanner alone),
// SLOT=n (the tokens' balance mapping slot, to prove token balances from storage).
int bench_scan_evm(int argc, char** argv)
{
    if (argc < 5) return 2;
    config::EvmChainConfig c;
    c.proofs = ethproof::ProofMode{ethproof::ProofMode::Kind::off, 0};
    if (const char* proofs = std::getenv("PROOFS")) {
        auto mode = ethproof::parse_proof_mode(proofs);
        if (!mode) return 2;
        c.proofs = *mode;
    }
    std::optional<Units> slot;
    if (const char* text = std::getenv("SLOT")) slot = parse_units(text).value();
    c.rpc_urls = {argv[2]};
    c.chain_id = std::stoull(argv[3]);
    c.confirmations = 0;
    const std::size_t count = std::stoul(argv[4]);
    for (int i = 5; i < argc; ++i) {
        auto contract = address::parse_evm_address(argv[i]);
        if (!contract) return 2;
        c.tokens.push_back(config::TokenConfig{"T" + std::to_string(i - 4), *contract, 18, slot, std::nullopt});
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

// porwatch-bench evm-plant-bodies COUNT TOKEN DIR: JSON-RPC batch bodies (1000 requests each)
// that give the COUNT generated accounts of scan-evm an ETH balance and a TOKEN balance in its
// slot-0 mapping (anvil_setBalance, anvil_setStorageAt), for bench/bench_proofs.sh to post.
int bench_evm_plant_bodies(int argc, char** argv)
{
    if (argc < 5) return 2;
    const std::size_t count = std::stoul(argv[2]);
    const std::string token = argv[3];
    const std::string dir = argv[4];
    std::size_t file = 0;
    std::ofstream out;
    std::size_t in_file = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (in_file == 0) {
            out = std::ofstream(dir + "/plant" + std::to_string(file++) + ".json");
            out << "[";
        }
        const Hash256 h = seed_hash(i);
        const std::string holder = address::eip55(ByteView(h.data(), 20));
        const Hash256 key = ethproof::mapping_slot(ByteView(h.data(), 20), 0);
        const Hash256 value = ethproof::to_word(Units(i + 1) * 1000000007u);
        out << (in_file ? "," : "") << R"({"jsonrpc":"2.0","id":)" << 2 * i
            << R"(,"method":"anvil_setBalance","params":[")" << holder << R"(","0x)" << std::hex
            << (i + 1) * 1000000000000ull << std::dec << R"("]})";
        out << R"(,{"jsonrpc":"2.0","id":)" << 2 * i + 1 << R"(,"method":"anvil_setStorageAt","params":[")" << token
            << R"(","0x)" << to_hex(key) << R"(","0x)" << to_hex(value) << R"("]})";
        if (++in_file == 500 || i + 1 == count) {
            out << "]";
            out.close();
            in_file = 0;
        }
    }
    std::cout << file << "\n";
    return 0;
}

// porwatch-bench make-book evm|litecoin COUNT FILE: a porwatch native book of COUNT unsigned
// rows, the addresses of scan-evm (ETH rows: the scan reads every configured token for each)
// or of scan-utxo (litecoin regtest p2wpkh), for `porwatch scan` in bench/scale.sh.
int bench_make_scan_book(int argc, char** argv)
{
    if (argc != 5) return 2;
    const std::string kind = argv[2];
    if (kind != "evm" && kind != "litecoin") return 2;
    const std::size_t count = std::stoul(argv[3]);
    std::ofstream out(argv[4]);
    out << "chain,network,address,asset,message,signatures,script,scheme,label\n";
    for (std::size_t i = 0; i < count; ++i) {
        const Hash256 h = seed_hash(i);
        const ByteView program(h.data(), 20);
        if (kind == "evm") {
            out << "ethereum,,0x" << to_hex(program) << ",ETH,,,,,\n";
        } else {
            out << "litecoin,regtest,"
                << address::encode_address(address::Chain::litecoin, address::Network::regtest,
                                           address::AddressType::p2wpkh, program)
                << ",LTC,,,,,\n";
        }
    }
    out.close();
    return out ? 0 : 1;
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
        targets.push_back(
            chain::UtxoTarget{address::encode_address(c.chain, c.network, address::AddressType::p2wpkh, program),
                              address::script_for(address::AddressType::p2wpkh, program)});
    }
    const auto start = Clock::now();
    const auto scan = chain::scan_utxo_chain(c, targets);
    report(scan, count, Clock::now() - start);
    return scan.result.status == chain::ChainStatus::complete ? 0 : 1;
}
