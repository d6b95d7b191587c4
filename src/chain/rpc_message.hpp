// The JSON-RPC 2.0 request envelope, private to src/chain (the reply side is rpc_reply.hpp; the
// RPC client sends and receives, rpc_client.cpp). Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace porwatch::chain {

// Returns: {"jsonrpc":"2.0","id":ID,"method":METHOD,"params":PARAMS}; `params` is JSON already.
std::string rpc_body(std::string_view method, std::string_view params, std::size_t id);

}  // namespace porwatch::chain
