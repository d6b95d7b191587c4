#include "porwatch/rlp/rlp.hpp"

namespace porwatch::rlp {
namespace {

struct Prefix {
    bool is_list = false;
    std::size_t header = 0;  // prefix bytes
    std::size_t length = 0;  // payload bytes
};

// Read the prefix at data[0]; every canonical-form rule that concerns the prefix is here.
Result<Prefix> read_prefix(ByteView data)
{
    if (data.empty()) return Error{RlpError::truncated, "RLP: empty input"};
    const std::uint8_t b = data[0];
    Prefix p;
    if (b < 0x80) {
        p.length = 1;  // the byte is its own payload
        return p;
    }
    p.is_list = b >= 0xc0;
    const std::uint8_t base = p.is_list ? 0xc0 : 0x80;
    if (b < base + 56) {
        p.header = 1;
        p.length = b - base;
        if (!p.is_list && p.length == 1) {
            if (data.size() < 2) return Error{RlpError::truncated, "RLP: a 1-byte string without its byte"};
            if (data[1] < 0x80) return Error{RlpError::non_canonical, "RLP: a byte below 0x80 must encode itself"};
        }
    } else {
        const std::size_t size_bytes = b - base - 55;
        if (data.size() < 1 + size_bytes) return Error{RlpError::truncated, "RLP: length of length past the end"};
        if (data[1] == 0) return Error{RlpError::non_canonical, "RLP: a length with leading zeros"};
        if (size_bytes > sizeof(std::size_t)) return Error{RlpError::truncated, "RLP: a length that does not fit"};
        std::size_t length = 0;
        for (std::size_t i = 0; i < size_bytes; ++i) length = (length << 8) | data[1 + i];
        if (length < 56) return Error{RlpError::non_canonical, "RLP: the long form for a length below 56"};
        p.header = 1 + size_bytes;
        p.length = length;
    }
    if (p.length > data.size() - p.header) {
        return Error{RlpError::truncated, "RLP: an item of " + std::to_string(p.length) + " bytes, " +
                                              std::to_string(data.size() - p.header) + " left"};
    }
    return p;
}

Result<Item> decode_at(ByteView data, unsigned depth)
{
    if (depth > kMaxDepth)
        return Error{RlpError::too_deep, "RLP: lists nested deeper than " + std::to_string(kMaxDepth)};
    auto prefix = read_prefix(data);
    if (!prefix) return prefix.error();
    Item item;
    item.is_list = prefix->is_list;
    item.encoded = data.first(prefix->header + prefix->length);
    ByteView payload = data.subspan(prefix->header, prefix->length);
    if (!item.is_list) {
        item.payload = prefix->header == 0 ? data.first(1) : payload;
        return item;
    }
    while (!payload.empty()) {
        auto child = decode_at(payload, depth + 1);
        if (!child) return child.error();
        payload = payload.subspan(child->encoded.size());
        item.items.push_back(std::move(child.value()));
    }
    return item;
}

Bytes with_prefix(std::uint8_t base, ByteView payload)
{
    Bytes out;
    const std::size_t n = payload.size();
    if (n < 56) {
        out.reserve(1 + n);
        out.push_back(static_cast<std::uint8_t>(base + n));
    } else {
        Bytes length;
        for (std::size_t v = n; v; v >>= 8) length.insert(length.begin(), static_cast<std::uint8_t>(v & 0xff));
        out.reserve(1 + length.size() + n);
        out.push_back(static_cast<std::uint8_t>(base + 55 + length.size()));
        out.insert(out.end(), length.begin(), length.end());
    }
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

}  // namespace

Result<Item> decode(ByteView data)
{
    auto item = decode_at(data, 0);
    if (!item) return item.error();
    if (item->encoded.size() != data.size()) {
        return Error{RlpError::trailing,
                     "RLP: " + std::to_string(data.size() - item->encoded.size()) + " bytes after the item"};
    }
    return item;
}

Result<std::size_t> item_length(ByteView data)
{
    auto prefix = read_prefix(data);
    if (!prefix) return prefix.error();
    return prefix->header + prefix->length;
}

Bytes encode_string(ByteView bytes)
{
    if (bytes.size() == 1 && bytes[0] < 0x80) return Bytes{bytes[0]};
    return with_prefix(0x80, bytes);
}

Bytes encode_uint(const Units& value)
{
    Bytes be;
    for (Units v = value; v != 0; v >>= 8) be.insert(be.begin(), static_cast<std::uint8_t>(v & 0xff));
    return encode_string(be);
}

Bytes encode_list(const std::vector<Bytes>& encoded_items)
{
    Bytes payload;
    std::size_t size = 0;
    for (const auto& e : encoded_items) size += e.size();
    payload.reserve(size);
    for (const auto& e : encoded_items) payload.insert(payload.end(), e.begin(), e.end());
    return with_prefix(0xc0, payload);
}

Result<Units> to_uint(const Item& item, std::size_t max_bytes)
{
    if (item.is_list) return Error{RlpError::wrong_shape, "RLP: a list where an integer was expected"};
    if (item.payload.size() > max_bytes) {
        return Error{RlpError::wrong_shape, "RLP: an integer of " + std::to_string(item.payload.size()) +
                                                " bytes (at most " + std::to_string(max_bytes) + ")"};
    }
    if (!item.payload.empty() && item.payload[0] == 0) {
        return Error{RlpError::non_canonical, "RLP: an integer with leading zero bytes"};
    }
    Units v = 0;
    for (const std::uint8_t b : item.payload) v = (v << 8) | b;
    return v;
}

Result<std::uint64_t> to_u64(const Item& item)
{
    auto v = to_uint(item, 8);
    if (!v) return v.error();
    return static_cast<std::uint64_t>(*v);
}

}  // namespace porwatch::rlp
