// The node format OKX's Merkle-era files share (okx.hpp has the formulas), private to
// src/liabilities: a balances object, a parent's rounded sums and hash, and the messages.
// Used by okx.cpp (the full tree) and okx_user.cpp (a user's proof and user files), which
// take the namespace okx_node whole. Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "json_doc.hpp"
#include "porwatch/liabilities/okx.hpp"

namespace porwatch::liabilities::okx_node {

using detail::JsonValue;

// Returns: Error `code` with "FILE:LINE: what".
Error fail(LiabilityError code, const std::string& file, std::size_t line, const std::string& what);

// One unit of the 8th decimal place at kOkxScale.
extern const Units kRoundUnit;

// Returns: the lower-case hex SHA-256 of `text`.
std::string sha256_hex(std::string_view text);

// Returns: true when `text` is 64 lower-case hex digits.
bool is_lower_hash(std::string_view text);

// Returns: true when every coin of `b` is zero.
bool is_zero(const OkxBalances& b);

// Returns: "BTC x, ETH y, USDT z" for messages.
std::string describe(const OkxBalances& b);

// A balances object: exactly the string members BTC, ETH, USDT, each a plain decimal with at
// most kOkxScale decimals. `line` names where it is.
Result<OkxBalances> parse_balances(const JsonValue& value, const std::string& file, std::size_t line);

// Returns the rounded sums and the parent hash of (left, right) at `parent_height`.
std::pair<OkxBalances, std::string> combine(const std::string& left_hash, const OkxBalances& left,
                                            const std::string& right_hash, const OkxBalances& right,
                                            unsigned parent_height);

// Returns: member `key` of `object` as a string. Fails (malformed) when absent or not a string.
Result<std::string> string_member(const JsonValue& object, std::string_view key, const std::string& file);

}  // namespace porwatch::liabilities::okx_node
