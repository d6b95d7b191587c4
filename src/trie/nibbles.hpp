// Nibble paths and the hex-prefix encoding of trie node paths (Yellow Paper, appendix C).
// Private to src/trie. Pure.
#pragma once

#include <cstdint>
#include <vector>

#include "porwatch/rlp/rlp.hpp"
#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::trie {

using Nibbles = std::vector<std::uint8_t>;

inline Nibbles to_nibbles(ByteView key)
{
    Nibbles out;
    out.reserve(key.size() * 2);
    for (const std::uint8_t b : key) {
        out.push_back(b >> 4);
        out.push_back(b & 0x0f);
    }
    return out;
}

struct HexPrefixPath {
    Nibbles nibbles;
    bool leaf = false;
};

// Decode a leaf's or extension's path. Fails on a list, an empty string, an unknown flag, or
// a nonzero pad nibble.
inline Result<HexPrefixPath> decode_hex_prefix(const rlp::Item& item)
{
    if (item.is_list || item.payload.empty()) return Error{"a node path that is not a non-empty string"};
    const std::uint8_t flag = item.payload[0] >> 4;
    if (flag > 3) return Error{"a node path with flag " + std::to_string(flag)};
    HexPrefixPath out;
    out.leaf = flag >= 2;
    if (flag % 2 == 1) {
        out.nibbles.push_back(item.payload[0] & 0x0f);
    } else if ((item.payload[0] & 0x0f) != 0) {
        return Error{"a node path with a nonzero pad nibble"};
    }
    for (std::size_t i = 1; i < item.payload.size(); ++i) {
        out.nibbles.push_back(item.payload[i] >> 4);
        out.nibbles.push_back(item.payload[i] & 0x0f);
    }
    return out;
}

inline Bytes encode_hex_prefix(const Nibbles& nibbles, std::size_t from, bool leaf)
{
    const std::size_t n = nibbles.size() - from;
    Bytes out;
    const std::uint8_t flag = static_cast<std::uint8_t>((leaf ? 2 : 0) + (n % 2));
    std::size_t i = from;
    if (n % 2 == 1) {
        out.push_back(static_cast<std::uint8_t>(flag << 4 | nibbles[i++]));
    } else {
        out.push_back(static_cast<std::uint8_t>(flag << 4));
    }
    for (; i < nibbles.size(); i += 2) out.push_back(static_cast<std::uint8_t>(nibbles[i] << 4 | nibbles[i + 1]));
    return out;
}

}  // namespace porwatch::trie
