// The chain sections of porwatch.conf, private to src/config: [bitcoin] and [litecoin] (UTXO
// chains) and [ethereum] with its tokens, from the lines the Parser recorded. Pure.
#pragma once

#include "parser.hpp"

namespace porwatch::config::detail {

// Build the [bitcoin] or [litecoin] section. Fails with "FILE:LINE: …": a bad rpc_url, both
// or half of the credentials, a key out of range, no or an unknown 'network'.
Result<UtxoChainConfig> utxo_section(const Parser& p, address::Chain chain);

// Build the [ethereum] or an [evm.NAME] section (`section` is the header's text). Fails with
// "FILE:LINE: …" as utxo_section, and for a bad genesis_hash, chain_id, proofs, block, native or
// network, or a token that is malformed or repeats another token's or a native symbol.
Result<EvmChainConfig> evm_section(const Parser& p, const std::string& section);

// Build every [evm.NAME] section, in file order. Fails as evm_section, for a NAME that is not
// lower-case letters, digits and '_' (ConfigError::value), and with ConfigError::conflict for a
// chain id that is [ethereum]'s, 1, or another section's, or a network two sections read.
Result<std::vector<EvmChainConfig>> evm_sections(const Parser& p, const std::optional<EvmChainConfig>& ethereum);

}  // namespace porwatch::config::detail
