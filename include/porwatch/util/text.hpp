// Joining and splitting lists of names (assets, members, reasons): the one implementation every
// stage uses. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace porwatch {

// Returns: `items` separated by `separator` ("" for no items).
std::string join(const std::vector<std::string>& items, std::string_view separator);

// Returns: the pieces of `text` between each `separator`: always at least one ("" → {""},
// "a," → {"a", ""}). The views point into `text`.
std::vector<std::string_view> split(std::string_view text, char separator);

// Returns: the items of a list written by join(items, separator): none for "" (the inverse of
// join for lists whose items are never empty).
std::vector<std::string> split_list(std::string_view text, char separator);

}  // namespace porwatch
