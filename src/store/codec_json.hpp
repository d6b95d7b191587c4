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

#include "porwatch/json/reader.hpp"
#include "porwatch/json/writer.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::store::codec::detail {

using Writer = json::Writer;

inline void put(Writer& w, const char* key, std::string_view value)
{
    w.member(key, value);
}
inline void put(Writer& w, const char* key, const Units& value)
{
    w.member(key, to_string(value));
}
inline void put_u64(Writer& w, const char* key, std::uint64_t value)
{
    w.member(key, value);
}
inline void put_bool(Writer& w, const char* key, bool value)
{
    w.member(key, value);
}
inline void put_strings(Writer& w, const char* key, const std::vector<std::string>& values)
{
    w.strings_member(key, values);
}

template <typename Body> std::string render(Body body)
{
    Writer w;
    body(w);
    return w.str();
}

// Reads one object's fields; the first problem is kept, naming `where` and the field. The type
// checks and their words are json/reader.hpp's.
class Object {
public:
    Object(const rapidjson::Value& v, std::string where) : m_v(v), m_where(std::move(where))
    {
        if (!v.IsObject()) fail("", json::Problem::not_object);
    }
    std::string str(const char* key) { return read(key, json::read_string).value_or(std::string()); }
    Units units(const char* key) { return read(key, json::read_units).value_or(Units{0}); }
    std::optional<Units> optional_units(const char* key)
    {
        const auto* v = json::find(m_v, key);
        if (!v || v->IsNull()) return std::nullopt;
        return units(key);
    }
    std::uint64_t u64(const char* key) { return read(key, json::read_unsigned).value_or(0); }
    bool boolean(const char* key) { return read(key, json::read_boolean).value_or(false); }
    std::vector<std::string> strings(const char* key)
    {
        return read(key, json::read_strings).value_or(std::vector<std::string>{});
    }
    const rapidjson::Value* array(const char* key)
    {
        const auto* v = find(key);
        if (v && !v->IsArray()) fail(key, json::Problem::not_array);
        return v && v->IsArray() ? v : nullptr;
    }
    bool has(const char* key) const
    {
        const auto* v = json::find(m_v, key);
        return v != nullptr && !v->IsNull();
    }
    Status status() const { return m_error.empty() ? Status(Ok{}) : Status(Error{m_error}); }

private:
    template <typename ReadFn>
    auto read(const char* key, ReadFn read_fn) -> decltype(read_fn(std::declval<const rapidjson::Value&>()).value)
    {
        const auto* v = find(key);
        if (v == nullptr) return std::nullopt;
        auto r = read_fn(*v);
        if (!r.value) fail(key, r.problem);
        return std::move(r.value);
    }
    const rapidjson::Value* find(const char* key)
    {
        if (!m_v.IsObject()) return nullptr;
        const auto* v = json::find(m_v, key);
        if (v == nullptr) fail(key, json::Problem::missing);
        return v;
    }
    void fail(const char* key, json::Problem problem)
    {
        if (m_error.empty())
            m_error = m_where + (*key ? std::string(".") + key : "") + " " + std::string(json::describe(problem));
    }

    const rapidjson::Value& m_v;
    std::string m_where;
    std::string m_error;
};

// Apply `read(element, where)` to every element of the array `json`.
template <typename T, typename Read>
Result<std::vector<T>> parse_array(std::string_view json, const char* what, Read read)
{
    auto doc = json::parse(json, what);
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
