#include <cstring>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/ethproof/account.hpp"
#include "porwatch/rlp/rlp.hpp"
#include "porwatch/util/hex.hpp"

namespace porwatch::ethproof {

const Hash256 kEmptyCodeHash = crypto::keccak256(ByteView{});

Result<AccountState> prove_account(const Hash256& state_root, ByteView address, const trie::ProofNodes& nodes)
{
    const std::string who = "account 0x" + to_hex(address);
    if (address.size() != 20) return Error{ProofError::shape, who + ": not 20 bytes"};
    const Hash256 key = crypto::keccak256(address);
    auto found = trie::verify_proof(state_root, key, nodes);
    if (!found) return Error{ProofError::account, who + ": " + found.error().message};
    AccountState out;
    out.storage_root = trie::kEmptyRoot;
    out.code_hash = kEmptyCodeHash;
    if (!*found) return out;  // proof of exclusion: nothing there
    auto leaf = rlp::decode(**found);
    if (!leaf || !leaf->is_list || leaf->items.size() != 4 || leaf->items[2].is_list || leaf->items[3].is_list ||
        leaf->items[2].payload.size() != 32 || leaf->items[3].payload.size() != 32) {
        return Error{ProofError::account,
                     who + ": the proof's leaf is not an account [nonce, balance, storageRoot, codeHash]"};
    }
    auto nonce = rlp::to_u64(leaf->items[0]);
    auto balance = rlp::to_uint(leaf->items[1]);
    if (!nonce || !balance)
        return Error{ProofError::account, who + ": the proof's account has a malformed nonce or balance"};
    out.exists = true;
    out.nonce = *nonce;
    out.balance = *balance;
    std::memcpy(out.storage_root.data(), leaf->items[2].payload.data(), 32);
    std::memcpy(out.code_hash.data(), leaf->items[3].payload.data(), 32);
    return out;
}

Result<Units> prove_storage(const Hash256& storage_root, const Hash256& slot, const trie::ProofNodes& nodes)
{
    const std::string which = "storage slot 0x" + to_hex(slot);
    auto found = trie::verify_proof(storage_root, crypto::keccak256(slot), nodes);
    if (!found) return Error{ProofError::storage, which + ": " + found.error().message};
    if (!*found) return Units{0};
    auto item = rlp::decode(**found);
    if (!item) return Error{ProofError::storage, which + ": the proof's value is not RLP"};
    auto value = rlp::to_uint(*item);
    if (!value || *value == 0) {
        return Error{ProofError::storage, which + ": the proof's value is not a nonzero canonical 32-byte integer"};
    }
    return *value;
}

Hash256 to_word(const Units& value)
{
    Hash256 w{};
    Units v = value;
    for (std::size_t i = 32; i-- > 0 && v != 0; v >>= 8) w[i] = static_cast<std::uint8_t>(v & 0xff);
    return w;
}

Hash256 mapping_slot(ByteView holder, const Units& slot)
{
    Bytes preimage(64, 0);
    std::memcpy(preimage.data() + 32 - holder.size(), holder.data(), holder.size());
    const Hash256 s = to_word(slot);
    std::memcpy(preimage.data() + 32, s.data(), 32);
    return crypto::keccak256(preimage);
}

}  // namespace porwatch::ethproof
