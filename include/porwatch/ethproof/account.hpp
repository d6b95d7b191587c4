// EIP-1186 account and storage proofs checked against a state root, and the ERC-20 balance
// slot they are asked for.
//
// The account of address A sits in the state trie at keccak256(A) as rlp([nonce, balance,
// storageRoot, codeHash]); a storage slot S of that account sits in its storage trie (root
// storageRoot) at keccak256(S) as rlp(value). An account or slot the proof shows absent is an
// account with nothing (balance 0, empty storage) or a zero slot: a proof of exclusion.
//
// Pure. Thread-safety: functions over values.
#pragma once

#include <cstdint>
#include <optional>

#include "porwatch/ethproof/header.hpp"
#include "porwatch/trie/trie.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::ethproof {

// keccak256 of empty code: the code hash of an account without code.
extern const Hash256 kEmptyCodeHash;

struct AccountState {
    bool exists = false;  // false: the proof shows the account is absent
    std::uint64_t nonce = 0;
    Units balance;
    Hash256 storage_root{};  // trie::kEmptyRoot when absent
    Hash256 code_hash{};  // kEmptyCodeHash when absent

    friend bool operator==(const AccountState&, const AccountState&) = default;
};

// Prove the account of `address` (20 bytes) against `state_root`. Fails (account) when the
// proof does not decide, or the leaf is not a valid account.
Result<AccountState> prove_account(const Hash256& state_root, ByteView address, const trie::ProofNodes& nodes);

// Prove the storage `slot` (32 bytes) against `storage_root`. Returns: its value (0 when the
// proof shows the slot absent). Fails (storage) when the proof does not decide, or the value is
// not a canonical RLP integer of at most 32 bytes.
Result<Units> prove_storage(const Hash256& storage_root, const Hash256& slot, const trie::ProofNodes& nodes);

// Returns: the storage slot of `holder`'s entry in a Solidity mapping(address => uint256) at
// slot `mapping_slot`: keccak256(pad32(holder) ‖ pad32(mapping_slot)).
Hash256 mapping_slot(ByteView holder, const Units& mapping_slot);

// Returns: `value` as a 32-byte big-endian word.
Hash256 to_word(const Units& value);

}  // namespace porwatch::ethproof
