// Helpers shared by the bundle file's writer (json::Writer) and reader (private to src/bundle):
// a reader whose every failure names the file and the JSON path of the bad member. The type
// checks and their words are json/reader.hpp's.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "porwatch/json/reader.hpp"
#include "porwatch/json/writer.hpp"
#include "porwatch/store/export.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/bytes.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/result.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::bundle::json_detail {

inline constexpr std::string_view kFormat = "porwatch-bundle";

inline std::string hex0x(ByteView b)
{
    return "0x" + to_hex(b);
}

// Re-serialize a sub-value, for the codec's text parsers.
inline std::string text_of(const rapidjson::Value& v)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    v.Accept(w);
    return std::string(buffer.GetString(), buffer.GetSize());
}

class Reader {
public:
    explicit Reader(std::string name) : m_name(std::move(name)) { }

    Error fail(const std::string& path, std::string_view why) const
    {
        return Error{m_name + ": " + path + " " + std::string(why)};
    }

    Result<const rapidjson::Value*> get(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        const rapidjson::Value* m = json::find(v, k);
        if (m == nullptr) return fail(path + "." + k, json::describe(json::Problem::missing));
        return m;
    }
    Result<std::string> string(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        return read(v, k, path, json::read_string);
    }
    Result<std::int64_t> integer(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        return read(v, k, path, json::read_integer);
    }
    Result<Units> units(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        return read(v, k, path, json::read_units);
    }
    Result<bool> boolean(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        return read(v, k, path, json::read_boolean);
    }
    Result<std::vector<std::string>> strings(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        return read(v, k, path, json::read_strings);
    }
    Result<const rapidjson::Value*> array(const rapidjson::Value& v, const char* k, const std::string& path) const
    {
        auto m = get(v, k, path);
        if (m && !(*m)->IsArray()) return fail(path + "." + k, json::describe(json::Problem::not_array));
        return m;
    }
    // A string member that may be null (nullopt); missing is an error.
    Result<std::optional<std::string>> optional_string(const rapidjson::Value& v, const char* k,
                                                       const std::string& path) const
    {
        return read_nullable(v, k, path, json::read_string, json::Problem::not_string_or_null);
    }
    // An integer member that may be null (nullopt); missing is an error.
    Result<std::optional<std::int64_t>> optional_integer(const rapidjson::Value& v, const char* k,
                                                         const std::string& path) const
    {
        return read_nullable(v, k, path, json::read_integer, json::Problem::not_integer_or_null);
    }
    template <typename T> Result<T> codec(Result<T> parsed, const std::string& path) const
    {
        if (!parsed) return fail(path, parsed.error().message);
        return parsed;
    }

private:
    template <typename ReadFn>
    auto read(const rapidjson::Value& v, const char* k, const std::string& path, ReadFn read_fn) const
        -> Result<std::decay_t<decltype(*read_fn(v).value)>>
    {
        auto m = get(v, k, path);
        if (!m) return m.error();
        auto r = read_fn(**m);
        if (!r.value) return fail(path + "." + k, json::describe(r.problem));
        return std::move(*r.value);
    }
    template <typename ReadFn>
    auto read_nullable(const rapidjson::Value& v, const char* k, const std::string& path, ReadFn read_fn,
                       json::Problem problem) const -> Result<std::optional<std::decay_t<decltype(*read_fn(v).value)>>>
    {
        using T = std::decay_t<decltype(*read_fn(v).value)>;
        auto m = get(v, k, path);
        if (!m) return m.error();
        if ((*m)->IsNull()) return std::optional<T>{};
        auto r = read_fn(**m);
        if (!r.value) return fail(path + "." + k, json::describe(problem));
        return std::optional<T>{std::move(*r.value)};
    }

    std::string m_name;
};

#define PW_READ(var, expr)                                                                                             \
    auto var##_r = (expr);                                                                                             \
    if (!var##_r) return var##_r.error();                                                                              \
    auto& var = *var##_r

// The "prices" member of a bundle (prices_json.cpp).
void write_prices(json::Writer& w, const std::optional<store::ExportedPrices>& prices);
// Read $.prices into out.prices (left nullopt for {"included": false}).
Status read_prices(const Reader& rd, const rapidjson::Value& doc, store::SnapshotExport& out);

}  // namespace porwatch::bundle::json_detail
