// json reading: the one place that parses a JSON document porwatch reads back (bundles, stored
// evidence) and checks a member's type. Callers keep their own way of collecting failures
// (bundle/json_support.hpp's Reader returns each one, store/codec_json.hpp's Object keeps the
// first), but what counts as a string, an integer or an amount, and the words that say what is
// wrong, are defined here once.
//
// Amounts are never JSON numbers: an amount is a string of decimal digits (util/amount.hpp),
// so no double is ever on the path from a document to a figure.
//
// Pure: text in memory, no I/O. Thread-safety: stateless functions.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::json {

// What is wrong with a member. The caller says where it is (file, JSON path, stored field).
enum class Problem {
    missing,  // the member is absent
    not_object,  // the value holding it is not an object
    not_string,
    not_integer,  // not a JSON integer that fits int64
    not_unsigned,  // not a JSON integer that fits uint64
    not_boolean,
    not_array,
    not_strings,  // an array holding something that is not a string
    not_decimal,  // a string, but not decimal digits that fit uint256
    not_string_or_null,
    not_integer_or_null,
};
// Returns: the words for a problem, to follow the member's name ("is not a string").
std::string_view describe(Problem problem);

// Returns: the member `key` of `object`; nullptr when `object` is not an object or has no such
// member.
const rapidjson::Value* find(const rapidjson::Value& object, const char* key);

// A value of one type, or the problem that makes it something else.
template <typename T> struct Read {
    std::optional<T> value;
    Problem problem = Problem::missing;  // meaningful only when !value
};

Read<std::string> read_string(const rapidjson::Value& v);
Read<std::int64_t> read_integer(const rapidjson::Value& v);
Read<std::uint64_t> read_unsigned(const rapidjson::Value& v);
Read<bool> read_boolean(const rapidjson::Value& v);
Read<Units> read_units(const rapidjson::Value& v);  // "12345" (decimal digits, uint256)
Read<std::vector<std::string>> read_strings(const rapidjson::Value& v);

// Parse one JSON document: iterative (no recursion however deep the input nests), UTF-8
// validated. Fails with "WHAT is not JSON (at byte N)".
Result<rapidjson::Document> parse(std::string_view text, std::string_view what);

}  // namespace porwatch::json
