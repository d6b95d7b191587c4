// The Merkle-Patricia trie of Ethereum's state and storage (Yellow Paper, appendix D), for
// checking EIP-1186 proofs: does the trie with root hash R map key K to value V, or hold no K?
//
// A proof is a set of trie nodes (RLP). verify_proof() walks from R along the nibbles of K:
// every node it needs is found by its keccak256 among the given nodes (their order does not
// matter; nodes it does not need are ignored), except nodes whose encoding is under 32 bytes,
// which are embedded in their parent (inline) as the trie stores them. Branch (17 items),
// extension and leaf (2 items, hex-prefix path) nodes are handled. The walk ends in:
//   - the value: K is in the trie (a leaf whose path is the rest of K, or a branch's value);
//   - absence, proven: an empty branch slot, or a leaf/extension whose path diverges from K;
//   - an Error: a node the walk needs is not among the given ones (a tampered node never
//     hashes to its reference), or a node is not a valid trie node.
// Every Error is a proof that does not match; absence is never assumed for a missing node.
//
// build_root()/build_proof() make the trie of a key → value map, to test the verifier against
// the official TrieTests roots and in benchmarks; porwatch never trusts them for evidence.
//
// Pure. Thread-safety: functions over values; a ProofNodes is read-only once filled.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::trie {

enum class TrieError {
    missing_node,  // a node the walk needs is not in the proof (or does not hash to its reference)
    bad_node,  // not RLP, not a branch/extension/leaf, a bad hex-prefix path or reference
};
constexpr std::string_view error_domain(TrieError)
{
    return "trie";
}

// keccak256(rlp("")): the root of the empty trie (an account without storage).
extern const Hash256 kEmptyRoot;

// Proof nodes by their keccak256. One set may hold the nodes of many proofs (a bundle's pool).
class ProofNodes {
public:
    ProofNodes() = default;
    explicit ProofNodes(std::span<const Bytes> nodes) { add_all(nodes); }
    void add(ByteView node);
    void add_all(std::span<const Bytes> nodes);
    // Returns: the node whose keccak256 is `hash`, or nullptr.
    const Bytes* find(const Hash256& hash) const;
    std::size_t size() const { return m_nodes.size(); }

private:
    struct HashKey {
        std::size_t operator()(const Hash256& h) const;
    };
    std::unordered_map<Hash256, Bytes, HashKey> m_nodes;
};

// Walk the trie of root `root` along `key` using `nodes`. Returns: the value stored at `key`,
// or nullopt when the proof shows that `key` is absent. Fails when the proof does not decide
// (see above); the message says at which depth and why.
Result<std::optional<Bytes>> verify_proof(const Hash256& root, ByteView key, const ProofNodes& nodes);

// Returns: the root hash of the trie holding `entries` (no empty values).
Hash256 build_root(const std::map<Bytes, Bytes>& entries);

// Returns: the nodes a proof for `key` in the trie of `entries` consists of, root first
// (EIP-1186 order): every node on the path that is referenced by hash. `key` may be absent
// (then it is a proof of exclusion).
std::vector<Bytes> build_proof(const std::map<Bytes, Bytes>& entries, ByteView key);

}  // namespace porwatch::trie
