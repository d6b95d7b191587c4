// porwatch-bench: throughput figures printed for humans (no pass/fail; targets live here,
// not in timed tests).
//   porwatch-bench scan-evm|scan-utxo …   scanners against a live node (bench/bench_scan.sh,
//                                     bench/bench_proofs.sh for proofs = all vs off)
//   porwatch-bench addresses [FILE]   addresses parsed per second (one address per line;
//                                     without FILE, 100k generated addresses of every type)
//   porwatch-bench store [DB [N [U]]] snapshot write time and DB growth per unchanged
//                                     N-address snapshot (100k, U = 20; bench_store.cpp)
//   porwatch-bench make-book verify|evm|litecoin COUNT FILE   books for bench/scale.sh
//   porwatch-bench verify [ROWS]      ownership proofs verified per second vs. Node peers and
//                                     the libsecp256k1 limit (bench_verify.cpp)
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/crypto/hash.hpp"

int bench_scan_evm(int argc, char** argv);  // bench_scan.cpp
int bench_scan_utxo(int argc, char** argv);
int bench_evm_plant_bodies(int argc, char** argv);

using namespace porwatch;

namespace porwatch::bench {
int bench_verify(int argc, char** argv);
int bench_make_book(int argc, char** argv);
}  // namespace porwatch::bench

using Clock = std::chrono::steady_clock;

namespace {

// 100k distinct addresses across types and networks, derived from hashes of a counter.
std::vector<std::string> generated_addresses(std::size_t count)
{
    using address::AddressType;
    using address::Chain;
    using address::Network;
    struct Kind {
        Chain chain;
        Network network;
        AddressType type;
        std::size_t size;
    };
    const Kind kinds[] = {
        {Chain::bitcoin, Network::main, AddressType::p2pkh, 20},
        {Chain::bitcoin, Network::main, AddressType::p2sh, 20},
        {Chain::bitcoin, Network::main, AddressType::p2wpkh, 20},
        {Chain::bitcoin, Network::main, AddressType::p2wsh, 32},
        {Chain::bitcoin, Network::main, AddressType::p2tr, 32},
        {Chain::litecoin, Network::main, AddressType::p2wpkh, 20},
        {Chain::litecoin, Network::main, AddressType::p2sh, 20},
    };
    std::vector<std::string> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string seed = "porwatch-bench-" + std::to_string(i);
        const Hash256 h = crypto::sha256(crypto::as_bytes(seed));
        if (i % 8 == 7) {
            out.push_back(address::eip55(ByteView(h.data(), 20)));
            continue;
        }
        const Kind& k = kinds[i % 8 % 7];
        out.push_back(address::encode_address(k.chain, k.network, k.type, ByteView(h.data(), k.size)));
    }
    return out;
}

int bench_addresses(int argc, char** argv)
{
    std::vector<std::string> lines;
    std::string source = "100000 generated addresses (p2pkh, p2sh, p2wpkh, p2wsh, p2tr, ltc, evm)";
    if (argc > 2) {
        std::ifstream in(argv[2]);
        if (!in) {
            std::cerr << "porwatch-bench: cannot open " << argv[2] << "\n";
            return 2;
        }
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) lines.push_back(line);
        }
        source = argv[2];
    } else {
        lines = generated_addresses(100000);
    }
    const auto start = Clock::now();
    std::size_t ok = 0;
    for (const auto& line : lines) ok += address::parse_address(line).ok() ? 1 : 0;
    const std::chrono::duration<double> elapsed = Clock::now() - start;
    std::cout << "addresses: " << source << "\n"
              << "  parsed " << lines.size() << " (" << ok << " valid) in " << elapsed.count()
              << " s = " << static_cast<long long>(static_cast<double>(lines.size()) / elapsed.count())
              << " addresses/s (one thread)\n";
    return ok == lines.size() || argc > 2 ? 0 : 1;
}

}  // namespace

int bench_store(int argc, char** argv);  // bench/bench_store.cpp

int main(int argc, char** argv)
{
    const std::string what = argc > 1 ? argv[1] : "addresses";
    if (what == "addresses") return bench_addresses(argc, argv);
    if (what == "store") return bench_store(argc, argv);
    if (what == "scan-evm") return bench_scan_evm(argc, argv);
    if (what == "scan-utxo") return bench_scan_utxo(argc, argv);
    if (what == "evm-plant-bodies") return bench_evm_plant_bodies(argc, argv);
    if (what == "verify") return porwatch::bench::bench_verify(argc, argv);
    if (what == "make-book") return porwatch::bench::bench_make_book(argc, argv);
    std::cerr << "usage: porwatch-bench addresses [FILE]\n"
                 "       porwatch-bench verify [ROWS]\n"
                 "       porwatch-bench make-book verify|evm|litecoin COUNT FILE   (see bench/scale.sh)\n"
                 "       porwatch-bench store [DB [ADDRESSES [UNCHANGED]]]\n"
                 "       porwatch-bench scan-evm URL CHAIN_ID COUNT [TOKEN...]   (see bench/bench_scan.sh)\n"
                 "       porwatch-bench scan-utxo URL NETWORK COUNT [CHUNK]\n"
                 "       porwatch-bench evm-plant-bodies COUNT TOKEN DIR   (see bench/bench_proofs.sh)\n";
    return 2;
}
