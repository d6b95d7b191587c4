// `porwatch-bench verify [ROWS]`: rows verified per second on a generated porwatch native
// file of mixed schemes (P2PKH BIP-137, P2WPKH BIP-137, EVM EIP-191), against the peers
// (bitcoinjs-message and ethers verifyMessage in Node, bench/peers_verify.cjs) and against
// the limit: libsecp256k1's raw ecdsa_recover rate × cores.
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cryptopp/base64.h>
#include <cryptopp/filters.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/util/hex.hpp"

extern char** environ;
int bench_make_scan_book(int argc, char** argv);  // bench_scan.cpp: make-book evm|litecoin

namespace porwatch::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::string base64(ByteView bytes)
{
    std::string out;
    CryptoPP::StringSource source(
        bytes.data(), bytes.size(), true,
        new CryptoPP::Base64Encoder(new CryptoPP::StringSink(out), /*insertLineBreaks=*/false));
    return out;
}

Hash256 bitcoin_message_hash(const std::string& message)
{
    Bytes data{24};
    const std::string magic = "Bitcoin Signed Message:\n";
    data.insert(data.end(), magic.begin(), magic.end());
    data.push_back(static_cast<std::uint8_t>(message.size()));  // messages here are < 253 bytes
    data.insert(data.end(), message.begin(), message.end());
    return crypto::double_sha256(data);
}

Hash256 eip191_hash(const std::string& message)
{
    const std::string text = "\x19"
                             "Ethereum Signed Message:\n" +
                             std::to_string(message.size()) + message;
    return crypto::keccak256(crypto::as_bytes(text));
}

// Which signed rows write_file makes: P2PKH, P2WPKH, EVM, EVM in turn (`verify`), or P2PKH and
// EVM in turn (`make-book verify`, the scale benchmark's half BIP-137 P2PKH, half EIP-191).
enum class RowMix {
    three_kinds,
    p2pkh_and_evm
};

// Write `rows` signed rows.
void write_file(const std::string& path, std::size_t rows, RowMix mix = RowMix::three_kinds)
{
    secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    std::ofstream out(path);
    out << "chain,network,address,asset,message,signatures,script,scheme,label\n";
    for (std::size_t i = 0; i < rows; ++i) {
        const Hash256 seckey = crypto::sha256(crypto::as_bytes("porwatch-bench-key-" + std::to_string(i)));
        secp256k1_pubkey pubkey;
        if (secp256k1_ec_pubkey_create(ctx, &pubkey, seckey.data()) != 1) continue;
        const std::string message = "porwatch bench row " + std::to_string(i);
        const int kind = mix == RowMix::three_kinds ? static_cast<int>(i % 4)  // 0 P2PKH, 1 P2WPKH, 2-3 EVM
                                                    : static_cast<int>(i % 2) * 2;
        const Hash256 digest = kind < 2 ? bitcoin_message_hash(message) : eip191_hash(message);
        secp256k1_ecdsa_recoverable_signature sig;
        secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest.data(), seckey.data(), nullptr, nullptr);
        Bytes compact(65);
        int recid = 0;
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact.data() + 1, &recid, &sig);
        Bytes pub(65);
        std::size_t size = kind < 2 ? 33 : 65;
        secp256k1_ec_pubkey_serialize(ctx, pub.data(), &size, &pubkey,
                                      kind < 2 ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
        pub.resize(size);
        if (kind < 2) {
            compact[0] = static_cast<std::uint8_t>((kind == 0 ? 31 : 39) + recid);
            const Hash160 h = crypto::hash160(pub);
            const auto type = kind == 0 ? address::AddressType::p2pkh : address::AddressType::p2wpkh;
            out << "bitcoin,main," << address::encode_address(address::Chain::bitcoin, address::Network::main, type, h)
                << ",BTC," << message << "," << base64(compact) << ",,,\n";
        } else {
            std::rotate(compact.begin(), compact.begin() + 1, compact.end());
            compact[64] = static_cast<std::uint8_t>(27 + recid);
            const Hash256 h = crypto::keccak256(ByteView(pub).subspan(1));
            out << "ethereum,," << address::eip55(ByteView(h).subspan(12)) << ",ETH," << message << ",0x"
                << to_hex(compact) << ",,,\n";
        }
    }
    secp256k1_context_destroy(ctx);
}

