// BIP-322 Proof of Funds PSBT reader, private to src/proof. Pure and thread-safe.
#pragma once

#include "porwatch/util/result.hpp"
#include "tx.hpp"

namespace porwatch::proof::detail {

// Parse a finalized PSBT into to_sign (final scriptSigs and witnesses filled in) and the
// outputs its inputs spend (`spent`; input 0 spends to_spend:0 = `challenge`).
// Fails when it is not a PSBT, an input is not finalized or its spent output is unknown.
Result<Tx> parse_pof_psbt(ByteView psbt, const Tx& to_spend, const Bytes& challenge, SpentOutputs& spent);

}  // namespace porwatch::proof::detail
