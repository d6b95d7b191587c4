// libsecp256k1 behind one RAII context, private to src/proof.
//
// The context is created once (verification only, no signing tables) and never mutated,
// so every function here is safe to call from many threads at once.
#pragma once

#include <optional>

#include "porwatch/util/bytes.hpp"

namespace porwatch::proof::detail {

// Recover the public key of a compact signature r‖s (64 bytes) with recovery id 0..3.
// Returns: the key serialized compressed (33 bytes) or uncompressed (65 bytes), or nullopt
// when r/s are out of range or no key recovers.
std::optional<Bytes> ecdsa_recover(const Hash256& digest, ByteView rs64, int recid, bool compressed);

// True when r‖s has s ≤ n/2 (EIP-2 / BIP-62 low-s).
bool is_low_s(ByteView rs64);

// Verify a strict-DER ECDSA signature (no hash type byte) by `pubkey` (33 or 65 bytes).
// Returns false on malformed DER, a malformed key, high s (LOW_S) or a bad signature.
bool ecdsa_verify_der(ByteView pubkey, ByteView der, const Hash256& digest);

// Verify a BIP-340 signature (64 bytes) by an x-only key (32 bytes).
bool schnorr_verify(ByteView xonly32, ByteView sig64, const Hash256& msg);

// BIP-341: is `output_key` (x-only) = `internal_key` + tweak·G with y parity `parity`?
bool taproot_tweak_check(ByteView output_key, int parity, ByteView internal_key, const Hash256& tweak);

}  // namespace porwatch::proof::detail
