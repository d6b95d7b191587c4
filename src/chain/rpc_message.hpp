// The JSON-RPC 2.0 envelope, private to src/chain: a request body, and a reply split into
// its result and error (no transport: the RPC client sends and receives, rpc_client.cpp).
// Node text in an error goes through untrusted_text(). Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "rpc_client.hpp"

namespace porwatch::chain {

// Returns: {"jsonrpc":"2.0","id":ID,"method":METHOD,"params":PARAMS}; `params` is JSON already.
std::string rpc_body(std::string_view method, std::string_view params, std::size_t id);

// Split a reply object into result / error.
RpcValue to_value(const std::shared_ptr<rapidjson::Document>& doc, const rapidjson::Value& reply);

// A JSON-RPC reply: an object with "result" or "error" (or an array of them for a batch).
bool is_jsonrpc_reply(const rapidjson::Value& v);

}  // namespace porwatch::chain
