// The line-numbered JSON document of json_doc.hpp, built from RapidJSON's SAX events.
#include "json_doc.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

namespace porwatch::liabilities::detail {
namespace {

constexpr unsigned kMaxDepth = 64;
constexpr unsigned kFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag;

// A read-only stream over the text that counts the lines it has consumed.
struct LineStream {
    using Ch = char;
    const char* begin;
    const char* current;
    const char* end;
    std::size_t line = 1;

    Ch Peek() const { return current == end ? '\0' : *current; }
    Ch Take()
    {
        if (current == end) return '\0';
        const char c = *current++;
        if (c == '\n') ++line;
        return c;
    }
    std::size_t Tell() const { return static_cast<std::size_t>(current - begin); }
    Ch* PutBegin() { return nullptr; }
    void Put(Ch) { }
    void Flush() { }
    std::size_t PutEnd(Ch*) { return 0; }
};

// Builds the tree: `stack` holds the open containers, `key` the pending member name.
struct Builder {
    LineStream& stream;
    JsonValue root;
    std::vector<JsonValue*> stack;
    std::string key;
    bool started = false;
    bool too_deep = false;

    JsonValue& add(JsonValue::Kind kind)
    {
        JsonValue value;
        value.kind = kind;
        value.line = stream.line;
        if (stack.empty()) {
            started = true;
            root = std::move(value);
            return root;
        }
        JsonValue& parent = *stack.back();
        if (parent.kind == JsonValue::Kind::array) {
            parent.items.push_back(std::move(value));
            return parent.items.back();
        }
        parent.members.push_back(JsonMember{std::move(key), std::move(value)});
        key.clear();
        return parent.members.back().second;
    }
    bool scalar(JsonValue::Kind kind, const char* s = nullptr, rapidjson::SizeType n = 0)
    {
        JsonValue& v = add(kind);
        if (s) v.text.assign(s, n);
        return true;
    }
    bool open(JsonValue::Kind kind)
    {
        if (stack.size() >= kMaxDepth) {
            too_deep = true;
            return false;
        }
        stack.push_back(&add(kind));
        return true;
    }
    bool close()
    {
        stack.pop_back();
        return true;
    }

    bool Null() { return scalar(JsonValue::Kind::null); }
    bool Bool(bool b)
    {
        scalar(JsonValue::Kind::boolean);
        (stack.empty() ? root : last()).boolean = b;
        return true;
    }
    // Numbers arrive as RawNumber (kParseNumbersAsStringsFlag); these are never called.
    bool Int(int) { return false; }
    bool Uint(unsigned) { return false; }
    bool Int64(std::int64_t) { return false; }
    bool Uint64(std::uint64_t) { return false; }
    bool Double(double) { return false; }
    bool RawNumber(const char* s, rapidjson::SizeType n, bool) { return scalar(JsonValue::Kind::number, s, n); }
    bool String(const char* s, rapidjson::SizeType n, bool) { return scalar(JsonValue::Kind::string, s, n); }
    bool Key(const char* s, rapidjson::SizeType n, bool)
    {
        key.assign(s, n);
        return true;
    }
    bool StartObject() { return open(JsonValue::Kind::object); }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool StartArray() { return open(JsonValue::Kind::array); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    JsonValue& last()
    {
        JsonValue& parent = *stack.back();
        return parent.kind == JsonValue::Kind::array ? parent.items.back() : parent.members.back().second;
    }
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view name) const
{
    for (const auto& [k, v] : members) {
        if (k == name) return &v;
    }
    return nullptr;
}

std::string at(const std::string& file, std::size_t line)
{
    return file + ":" + std::to_string(line) + ": ";
}

Result<JsonValue> parse_json(std::string_view text, const std::string& file)
{
    LineStream stream{text.data(), text.data(), text.data() + text.size()};
    Builder builder{stream, {}, {}, {}};
    rapidjson::Reader reader;
    const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, builder);
    if (builder.too_deep) {
        return Error{at(file, stream.line) + "not JSON: nested deeper than " + std::to_string(kMaxDepth) + " levels"};
    }
    if (result.IsError()) {
        return Error{at(file, stream.line) + "not JSON: " + rapidjson::GetParseError_En(result.Code())};
    }
    // The reader stops at a NUL: anything after the value but whitespace is an error.
    for (std::size_t i = stream.Tell(); i < text.size(); ++i) {
        const char c = text[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            return Error{at(file, stream.line) + "not JSON: text after the value"};
        }
    }
    return std::move(builder.root);
}

}  // namespace porwatch::liabilities::detail
