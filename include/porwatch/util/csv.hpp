// RFC 4180 CSV records with their physical line numbers, plus the small text helpers the
// address-book layouts and the liabilities tables share.
//
// Thread-safety: pure functions over values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/util/result.hpp"

namespace porwatch::csv {

struct CsvRecord {
    std::size_t line = 0;  // 1-based physical line where the record starts
    std::vector<std::string> fields;  // unquoted fields trimmed of spaces/tabs; quoted ones exact
    // True for an empty line, or one whose fields are all empty: the section separator.
    bool blank() const;
};

// Reads the records of `text` one at a time, so that a caller needs to keep only the record it
// works on (an address book of 1M rows would otherwise hold every field of every row as a
// string at once). Same grammar and errors as read_csv. Holds views into `text` and a
// reference to `file_name`: both must outlive the reader. Not thread-safe (one cursor).
class CsvReader {
public:
    // A leading UTF-8 BOM is skipped.
    CsvReader(std::string_view text, const std::string& file_name);

    bool at_end() const { return m_pos >= m_text.size(); }

    // Read the next record into `record`, replacing its fields (their vector's capacity is
    // reused). Precondition: !at_end(). Fails (naming file_name:line) on an unterminated quote
    // or text between a closing quote and the next comma; the reader is then unusable.
    Status next(CsvRecord& record);

    // Read the rest of the text. Returns: its first syntax error, else Ok. Callers use it to
    // report a syntax error anywhere in the file before their own errors, as read_csv does.
    Status check_rest();

private:
    bool at_line_end() const;
    void skip_line_end();
    Status read_quoted(std::string& field);

    std::string_view m_text;
    const std::string& m_file;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

// Split `text` into records. Accepts a leading UTF-8 BOM, LF or CRLF line ends, quoted fields
// with commas, doubled quotes and line breaks. Fails (naming file_name:line) on an
// unterminated quote or text between a closing quote and the next comma.
Result<std::vector<CsvRecord>> read_csv(std::string_view text, const std::string& file_name);

// Returns: `text` without leading/trailing spaces and tabs.
std::string_view trim(std::string_view text);

// Returns: ASCII lower-case copy.
std::string lower(std::string_view text);

// Returns: ASCII upper-case copy.
std::string upper(std::string_view text);

// True for the published "no value" markers: "", "-", "null" (any case), "\N".
bool is_sentinel(std::string_view field);

// Returns: the decimal digits of `text` as a number; nullopt for anything else or overflow.
std::optional<std::uint64_t> parse_u64(std::string_view text);

// Returns: "file:line: message".
Error located_error(const std::string& file_name, std::size_t line, const std::string& message);

}  // namespace porwatch::csv
