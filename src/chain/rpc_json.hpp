// JSON for the RPC client and the typed calls (private to src/chain): hostile-input-safe
// parsing and small accessors.
//
// parse_json() never recurses on the input: RapidJSON's iterative parser
// (kParseIterativeFlag), a nesting limit of kMaxJsonDepth enforced by the SAX handler, UTF-8
// validated (kParseValidateEncodingFlag), numbers kept as their exact text
// (kParseNumbersAsStringsFlag). A reply of 160 000 nested '[' is an Error, not a stack overflow.
//
// Thread-safety: pure functions.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "porwatch/util/result.hpp"

namespace porwatch::chain {

// JSON-RPC replies porwatch reads nest 4 levels; anything near this is hostile.
constexpr unsigned kMaxJsonDepth = 64;

// Parse `text` as one JSON value. Fails (ChainError::malformed) on invalid JSON, invalid
// UTF-8, nesting deeper than kMaxJsonDepth, or bytes after the value; the message says which
// and where, never echoing the text.
Result<std::shared_ptr<rapidjson::Document>> parse_json(std::string_view text);

// Returns: the JSON text of a string, quoted and escaped.
std::string json_quote(std::string_view text);

// Returns: the exact text of a JSON number or string value (numbers are strings under
// kParseNumbersAsStringsFlag), or "" for anything else. Node text: never show it unfiltered
// (untrusted_text).
std::string_view json_text(const rapidjson::Value& value);

// Returns: member `key` of an object, or nullptr.
const rapidjson::Value* member(const rapidjson::Value& object, const char* key);

// Parse an unsigned JSON number (as text) into `out`. Returns: false when it is not one.
bool json_uint(const rapidjson::Value& value, std::uint64_t& out);

// True when `value` is a string of exactly 64 hex digits, after "0x" when `prefixed` (a block
// hash as Bitcoin Core or Ethereum nodes write it).
bool is_hash_text(const rapidjson::Value& value, bool prefixed);

}  // namespace porwatch::chain
