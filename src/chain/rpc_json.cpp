#include "rpc_json.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cctype>

#include "porwatch/chain/result.hpp"

namespace porwatch::chain {
namespace {

constexpr unsigned kParseFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag;

// Forwards SAX events to the Document and stops the parse past kMaxJsonDepth.
struct DepthLimited {
    rapidjson::Document& doc;
    unsigned depth = 0;
    bool too_deep = false;

    bool Null() { return doc.Null(); }
    bool Bool(bool b) { return doc.Bool(b); }
    // Never called: kParseNumbersAsStringsFlag hands every number over as RawNumber (its exact
    // text). Refusing here keeps a double (or a silently narrowed integer) off the path from a
    // node's reply to any figure even if the flags change.
    bool Int(int) { return false; }
    bool Uint(unsigned) { return false; }
    bool Int64(std::int64_t) { return false; }
    bool Uint64(std::uint64_t) { return false; }
    bool Double(double) { return false; }
    bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return doc.RawNumber(s, n, copy); }
    bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc.String(s, n, copy); }
    bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc.Key(s, n, copy); }
    bool StartObject() { return enter() && doc.StartObject(); }
    bool EndObject(rapidjson::SizeType n)
    {
        --depth;
        return doc.EndObject(n);
    }
    bool StartArray() { return enter() && doc.StartArray(); }
    bool EndArray(rapidjson::SizeType n)
    {
        --depth;
        return doc.EndArray(n);
    }

    bool enter()
    {
        if (++depth <= kMaxJsonDepth) return true;
        too_deep = true;
        return false;
    }
};

// Runs the reader for GenericDocument::Populate, which owns the value stack.
struct Generator {
    std::string_view text;
    rapidjson::ParseResult result;
    bool too_deep = false;
    std::size_t consumed = 0;

    bool operator()(rapidjson::Document& doc)
    {
        rapidjson::MemoryStream stream(text.data(), text.size());
        DepthLimited handler{doc};
        rapidjson::Reader reader;
        result = reader.Parse<kParseFlags>(stream, handler);
        too_deep = handler.too_deep;
        consumed = stream.Tell();
        return !result.IsError();
    }
};

}  // namespace

Result<std::shared_ptr<rapidjson::Document>> parse_json(std::string_view text)
{
    auto doc = std::make_shared<rapidjson::Document>();
    Generator generator{text, {}, false, 0};
    doc->Populate(generator);
    if (generator.too_deep) {
        return Error{ChainError::malformed, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
    }
    if (generator.result.IsError()) {
        return Error{ChainError::malformed, std::string("not JSON: ") +
                                                rapidjson::GetParseError_En(generator.result.Code()) + " at byte " +
                                                std::to_string(generator.result.Offset())};
    }
    // The stream reads a NUL as the end: a value followed by "\0…" is not one JSON value.
    if (generator.consumed != text.size()) {
        return Error{ChainError::malformed, "not JSON: a NUL byte at byte " + std::to_string(generator.consumed)};
    }
    return doc;
}

std::string json_quote(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static const char* kHex = "0123456789abcdef";
            out += "\\u00";
            out += kHex[(c >> 4) & 0xf];
            out += kHex[c & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

std::string_view json_text(const rapidjson::Value& value)
{
    if (!value.IsString()) return {};
    return {value.GetString(), value.GetStringLength()};
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* key)
{
    if (!object.IsObject()) return nullptr;
    const auto it = object.FindMember(key);
    return it == object.MemberEnd() ? nullptr : &it->value;
}

bool json_uint(const rapidjson::Value& value, std::uint64_t& out)
{
    const std::string_view text = json_text(value);
    if (text.empty() || text.size() > 19) return false;
    std::uint64_t v = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    out = v;
    return true;
}

bool is_hash_text(const rapidjson::Value& value, bool prefixed)
{
    std::string_view text = json_text(value);
    if (prefixed) {
        if (text.substr(0, 2) != "0x") return false;
        text.remove_prefix(2);
    }
    if (text.size() != 64) return false;
    for (const char c : text) {
        if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return false;
    }
    return true;
}

}  // namespace porwatch::chain
