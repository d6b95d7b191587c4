// RLP, Ethereum's Recursive Length Prefix encoding (Yellow Paper, appendix B).
//
// decode() is strict: it accepts exactly the canonical encoding of one item and nothing else
// (no trailing bytes, no long form where the short form fits, no length with leading zeros, no
// single byte below 0x80 wrapped in 0x81, no length past the input). The official
// RLPTests/invalidRLPTest.json vectors must all fail. Items are views into the decoded buffer:
// the buffer must outlive them.
//
// Pure. Thread-safety: functions over values.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "porwatch/util/amount.hpp"
#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::rlp {

enum class RlpError {
    truncated,  // a length points past the end of the input, or the input is empty
    non_canonical,  // a valid-looking but not canonical encoding (see above)
    trailing,  // bytes after the one item
    too_deep,  // lists nested deeper than kMaxDepth
    wrong_shape,  // a string where a list was expected, a wrong field count or size
};
constexpr std::string_view error_domain(RlpError)
{
    return "rlp";
}

// Nesting that the Ethereum structures porwatch reads never come near.
constexpr unsigned kMaxDepth = 32;

// One decoded item: a byte string (`payload`) or a list (`items`). `encoded` is the item's
// whole encoding (prefix included), e.g. to hash an embedded trie node.
struct Item {
    bool is_list = false;
    ByteView payload;  // the string's bytes (strings only)
    std::vector<Item> items;  // the list's elements (lists only)
    ByteView encoded;
};

// Decode exactly one canonical item spanning all of `data`.
Result<Item> decode(ByteView data);

// Returns: the length of the item that starts `data` (prefix + payload), checked against
// data.size(), without decoding its contents. Fails like decode() on its prefix.
Result<std::size_t> item_length(ByteView data);

// Encode a byte string.
Bytes encode_string(ByteView bytes);
// Encode an unsigned integer: big-endian without leading zeros (0 is the empty string).
Bytes encode_uint(const Units& value);
// Encode a list whose elements are already encoded.
Bytes encode_list(const std::vector<Bytes>& encoded_items);

// Read an item as an unsigned integer: a string of at most `max_bytes` bytes without leading
// zeros (canonical). Fails with wrong_shape or non_canonical.
Result<Units> to_uint(const Item& item, std::size_t max_bytes = 32);
Result<std::uint64_t> to_u64(const Item& item);

}  // namespace porwatch::rlp
