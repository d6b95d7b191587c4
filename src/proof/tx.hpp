// A minimal Bitcoin transaction model for BIP-322's virtual transactions, with the three
// signature hashes the script checker needs (legacy, BIP-143 segwit v0, BIP-341 taproot).
// Private to src/proof. Values; pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "porwatch/util/bytes.hpp"

namespace porwatch::proof::detail {

struct TxIn {
    Hash256 prev_txid{};  // internal byte order
    std::uint32_t prev_index = 0;
    Bytes script_sig;
    std::uint32_t sequence = 0;
    std::vector<Bytes> witness;
};

struct TxOut {
    std::int64_t value = 0;
    Bytes script_pubkey;
};

struct Tx {
    std::int32_t version = 0;
    std::vector<TxIn> inputs;
    std::vector<TxOut> outputs;
    std::uint32_t lock_time = 0;

    bool has_witness() const;
};

enum class WithWitness {
    no,
    yes
};
Bytes serialize(const Tx& tx, WithWitness witness);
// Parse a consensus-encoded transaction (segwit marker accepted). All bytes must be used.
std::optional<Tx> deserialize_tx(ByteView data);
Hash256 txid(const Tx& tx);  // internal byte order
std::vector<Bytes> parse_witness_stack(ByteView data, bool& ok);  // CompactSize count ‖ items; all bytes used

// The outputs being spent by each input of `tx` (BIP-341 commits to all of them).
using SpentOutputs = std::vector<TxOut>;

constexpr std::uint8_t kSighashDefault = 0x00;
constexpr std::uint8_t kSighashAll = 0x01;

// Legacy (pre-segwit) SIGHASH_ALL digest of input `index` with `script_code`.
Hash256 legacy_sighash(const Tx& tx, std::size_t index, ByteView script_code);
// BIP-143 SIGHASH_ALL digest of input `index` spending `amount` with `script_code`.
Hash256 segwit_v0_sighash(const Tx& tx, std::size_t index, ByteView script_code, std::int64_t amount);
// BIP-341 digest (hash type DEFAULT or ALL only) of input `index`; `leaf_hash` set for
// script-path spends (ext_flag 1, key_version 0, codesep_pos 0xffffffff). Annex unsupported.
Hash256 taproot_sighash(const Tx& tx, std::size_t index, const SpentOutputs& spent, std::uint8_t hash_type,
                        const std::optional<Hash256>& leaf_hash);

}  // namespace porwatch::proof::detail
