// Helpers shared by the unit tests: paths to ../shared and the fixtures, file reading
// that fails the test (never skips) when a file is missing.
#pragma once

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <sstream>
#include <string>

namespace porwatch::test {

inline std::string shared_path(const std::string& relative)
{
    return std::string(PORWATCH_SHARED_DIR) + "/" + relative;
}

inline std::string source_path(const std::string& relative)
{
    return std::string(PORWATCH_SOURCE_DIR) + "/" + relative;
}

// Returns: the whole file. A missing file fails the test: in CI nothing is skipped.
inline std::string read_text_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline rapidjson::Document parse_json(const std::string& text)
{
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    REQUIRE_MESSAGE(!doc.HasParseError(), "JSON parse error at offset " << doc.GetErrorOffset());
    return doc;
}

inline rapidjson::Document read_json_file(const std::string& path)
{
    return parse_json(read_text_file(path));
}

}  // namespace porwatch::test
