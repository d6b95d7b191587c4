// The JSON writer and reader helpers of the evidence codec (evidence_codec.cpp,
// evidence_codec_evm.cpp), private to src/store: fields written with json::Writer, and an
// Object reader that keeps the first problem, naming the field. Pure.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/json/writer.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::store::codec::detail {

using Writer = json::Writer;

inline void put(Writer& w, const char* key, std::string_view value) { w.member(key, value); }
inline void put(Writer& w, const char* key, const Units& value) { w.member(key, to_string(value)); }
inline void put_u64(Writer& w, const char* key, std::uint64_t value) { w.member(key, value); }
inline void put_bool(Writer& w, const char* key, bool value) { w.member(key, value); }
inline void put_strings(Writer& w, const char* key, const std::vector<std::string>& values)
{
    w.strings_member(key, values);
}

template <typename Body>
std::string render(Body body)
{
    Writer w;
    body(w);
    return w.str();
}

// Reads one object's fields; the first problem is kept, naming `where` and the field.
class Object {
public:
    Object(const rapidjson::Value& v, std::string where) : m_v(v), m_where(std::move(where))
    {
        if (!v.IsObject()) fail("", "is not an object");
    }
    std::string str(const char* key)
    {
        const auto* v = find(key);
        if (v && !v->IsString()) fail(key, "is not a string");
        return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
    }
    Units units(const char* key)
    {
        const std::string text = str(key);
        auto u = parse_units(text);
        if (!u && m_error.empty() && find(key)) fail(key, "is not a decimal integer");
        return u ? *u : Units{0};
    }
    std::optional<Units> optional_units(const char* key)
    {
        const auto* v = find(key, /*required=*/false);
        if (!v || v->IsNull()) return std::nullopt;
        return units(key);
    }
    std::uint64_t u64(const char* key)
    {
        const auto* v = find(key);
        if (v && !v->IsUint64()) fail(key, "is not an unsigned integer");
        return v && v->IsUint64() ? v->GetUint64() : 0;
    }
    bool boolean(const char* key)
    {
        const auto* v = find(key);
        if (v && !v->IsBool()) fail(key, "is not true or false");
        return v && v->IsBool() && v->GetBool();
    }
    std::vector<std::string> strings(const char* key)
    {
        std::vector<std::string> out;
        const auto* v = find(key);
        if (!v) return out;
        if (!v->IsArray()) {
            fail(key, "is not an array");
            return out;
        }
        for (const auto& s : v->GetArray()) {
            if (!s.IsString()) fail(key, "holds a value that is not a string");
            else out.emplace_back(s.GetString(), s.GetStringLength());
        }
        return out;
    }
    const rapidjson::Value* array(const char* key)
    {
        const auto* v = find(key);
        if (v && !v->IsArray()) fail(key, "is not an array");
        return v && v->IsArray() ? v : nullptr;
    }
    bool has(const char* key) const { return m_v.IsObject() && m_v.HasMember(key) && !m_v[key].IsNull(); }
    Status status() const { return m_error.empty() ? Status(Ok{}) : Status(Error{m_error}); }

private:
    const rapidjson::Value* find(const char* key, bool required = true)
    {
        if (!m_v.IsObject()) return nullptr;
        const auto it = m_v.FindMember(key);
        if (it == m_v.MemberEnd()) {
            if (required) fail(key, "is missing");
            return nullptr;
        }
        return &it->value;
    }
    void fail(const char* key, const std::string& why)
    {
        if (m_error.empty()) m_error = m_where + (*key ? std::string(".") + key : "") + " " + why;
    }

    const rapidjson::Value& m_v;
    std::string m_where;
    std::string m_error;
};

inline Result<rapidjson::Document> parse(std::string_view json, const char* what)
{
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError()) return Error{std::string(what) + " is not JSON (offset " + std::to_string(doc.GetErrorOffset()) + ")"};
    return doc;
}

// Apply `read(element, where)` to every element of the array `json`.
template <typename T, typename Read>
Result<std::vector<T>> parse_array(std::string_view json, const char* what, Read read)
{
    auto doc = parse(json, what);
    if (!doc) return doc.error();
    if (!doc->IsArray()) return Error{std::string(what) + " is not an array"};
    std::vector<T> out;
    for (rapidjson::SizeType i = 0; i < doc->Size(); ++i) {
        auto item = read((*doc)[i], std::string(what) + "[" + std::to_string(i) + "]");
        if (!item) return item.error();
        out.push_back(std::move(item.value()));
    }
    return out;
}

}  // namespace porwatch::store::codec::detail
