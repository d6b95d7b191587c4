// json::Writer: the one way porwatch writes JSON (CLI output, bundles, stored evidence, alert
// payloads). RapidJSON does the writing behind it (src/json/writer.cpp); no other module
// writes JSON by hand.
//
// Invariants of every document written here:
//  - strings are valid UTF-8: ill-formed bytes (from a published file, a node's reply) become
//    U+FFFD, and control characters are escaped, so the output is always valid JSON;
//  - money is never a JSON number from a double: amounts are written as strings of integer base
//    units by the callers, or as exact decimal digits with number() / number_member();
//  - members come in the order they are written (outputs are stable for diffs and tests).
// Misuse (a value without a key inside an object, an unbalanced end) is a programming error,
// caught by RapidJSON's assertions in debug builds.
//
// Pure: text in memory, no I/O. Thread-safety: one Writer per thread.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace porwatch::json {

class Writer {
public:
    Writer();
    ~Writer();
    Writer(Writer&&) noexcept;
    Writer& operator=(Writer&&) noexcept;

    Writer& begin_object();
    Writer& end_object();
    Writer& begin_array();
    Writer& end_array();
    Writer& key(std::string_view name);

    // Values (in an array, or after key()).
    Writer& string(std::string_view text);  // as valid UTF-8
    Writer& int64(std::int64_t value);
    Writer& uint64(std::uint64_t value);
    Writer& boolean(bool value);
    Writer& null();
    // A JSON number from its exact decimal digits ("-12", "340282366920938463463374607431768211456").
    Writer& number(std::string_view digits);
    // An already-serialized JSON value (object, array, string, …), inserted as is.
    Writer& raw(std::string_view json);

    // Members: key and value in one call.
    Writer& member(std::string_view name, std::string_view text) { return key(name).string(text); }
    Writer& member(std::string_view name, const char* text) { return key(name).string(text); }
    Writer& member(std::string_view name, const std::string& text) { return key(name).string(text); }
    Writer& member(std::string_view name, bool value) { return key(name).boolean(value); }
    template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>) Writer& member(std::string_view name, T value)
    {
        key(name);
        if constexpr (std::is_signed_v<T>)
            return int64(static_cast<std::int64_t>(value));
        else
            return uint64(static_cast<std::uint64_t>(value));
    }
    // A string, or null when absent.
    Writer& member(std::string_view name, const std::optional<std::string>& text)
    {
        return text ? member(name, *text) : null_member(name);
    }
    // An integer, or null when absent.
    template <std::integral T> Writer& member(std::string_view name, const std::optional<T>& value)
    {
        return value ? member(name, *value) : null_member(name);
    }
    Writer& null_member(std::string_view name) { return key(name).null(); }
    Writer& number_member(std::string_view name, std::string_view digits) { return key(name).number(digits); }
    Writer& raw_member(std::string_view name, std::string_view json) { return key(name).raw(json); }
    // An array of strings.
    Writer& strings_member(std::string_view name, const std::vector<std::string>& texts);

    // Returns: the document written so far (complete once every begin has its end).
    std::string str() const;
    // Ends the outermost object (begun by ObjectWriter) and returns the document. Call once.
    std::string finish()
    {
        end_object();
        return str();
    }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// A Writer already inside one object: members, then finish().
class ObjectWriter : public Writer {
public:
    ObjectWriter() { begin_object(); }
};

}  // namespace porwatch::json
