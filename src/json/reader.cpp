#include "porwatch/json/reader.hpp"

namespace porwatch::json {

std::string_view describe(Problem problem)
{
    switch (problem) {
    case Problem::missing: return "is missing";
    case Problem::not_object: return "is not an object";
    case Problem::not_string: return "is not a string";
    case Problem::not_integer: return "is not an integer";
    case Problem::not_unsigned: return "is not an unsigned integer";
    case Problem::not_boolean: return "is not true or false";
    case Problem::not_array: return "is not an array";
    case Problem::not_strings: return "holds a value that is not a string";
    case Problem::not_decimal: return "is not a decimal integer string";
    case Problem::not_string_or_null: return "is neither a string nor null";
    case Problem::not_integer_or_null: return "is neither an integer nor null";
    }
    return "is not valid";
}

const rapidjson::Value* find(const rapidjson::Value& object, const char* key)
{
    if (!object.IsObject()) return nullptr;
    const auto it = object.FindMember(key);
    return it == object.MemberEnd() ? nullptr : &it->value;
}

namespace {

template <typename T> Read<T> problem(Problem p)
{
    Read<T> r;
    r.problem = p;
    return r;
}

}  // namespace

Read<std::string> read_string(const rapidjson::Value& v)
{
    if (!v.IsString()) return problem<std::string>(Problem::not_string);
    return {std::string(v.GetString(), v.GetStringLength())};
}

Read<std::int64_t> read_integer(const rapidjson::Value& v)
{
    if (!v.IsInt64()) return problem<std::int64_t>(Problem::not_integer);
    return {v.GetInt64()};
}

Read<std::uint64_t> read_unsigned(const rapidjson::Value& v)
{
    if (!v.IsUint64()) return problem<std::uint64_t>(Problem::not_unsigned);
    return {v.GetUint64()};
}

Read<bool> read_boolean(const rapidjson::Value& v)
{
    if (!v.IsBool()) return problem<bool>(Problem::not_boolean);
    return {v.GetBool()};
}

Read<Units> read_units(const rapidjson::Value& v)
{
    if (!v.IsString()) return problem<Units>(Problem::not_string);
    auto units = parse_units(std::string_view(v.GetString(), v.GetStringLength()));
    if (!units) return problem<Units>(Problem::not_decimal);
    return {*units};
}

Read<std::vector<std::string>> read_strings(const rapidjson::Value& v)
{
    if (!v.IsArray()) return problem<std::vector<std::string>>(Problem::not_array);
    std::vector<std::string> out;
    out.reserve(v.Size());
    for (const auto& item : v.GetArray()) {
        if (!item.IsString()) return problem<std::vector<std::string>>(Problem::not_strings);
        out.emplace_back(item.GetString(), item.GetStringLength());
    }
    return {std::move(out)};
}

Result<rapidjson::Document> parse(std::string_view text, std::string_view what)
{
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(text.data(), text.size());
    if (doc.HasParseError())
        return Error{std::string(what) + " is not JSON (at byte " + std::to_string(doc.GetErrorOffset()) + ")"};
    return doc;
}

}  // namespace porwatch::json
