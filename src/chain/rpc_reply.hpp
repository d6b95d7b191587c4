// JSON-RPC replies, once parsed (private to src/chain): one reply object split into its result
// or its error, and a batch reply matched to its requests by id. The transport (rpc_client.cpp)
// does the HTTP; this part is pure, so it is linked into porwatch_pure and fuzzed
// (fuzz/fuzz_rpc_reply.cpp) without curl.
//
// Ownership: an RpcValue shares its Document; `value` points into it.
// Thread-safety: pure functions.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/util/result.hpp"

namespace porwatch::chain {

// One reply (or one element of a batch reply). `value` points into `doc`.
struct RpcValue {
    std::shared_ptr<rapidjson::Document> doc;
    const rapidjson::Value* value = nullptr;  // the "result" (null JSON when absent)
    bool has_error = false;  // the reply carried a non-null "error"
    int error_code = 0;  // its "code" (clamped to ±1000000)
    std::string error_message;  // its "message", through untrusted_text()
    std::optional<std::string> error_data;  // its "data" when that is 0x-hex (revert data)

    bool is_error() const { return has_error; }
};

// Split the reply object `reply` (inside `doc`) into result / error. Never fails: a reply
// without "result" has a null value; an error's missing or out-of-range code becomes ±1000000.
RpcValue reply_value(const std::shared_ptr<rapidjson::Document>& doc, const rapidjson::Value& reply);

// True for a JSON-RPC reply: an object with "result" or "error", or an array (a batch).
bool is_jsonrpc_reply(const rapidjson::Value& value);

// Match the batch reply `doc` to `request_count` requests sent with ids 0..request_count-1:
// replies in request order. Fails (ChainError::rpc for a single error object, else
// ChainError::malformed, the message starting with `context`) when the reply is not an array
// of exactly one reply per id: a missing, unknown or repeated id, or a single object.
Result<std::vector<RpcValue>> match_batch(const std::shared_ptr<rapidjson::Document>& doc, std::size_t request_count,
                                          const std::string& context);

}  // namespace porwatch::chain
