// Frozen enum names, defined once. A module that persists an enum by name (SQLite, JSON, alert
// keys) lists every value beside the enum as `inline constexpr std::array kAll…{…}`, spells each
// name once in its to_string() switch (the compiler's -Wswitch keeps that complete), and parses
// with enum_from_name(kAll…, name, to_string). tests/unit/test_enum_names.cpp round-trips every
// value of every such enum and checks that the names are distinct.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace porwatch {

// Returns: the value among `all` whose name (`name_of(value)`) is `name`, or nullopt.
template <typename Enum, std::size_t N, typename NameOf>
constexpr std::optional<Enum> enum_from_name(const std::array<Enum, N>& all, std::string_view name, NameOf name_of)
{
    for (const Enum value : all) {
        if (name_of(value) == name) return value;
    }
    return std::nullopt;
}

}  // namespace porwatch
