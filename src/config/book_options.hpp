// `[book "PATH"]` sections of porwatch.conf, private to src/config: the section name and its
// keys (message, message_max_age), validated one by one. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "porwatch/config/config.hpp"

namespace porwatch::config::detail {

// Returns: PATH for a section named `book "PATH"`; "" for a malformed book section
// (`book PATH`, an embedded quote); nullopt when the section is not a book section.
std::optional<std::string> book_section_path(std::string_view section);

// Validate and store `key = value` in `book`. Fails with the reason (the caller adds FILE:LINE):
// an unknown key, a pattern that is not ECMAScript, or a bad message_max_age.
Status apply_book_key(BookOptions& book, std::string_view key, const std::string& value);

}  // namespace porwatch::config::detail
