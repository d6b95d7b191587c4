// A small façade over RapidJSON's Writer for CLI output, private to src/cli.
// Strings are written as valid UTF-8 (ill-formed bytes, e.g. from a published file, become
// U+FFFD; RapidJSON escapes control characters), so the output is always valid JSON; numbers
// that are money are always strings (integer base units), never JSON numbers.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>

#include "porwatch/util/utf8.hpp"

namespace porwatch::cli {

class JsonObjectWriter {
public:
    JsonObjectWriter() : m_writer(m_buffer) { m_writer.StartObject(); }

    JsonObjectWriter& field(std::string_view key, std::string_view value)
    {
        key_(key);
        const std::string text = valid_utf8(value);
        m_writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
        return *this;
    }
    JsonObjectWriter& field(std::string_view key, const char* value)
    {
        return field(key, std::string_view(value));
    }
    JsonObjectWriter& field(std::string_view key, long long value)
    {
        key_(key);
        m_writer.Int64(value);
        return *this;
    }
    JsonObjectWriter& field(std::string_view key, bool value)
    {
        key_(key);
        m_writer.Bool(value);
        return *this;
    }
    // A JSON number from its exact decimal digits (an integer beyond int64 stays exact).
    JsonObjectWriter& number_field(std::string_view key, std::string_view digits)
    {
        key_(key);
        m_writer.RawValue(digits.data(), digits.size(), rapidjson::kNumberType);
        return *this;
    }
    JsonObjectWriter& null_field(std::string_view key)
    {
        key_(key);
        m_writer.Null();
        return *this;
    }
    // Insert already-serialized JSON (an object or array built by another writer).
    JsonObjectWriter& raw_field(std::string_view key, std::string_view json)
    {
        key_(key);
        m_writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
        return *this;
    }

    // Returns: the finished object. Call once.
    std::string finish()
    {
        m_writer.EndObject();
        return std::string(m_buffer.GetString(), m_buffer.GetSize());
    }

private:
    void key_(std::string_view key)
    {
        m_writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    }

    rapidjson::StringBuffer m_buffer;
    rapidjson::Writer<rapidjson::StringBuffer> m_writer;
};

}  // namespace porwatch::cli
