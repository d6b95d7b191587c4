// A small façade over RapidJSON's Writer for CLI output, private to src/cli.
// Strings are written as UTF-8; an ill-formed sequence (input bytes that are not UTF-8) is
// written as U+FFFD, so every line porwatch prints parses as JSON. Numbers that are money are
// always strings (integer base units), never JSON numbers.
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
        const std::string clean = sanitize_utf8(value);
        m_writer.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
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
