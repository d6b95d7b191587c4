// Helpers shared by the bundle file's writer and reader (private to src/bundle): members
// written with valid UTF-8 text, and a reader whose every failure names the file and the JSON
// path of the bad member.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/store/export.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/bytes.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/result.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::bundle::json_detail {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
inline constexpr std::string_view kFormat = "porwatch-bundle";

inline void key(Writer& w, const char* k) { w.Key(k); }
inline void str(Writer& w, const char* k, std::string_view v)
{
    w.Key(k);
    const std::string text = valid_utf8(v);
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}
inline void num(Writer& w, const char* k, std::int64_t v)
{
    w.Key(k);
    w.Int64(v);
}
inline void raw(Writer& w, const char* k, const std::string& json)
{
    w.Key(k);
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}
inline std::string hex0x(ByteView b) { return "0x" + to_hex(b); }

// A string member, or null when absent.
inline void optional_str(Writer& w, const char* k, const std::optional<std::string>& v)
{
    if (v) return str(w, k, *v);
    w.Key(k);
    w.Null();
}
// An integer member, or null when absent.
inline void optional_num(Writer& w, const char* k, const std::optional<std::int64_t>& v)
{
    w.Key(k);
    if (v) w.Int64(*v);
    else w.Null();
}
// An array of strings.
inline void strings(Writer& w, const char* k, const std::vector<std::string>& values)
{
    w.Key(k);
    w.StartArray();
    for (const auto& v : values) {
        const std::string text = valid_utf8(v);
        w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    }
    w.EndArray();
}

// Re-serialize a sub-value, for the codec's text parsers.
inline std::string text_of(const rapidjson::Value& v)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    v.Accept(w);
    return std::string(buffer.GetString(), buffer.GetSize());
}

class Reader {
public:
    explicit Reader(std::string name) : m_name(std::move(name)) {}

    Error fail(const std::string& path, const std::string& why) const
    {
        return Error{m_name + ": " + path + " " + why};
    }

    Result<const rapidjson::Value*> get(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        if (!v.IsObject() || !v.HasMember(k)) return fail(path + "." + k, "is missing");
        return &v[k];
    }
    Result<std::string> string(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        auto m = get(v, k, path);
        if (!m) return m.error();
        if (!(*m)->IsString()) return fail(path + "." + k, "is not a string");
        return std::string((*m)->GetString(), (*m)->GetStringLength());
    }
    Result<std::int64_t> integer(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        auto m = get(v, k, path);
        if (!m) return m.error();
        if (!(*m)->IsInt64()) return fail(path + "." + k, "is not an integer");
        return (*m)->GetInt64();
    }
    Result<Units> units(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        auto s = string(v, k, path);
        if (!s) return s.error();
        auto u = parse_units(*s);
        if (!u) return fail(path + "." + k, "is not a decimal integer string");
        return *u;
    }
    Result<const rapidjson::Value*> array(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        auto m = get(v, k, path);
        if (!m) return m.error();
        if (!(*m)->IsArray()) return fail(path + "." + k, "is not an array");
        return *m;
    }
    // A string member that may be null (nullopt); missing is an error.
    Result<std::optional<std::string>> optional_string(const rapidjson::Value& v, const char* k,
                                                       const std::string& path) const
    {
        auto m = get(v, k, path);
        if (!m) return m.error();
        if ((*m)->IsNull()) return std::optional<std::string>{};
        if (!(*m)->IsString()) return fail(path + "." + k, "is neither a string nor null");
        return std::optional<std::string>{std::string((*m)->GetString(), (*m)->GetStringLength())};
    }
    // An integer member that may be null (nullopt); missing is an error.
    Result<std::optional<std::int64_t>> optional_integer(const rapidjson::Value& v, const char* k,
                                                         const std::string& path) const
    {
        auto m = get(v, k, path);
        if (!m) return m.error();
        if ((*m)->IsNull()) return std::optional<std::int64_t>{};
        if (!(*m)->IsInt64()) return fail(path + "." + k, "is neither an integer nor null");
        return std::optional<std::int64_t>{(*m)->GetInt64()};
    }
    Result<bool> boolean(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        auto m = get(v, k, path);
        if (!m) return m.error();
        if (!(*m)->IsBool()) return fail(path + "." + k, "is not true or false");
        return (*m)->GetBool();
    }
    Result<std::vector<std::string>> strings(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        auto m = array(v, k, path);
        if (!m) return m.error();
        std::vector<std::string> out;
        for (const auto& item : (*m)->GetArray()) {
            if (!item.IsString()) return fail(path + "." + k, "holds a value that is not a string");
            out.emplace_back(item.GetString(), item.GetStringLength());
        }
        return out;
    }
    template <typename T>
    Result<T> codec(Result<T> parsed, const std::string& path) const
    {
        if (!parsed) return fail(path, parsed.error().message);
        return parsed;
    }

private:
    std::string m_name;
};

#define PW_READ(var, expr)                 \
    auto var##_r = (expr);                 \
    if (!var##_r) return var##_r.error();  \
    auto& var = *var##_r

// The "prices" member of a bundle (prices_json.cpp).
void write_prices(Writer& w, const std::optional<store::ExportedPrices>& prices);
// Read $.prices into out.prices (left nullopt for {"included": false}).
Status read_prices(const Reader& rd, const rapidjson::Value& doc, store::SnapshotExport& out);

}  // namespace porwatch::bundle::json_detail
