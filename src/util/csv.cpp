// RFC 4180 reader with physical line numbers (see csv.hpp).
#include "porwatch/util/csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace porwatch::csv {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_blank_char(char c)
{
    return c == ' ' || c == '\t';
}

}  // namespace

CsvReader::CsvReader(std::string_view text, const std::string& file_name) : m_text(text), m_file(file_name)
{
    if (m_text.substr(0, kUtf8Bom.size()) == kUtf8Bom) m_text.remove_prefix(kUtf8Bom.size());
}

bool CsvReader::at_line_end() const
{
    return m_pos >= m_text.size() || m_text[m_pos] == '\n' ||
           (m_text[m_pos] == '\r' && (m_pos + 1 >= m_text.size() || m_text[m_pos + 1] == '\n'));
}

void CsvReader::skip_line_end()
{
    if (m_pos < m_text.size() && m_text[m_pos] == '\r') ++m_pos;
    if (m_pos < m_text.size() && m_text[m_pos] == '\n') ++m_pos;
    ++m_line;
}

Status CsvReader::next(CsvRecord& record)
{
    record.line = m_line;
    record.fields.clear();
    for (;;) {
        std::string field;
        std::size_t start = m_pos;
        while (start < m_text.size() && is_blank_char(m_text[start])) ++start;
        if (start < m_text.size() && m_text[start] == '"') {
            m_pos = start + 1;
            auto status = read_quoted(field);
            if (!status) return status;
        } else {
            while (m_pos < m_text.size() && m_text[m_pos] != ',' && !at_line_end()) ++m_pos;
            field = std::string(trim(m_text.substr(start, m_pos - start)));
        }
        record.fields.push_back(std::move(field));
        if (m_pos < m_text.size() && m_text[m_pos] == ',') {
            ++m_pos;
            continue;
        }
        skip_line_end();
        return Ok{};
    }
}

// After the opening quote: reads to the closing quote, then allows only blanks before
// the next comma or line end.
Status CsvReader::read_quoted(std::string& field)
{
    const std::size_t open_line = m_line;
    for (;;) {
        if (m_pos >= m_text.size()) {
            return located_error(m_file, open_line, "unterminated quoted field");
        }
        const char c = m_text[m_pos++];
        if (c == '"') {
            if (m_pos < m_text.size() && m_text[m_pos] == '"') {
                field += '"';
                ++m_pos;
                continue;
            }
            break;
        }
        if (c == '\n') ++m_line;
        field += c;
    }
    while (m_pos < m_text.size() && is_blank_char(m_text[m_pos])) ++m_pos;
    if (m_pos < m_text.size() && m_text[m_pos] != ',' && !at_line_end()) {
        return located_error(m_file, m_line, "unexpected text after a closing quote");
    }
    return Ok{};
}

Status CsvReader::check_rest()
{
    CsvRecord record;
    while (!at_end()) {
        if (auto status = next(record); !status) return status;
    }
    return Ok{};
}

bool CsvRecord::blank() const
{
    return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return f.empty(); });
}

Result<std::vector<CsvRecord>> read_csv(std::string_view text, const std::string& file_name)
{
    CsvReader reader(text, file_name);
    std::vector<CsvRecord> records;
    while (!reader.at_end()) {
        CsvRecord record;
        if (auto status = reader.next(record); !status) return status.error();
        records.push_back(std::move(record));
    }
    return records;
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && is_blank_char(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank_char(text.back())) text.remove_suffix(1);
    return text;
}

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool is_sentinel(std::string_view field)
{
    const auto t = trim(field);
    return t.empty() || t == "-" || lower(t) == "null" || t == "\\N";
}

std::optional<std::uint64_t> parse_u64(std::string_view text)
{
    std::uint64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
    return value;
}

Error located_error(const std::string& file_name, std::size_t line, const std::string& message)
{
    return Error{file_name + ":" + std::to_string(line) + ": " + message};
}

}  // namespace porwatch::csv