// Raw libsecp256k1 recoveries per second with `threads` threads recovering at once (the
// same conditions as the porwatch run, on a machine that may be shared).
double recover_rate(unsigned threads)
{
    secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    const Hash256 seckey = crypto::sha256(crypto::as_bytes("limit"));
    const Hash256 digest = crypto::sha256(crypto::as_bytes("digest"));
    secp256k1_ecdsa_recoverable_signature sig;
    secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest.data(), seckey.data(), nullptr, nullptr);
    constexpr int kCount = 10000;
    std::atomic<int> ok{0};
    const auto start = Clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            secp256k1_pubkey pubkey;
            int mine = 0;
            for (int i = 0; i < kCount; ++i) mine += secp256k1_ecdsa_recover(ctx, &pubkey, &sig, digest.data());
            ok.fetch_add(mine);
        });
    }
    for (auto& thread : pool) thread.join();
    const std::chrono::duration<double> elapsed = Clock::now() - start;
    secp256k1_context_destroy(ctx);
    return ok.load() / elapsed.count();
}

// Run node on the peers script; returns its JSON line ("" when it could not run).
std::string run_peers(const std::string& source_dir, const std::string& file)
{
    const std::string script = source_dir + "/bench/peers_verify.cjs";
    const std::string tools = source_dir + "/tests/tools";
    const std::string output = file + ".peers.json";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args{"node", script, file, tools};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return "";
    int status = 0;
    waitpid(pid, &status, 0);
    std::ifstream in(output);
    std::string line;
    std::getline(in, line);
    std::filesystem::remove(output);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? line : "";
}

double json_number(const std::string& json, const std::string& key)
{
    const auto pos = json.find("\"" + key + "\":");
    return pos == std::string::npos ? 0 : std::stod(json.substr(pos + key.size() + 3));
}

}  // namespace

int bench_verify(int argc, char** argv)
{
    const std::size_t rows = argc > 2 ? std::stoul(argv[2]) : 100000;
    const std::string source_dir =
        std::filesystem::canonical("/proc/self/exe").parent_path().parent_path().parent_path();
    const std::string file = (std::filesystem::temp_directory_path() / "porwatch-bench-verify.csv").string();
    std::cout << "verify: generating " << rows << " signed rows (P2PKH, P2WPKH BIP-137; EVM EIP-191) in " << file
              << "\n";
    write_file(file, rows);
    auto entries = addressbook::load_book_file(file);
    if (!entries) {
        std::cerr << "porwatch-bench: " << entries.error().message << "\n";
        return 2;
    }
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    const double limit_before = recover_rate(cores);
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> verified{0};
    const auto start = Clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < cores; ++t) {
        pool.emplace_back([&] {
            for (std::size_t i; (i = next.fetch_add(1)) < entries->size();) {
                if (proof::verify_entry((*entries)[i], {}).status == proof::ProofStatus::verified)
                    verified.fetch_add(1);
            }
        });
    }
    for (auto& thread : pool) thread.join();
    const std::chrono::duration<double> elapsed = Clock::now() - start;
    const double ours = static_cast<double>(entries->size()) / elapsed.count();
    // The limit is measured before and after the run and averaged, so load from other
    // processes affects both figures alike.
    const double limit = (limit_before + recover_rate(cores)) / 2;
    std::cout << "  porwatch: " << verified.load() << " / " << entries->size() << " verified in " << elapsed.count()
              << " s = " << static_cast<long long>(ours) << " rows/s on " << cores << " threads\n";
    std::cout << "  limit:    libsecp256k1 ecdsa_recover " << static_cast<long long>(limit / cores) << "/s per core x "
              << cores << " cores = " << static_cast<long long>(limit) << "/s; porwatch reaches "
              << static_cast<int>(100 * ours / limit) << "%\n";
    const std::string peers = run_peers(source_dir, file);
    if (peers.empty()) {
        std::cout << "  peers:    node bench/peers_verify.cjs did not run (install tests/tools npm modules)\n";
    } else {
        const double peer_rate = json_number(peers, "rows") / json_number(peers, "seconds");
        std::cout << "  peers:    bitcoinjs-message + ethers verifyMessage (Node, 1 thread): "
                  << static_cast<long long>(json_number(peers, "ok")) << " / "
                  << static_cast<long long>(json_number(peers, "rows"))
                  << " verified = " << static_cast<long long>(peer_rate) << " rows/s\n"
                  << "  ratio:    porwatch / peers = " << ours / peer_rate << "x\n";
    }
    std::filesystem::remove(file);
    return verified.load() == entries->size() ? 0 : 1;
}

// porwatch-bench make-book verify ROWS FILE: only write the signed rows (half BIP-137 P2PKH,
// half EIP-191) for bench/scale.sh, which times `porwatch verify` and bench/limit/limit_verify
// on the same file.
int bench_make_book(int argc, char** argv)
{
    if (argc != 5) return 2;
    if (std::string(argv[2]) != "verify") return bench_make_scan_book(argc, argv);
    write_file(argv[4], std::stoul(argv[3]), RowMix::p2pkh_and_evm);
    return std::ifstream(argv[4]) ? 0 : 1;
}

}  // namespace porwatch::bench
