#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_recovery.h>
#include <secp256k1_schnorrsig.h>

#include <algorithm>
#include <memory>

#include "secp.hpp"

namespace porwatch::proof::detail {
namespace {

struct ContextDeleter {
    void operator()(secp256k1_context* context) const { secp256k1_context_destroy(context); }
};
using ContextPtr = std::unique_ptr<secp256k1_context, ContextDeleter>;

// One verification context for the process. Built on first use (a C++11 magic static is
// thread-safe) and only read afterwards, which libsecp256k1 documents as thread-safe.
const secp256k1_context* context()
{
    static const ContextPtr kContext(secp256k1_context_create(SECP256K1_CONTEXT_NONE));
    return kContext.get();
}

// n/2 for secp256k1, big-endian.
constexpr std::uint8_t kHalfOrder[32] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                         0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                         0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

bool parse_pubkey(ByteView bytes, secp256k1_pubkey& out)
{
    if (bytes.size() != 33 && bytes.size() != 65) return false;
    return secp256k1_ec_pubkey_parse(context(), &out, bytes.data(), bytes.size()) == 1;
}

}  // namespace

std::optional<Bytes> ecdsa_recover(const Hash256& digest, ByteView rs64, int recid, bool compressed)
{
    if (rs64.size() != 64 || recid < 0 || recid > 3) return std::nullopt;
    secp256k1_ecdsa_recoverable_signature sig;
    if (secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &sig, rs64.data(), recid) != 1) {
        return std::nullopt;
    }
    secp256k1_pubkey pubkey;
    if (secp256k1_ecdsa_recover(context(), &pubkey, &sig, digest.data()) != 1) return std::nullopt;
    Bytes out(compressed ? 33 : 65);
    std::size_t size = out.size();
    secp256k1_ec_pubkey_serialize(context(), out.data(), &size, &pubkey,
                                  compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
    return out;
}

bool is_low_s(ByteView rs64)
{
    if (rs64.size() != 64) return false;
    const auto s = rs64.subspan(32);
    return !std::lexicographical_compare(std::begin(kHalfOrder), std::end(kHalfOrder), s.begin(), s.end());
}

bool ecdsa_verify_der(ByteView pubkey, ByteView der, const Hash256& digest)
{
    secp256k1_pubkey key;
    if (!parse_pubkey(pubkey, key)) return false;
    secp256k1_ecdsa_signature sig;
    if (der.empty() || secp256k1_ecdsa_signature_parse_der(context(), &sig, der.data(), der.size()) != 1) {
        return false;
    }
    // LOW_S: a normalizable signature is high-s and is rejected, not normalized.
    secp256k1_ecdsa_signature normalized;
    if (secp256k1_ecdsa_signature_normalize(context(), &normalized, &sig) == 1) return false;
    return secp256k1_ecdsa_verify(context(), &sig, digest.data(), &key) == 1;
}

bool schnorr_verify(ByteView xonly32, ByteView sig64, const Hash256& msg)
{
    if (xonly32.size() != 32 || sig64.size() != 64) return false;
    secp256k1_xonly_pubkey key;
    if (secp256k1_xonly_pubkey_parse(context(), &key, xonly32.data()) != 1) return false;
    return secp256k1_schnorrsig_verify(context(), sig64.data(), msg.data(), msg.size(), &key) == 1;
}

bool taproot_tweak_check(ByteView output_key, int parity, ByteView internal_key, const Hash256& tweak)
{
    if (output_key.size() != 32 || internal_key.size() != 32) return false;
    secp256k1_xonly_pubkey internal;
    if (secp256k1_xonly_pubkey_parse(context(), &internal, internal_key.data()) != 1) return false;
    return secp256k1_xonly_pubkey_tweak_add_check(context(), output_key.data(), parity, &internal, tweak.data()) == 1;
}

}  // namespace porwatch::proof::detail
