// porwatch-limit-verify FILE: the lower bound for `porwatch verify` on a file written by
// `porwatch-bench make-book verify` (bench/scale.sh times both as whole processes). It does
// only the work every verifier must do: read the file (whole, into one buffer), split it into
// rows, and on every core take a row, decode its base64 (BIP-137) or hex (EIP-191) signature,
// hash the message, recover the key with libsecp256k1, and compare the address (Base58Check
// decoded, or hex decoded) with the key's hash. No CSV quoting, no other layouts or schemes,
// no report. Prints `rows=N verified=N seconds=S`; exits 1 unless every row verified.
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/encoding/base58.hpp"
#include "porwatch/util/hex.hpp"

using namespace porwatch;

namespace {

// Returns: the 65 bytes of a base64 compact signature, or false on anything else.
bool base64_65(std::string_view text, std::array<std::uint8_t, 65>& out)
{
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (text.size() != 88 || text[87] != '=') return false;  // 87 digits (522 bits) and one pad
    std::size_t n = 0;
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : text.substr(0, 87)) {
        const auto v = kAlphabet.find(c);
        if (v == std::string_view::npos) return false;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n == out.size()) return false;
            out[n++] = static_cast<std::uint8_t>(acc >> bits);
        }
    }
    return n == out.size();
}

// One row of `chain,network,address,asset,message,signatures,...`: true when it verifies.
bool verify_row(const secp256k1_context* ctx, std::string_view line)
{
    std::array<std::string_view, 6> f;
    for (std::size_t i = 0, start = 0; i < f.size(); ++i) {
        const auto comma = line.find(',', start);
        if (comma == std::string_view::npos) return false;
        f[i] = line.substr(start, comma - start);
        start = comma + 1;
    }
    const bool evm = f[0] == "ethereum";
    std::array<std::uint8_t, 65> sig{};
    int recid = 0;
    Hash256 digest;
    if (evm) {
        const auto raw = from_hex(f[5], HexPrefix::allowed);
        if (!raw || raw->size() != 65) return false;
        std::copy(raw->begin(), raw->end(), sig.begin());
        recid = sig[64] - 27;
        const std::string text = "\x19"
                                 "Ethereum Signed Message:\n" +
                                 std::to_string(f[4].size()) + std::string(f[4]);
        digest = crypto::keccak256(crypto::as_bytes(text));
    } else {
        std::array<std::uint8_t, 65> raw{};
        if (!base64_65(f[5], raw) || raw[0] < 31 || raw[0] > 34) return false;  // compressed P2PKH
        recid = raw[0] - 31;
        std::copy(raw.begin() + 1, raw.end(), sig.begin());
        std::string data = "\x18"
                           "Bitcoin Signed Message:\n";
        data.push_back(static_cast<char>(f[4].size()));  // the generated messages are < 253 bytes
        data.append(f[4]);
        digest = crypto::double_sha256(crypto::as_bytes(data));
    }
    if (recid < 0 || recid > 3) return false;
    secp256k1_ecdsa_recoverable_signature rsig;
    secp256k1_pubkey pubkey;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, sig.data(), recid) ||
        !secp256k1_ecdsa_recover(ctx, &pubkey, &rsig, digest.data()))
        return false;
    std::array<std::uint8_t, 65> pub{};
    std::size_t size = evm ? 65 : 33;
    secp256k1_ec_pubkey_serialize(ctx, pub.data(), &size, &pubkey,
                                  evm ? SECP256K1_EC_UNCOMPRESSED : SECP256K1_EC_COMPRESSED);
    if (evm) {
        const auto address = from_hex(f[2], HexPrefix::allowed);
        const Hash256 h = crypto::keccak256(ByteView(pub.data() + 1, 64));
        return address && address->size() == 20 && std::equal(address->begin(), address->end(), h.begin() + 12);
    }
    const auto payload = encoding::base58check_decode(f[2]);
    const Hash160 h = crypto::hash160(ByteView(pub.data(), 33));
    return payload && payload->size() == 21 && (*payload)[0] == 0 &&
           std::equal(h.begin(), h.end(), payload->begin() + 1);
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: porwatch-limit-verify FILE\n";
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::cerr << "porwatch-limit-verify: cannot open " << argv[1] << "\n";
        return 2;
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::vector<std::string_view> rows;
    for (std::size_t pos = text.find('\n') + 1; pos > 0 && pos < text.size();) {  // skip the header
        const auto end = text.find('\n', pos);
        rows.push_back(std::string_view(text).substr(pos, (end == std::string::npos ? text.size() : end) - pos));
        pos = end == std::string::npos ? text.size() : end + 1;
    }
    secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> verified{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < std::max(1U, std::thread::hardware_concurrency()); ++t) {
        pool.emplace_back([&] {
            std::size_t mine = 0;
            for (std::size_t i; (i = next.fetch_add(1)) < rows.size();) mine += verify_row(ctx, rows[i]) ? 1 : 0;
            verified.fetch_add(mine);
        });
    }
    for (auto& thread : pool) thread.join();
    secp256k1_context_destroy(ctx);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::cout << "rows=" << rows.size() << " verified=" << verified.load() << " seconds=" << elapsed.count() << "\n";
    return verified.load() == rows.size() ? 0 : 1;
}
