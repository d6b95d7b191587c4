// The full block header over JSON-RPC (private to src/chain): eth_getBlockByHash's object
// read into an ethproof::BlockHeader, field by field under the names nodes use (geth,
// Nethermind, Erigon, anvil). Which optional fields are present decides the header's fork;
// the hash check (ethproof::check_header) decides whether they are the right ones.
#pragma once

#include <rapidjson/document.h>

#include <string>

#include "porwatch/ethproof/header.hpp"
#include "rpc_client.hpp"

namespace porwatch::chain::evm {

// Read a block object's header fields. Fails (malformed) naming the first missing or bad field.
Result<ethproof::BlockHeader> header_from_json(const rapidjson::Value& block);

struct VerifiedHeader {
    ethproof::BlockHeader header;
    Bytes rlp;  // the header's RLP, which hashes to the block hash
};

// eth_getBlockByHash(hash, false) from `rpc`, checked: keccak256(rlp(header)) == `hash`.
// Fails (malformed, or ChainError::proof when the header does not hash to `hash`), naming the
// endpoint.
Result<VerifiedHeader> eth_get_verified_header(RpcClient& rpc, const std::string& hash);

}  // namespace porwatch::chain::evm
