// Internal to src/liabilities: a small JSON document that remembers the line of every value,
// so that a value that does not recompute is reported as FILE:LINE. Built from RapidJSON's SAX
// reader (json_doc.cpp is the only file of the stage that includes RapidJSON): iterative,
// nesting limited to 64, UTF-8 validated, numbers kept as their exact text (never a double).
//
// Pure. Thread-safety: values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/util/result.hpp"

namespace porwatch::liabilities::detail {

// An object's member: `first` the key, `second` the value (like a std::pair, which cannot hold
// the still incomplete JsonValue; clang rejects that).
struct JsonMember;

struct JsonValue {
    enum class Kind {
        null,
        boolean,
        number,
        string,
        array,
        object
    };
    Kind kind = Kind::null;
    std::string text;  // a string's content, or a number's exact text
    bool boolean = false;
    std::size_t line = 0;  // 1-based line where the value is (its '{' or '[' for containers)
    std::vector<JsonValue> items;  // array
    std::vector<JsonMember> members;  // object, in file order

    // Returns: the member named `key`, or nullptr (also for a non-object).
    const JsonValue* find(std::string_view key) const;
    bool is_object() const { return kind == Kind::object; }
    bool is_array() const { return kind == Kind::array; }
    bool is_string() const { return kind == Kind::string; }
    bool is_number() const { return kind == Kind::number; }
};

struct JsonMember {
    std::string first;
    JsonValue second;
};

// Parse `text` (one JSON value, nothing after it but whitespace). Fails with
// "FILE:LINE: not JSON: reason" naming the line of the error.
Result<JsonValue> parse_json(std::string_view text, const std::string& file);

// "FILE:LINE: " for messages.
std::string at(const std::string& file, std::size_t line);

}  // namespace porwatch::liabilities::detail
