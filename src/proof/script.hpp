// A small, strict Bitcoin Script evaluator for the scripts ownership proofs use, private to
// src/proof. It runs pushes, OP_IF/NOTIF/ELSE/ENDIF, stack and hash ops, CHECKSIG(VERIFY),
// CHECKMULTISIG(VERIFY), CHECKSIGADD, CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY under
// BIP-322's required rules (SIGHASH_ALL/DEFAULT only, LOW_S, STRICTENC, NULLFAIL,
// MINIMALDATA, MINIMALIF, CLEANSTACK, NULLDUMMY, no CODESEPARATOR). Any other opcode is an
// "unsupported script" failure: porwatch never passes what it cannot evaluate.
// Pure and thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "porwatch/util/result.hpp"
#include "tx.hpp"

namespace porwatch::proof::detail {

enum class SigVersion {
    base,
    witness_v0,
    tapscript
};

// What the signature checks of input `index` need.
struct SpendContext {
    const Tx& tx;
    std::size_t index;
    const SpentOutputs& spent;
    std::optional<Hash256> leaf_hash;  // tapscript: the executing leaf
};

using Stack = std::vector<Bytes>;

// Run `script` on `stack`. Fails with the reason ("unsupported script opcode 0x..",
// "signature check failed", "non-minimal push", ...).
Status eval_script(Stack& stack, ByteView script, SigVersion version, const SpendContext& context);

// Verify input `index` of `tx` against spent[index].script_pubkey with its scriptSig and
// witness (P2PKH, P2SH, P2WPKH, P2WSH, P2SH-wrapped segwit, P2TR key and script path).
Status verify_input(const Tx& tx, std::size_t index, const SpentOutputs& spent);

bool cast_to_bool(const Bytes& value);

// `OP_m <key>… OP_n OP_CHECKMULTISIG` with 1 ≤ m ≤ n ≤ 16 and 33/65-byte keys.
struct MultisigScript {
    int m = 0;
    std::vector<Bytes> keys;
};
std::optional<MultisigScript> parse_multisig(ByteView script);

}  // namespace porwatch::proof::detail
