// The chain sections of porwatch.conf, private to src/config: [bitcoin] and [litecoin] (UTXO
// chains) and [ethereum] with its tokens, from the lines the Parser recorded. Pure.
#pragma once

#include "parser.hpp"

namespace porwatch::config::detail {

// Build the [bitcoin] or [litecoin] section. Fails with "FILE:LINE: …": a bad rpc_url, both
// or half of the credentials, a key out of range, no or an unknown 'network'.
Result<UtxoChainConfig> utxo_section(const Parser& p, address::Chain chain);

// Build the [ethereum] section. Fails with "FILE:LINE: …" as utxo_section, and for a bad
// genesis_hash, chain_id, proofs or block, or a token that is malformed or repeats another
// token's or a configured chain's native symbol.
Result<EvmChainConfig> evm_section(const Parser& p);

}  // namespace porwatch::config::detail
