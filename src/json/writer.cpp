// json::Writer over RapidJSON's Writer (see porwatch/json/writer.hpp).
#include "porwatch/json/writer.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "porwatch/util/utf8.hpp"

namespace porwatch::json {

struct Writer::Impl {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer{buffer};
};

namespace {

rapidjson::SizeType size_of(std::string_view text)
{
    return static_cast<rapidjson::SizeType>(text.size());
}

}  // namespace

Writer::Writer() : m_impl(std::make_unique<Impl>()) { }
Writer::~Writer() = default;
Writer::Writer(Writer&&) noexcept = default;
Writer& Writer::operator=(Writer&&) noexcept = default;

Writer& Writer::begin_object()
{
    m_impl->writer.StartObject();
    return *this;
}
Writer& Writer::end_object()
{
    m_impl->writer.EndObject();
    return *this;
}
Writer& Writer::begin_array()
{
    m_impl->writer.StartArray();
    return *this;
}
Writer& Writer::end_array()
{
    m_impl->writer.EndArray();
    return *this;
}
Writer& Writer::key(std::string_view name)
{
    const std::string text = valid_utf8(name);
    m_impl->writer.Key(text.data(), size_of(text));
    return *this;
}
Writer& Writer::string(std::string_view text)
{
    const std::string valid = valid_utf8(text);
    m_impl->writer.String(valid.data(), size_of(valid));
    return *this;
}
Writer& Writer::int64(std::int64_t value)
{
    m_impl->writer.Int64(value);
    return *this;
}
Writer& Writer::uint64(std::uint64_t value)
{
    m_impl->writer.Uint64(value);
    return *this;
}
Writer& Writer::boolean(bool value)
{
    m_impl->writer.Bool(value);
    return *this;
}
Writer& Writer::null()
{
    m_impl->writer.Null();
    return *this;
}
Writer& Writer::number(std::string_view digits)
{
    m_impl->writer.RawValue(digits.data(), digits.size(), rapidjson::kNumberType);
    return *this;
}
Writer& Writer::raw(std::string_view json)
{
    m_impl->writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    return *this;
}
Writer& Writer::strings_member(std::string_view name, const std::vector<std::string>& texts)
{
    key(name).begin_array();
    for (const auto& t : texts) string(t);
    return end_array();
}

std::string Writer::str() const
{
    return std::string(m_impl->buffer.GetString(), m_impl->buffer.GetSize());
}

}  // namespace porwatch::json
