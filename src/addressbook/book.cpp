// Address-book files: layout detection and the summary/detail sections (pure; the loader that
// reads a file is book_file.cpp).
#include "porwatch/addressbook/book.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "porwatch/util/hex.hpp"
#include "porwatch/util/utf8.hpp"
#include "rows.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::addressbook {
namespace {

using detail::CsvRecord;

// A detail layout: its exact (normalized) header and the reader for its rows.
struct LayoutSpec {
    std::string_view name;
    FileFormat format;
    std::string_view header;
    BookEntry (*read)(const CsvRecord&, const detail::RowContext&);
};

const std::array kLayouts{
    LayoutSpec{"okx-7", FileFormat::okx, "coin,address,amount,message,signature1,signature2,redeem script/public key",
               detail::read_okx_row},
    LayoutSpec{"okx-9", FileFormat::okx,
               "coin,network,snapshot height,address,amount,message,signature1,signature2,"
               "redeem script/public key",
               detail::read_okx_row},
    LayoutSpec{"okx-11", FileFormat::okx,
               "coin,network,snapshot height,address,amount,message,signature1,signature2,"
               "redeem script/public key,eoa1,eoa2",
               detail::read_okx_row},
    LayoutSpec{"okx-12", FileFormat::okx,
               "coin,type,network,snapshot height,address,amount,message,signature1,signature2,"
               "redeem script/public key,eoa1,eoa2",
               detail::read_okx_row},
    LayoutSpec{"okx-auditor", FileFormat::okx,
               "digitalasset,network,address,signedmessage,signedmessage2,message,publickey,owner1,owner2",
               detail::read_okx_auditor_row},
    LayoutSpec{"htx", FileFormat::htx, "coin,address,snapshot height,balance,message,signature", detail::read_htx_row},
    LayoutSpec{"porwatch", FileFormat::porwatch, "chain,network,address,asset,message,signatures,script,scheme,label",
               detail::read_native_row},
};

// Summary-section headers (OKX, HTX): per-coin totals that precede the detail section.
constexpr std::array<std::string_view, 3> kSummaryHeaders{"coin,snapshot height,amount", "coin,amount",
                                                          "coin,snapshot height,balance"};

// Lower case, trimmed, "redeem script/ public key" → "redeem script/public key".
std::vector<std::string> normalize(const std::vector<std::string>& fields)
{
    std::vector<std::string> out;
    for (const auto& field : fields) {
        std::string name = detail::lower(detail::trim(field));
        for (auto pos = name.find("/ "); pos != std::string::npos; pos = name.find("/ ")) {
            name.erase(pos + 1, 1);
        }
        out.push_back(std::move(name));
    }
    return out;
}

const LayoutSpec* match_layout(const std::string& header, std::optional<FileFormat> format)
{
    for (const auto& spec : kLayouts) {
        if (spec.header == header && (!format || *format == spec.format)) return &spec;
    }
    return nullptr;
}

bool is_summary_header(const std::string& header)
{
    for (const auto summary : kSummaryHeaders) {
        if (summary == header) return true;
    }
    return false;
}

// Returns: "" when every field of `record` is valid UTF-8, else which column is not, and where.
std::string utf8_error(const CsvRecord& record, const std::vector<std::string>& names)
{
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const auto offset = first_invalid_utf8(record.fields[i]);
        if (!offset) continue;
        const auto byte = static_cast<std::uint8_t>(record.fields[i][*offset]);
        const std::string column = i < names.size() && is_valid_utf8(names[i]) ? names[i] : std::to_string(i + 1);
        return "column '" + column + "' is not valid UTF-8 (byte 0x" + to_hex(ByteView(&byte, 1)) + " at offset " +
               std::to_string(*offset) + ")";
    }
    return "";
}

struct Sections {
    const LayoutSpec* layout = nullptr;
    CsvRecord header;  // the detail header record
    std::map<std::string, std::uint64_t> summary_heights;
};

// Read records up to the next one that is not blank into `record`. Returns: false at the end.
Result<bool> next_nonblank(csv::CsvReader& reader, CsvRecord& record)
{
    while (!reader.at_end()) {
        if (auto status = reader.next(record); !status) return status.error();
        if (!record.blank()) return true;
    }
    return false;
}

// `error`, unless the rest of the text has a CSV syntax error: that one comes first, as when
// the whole file was split into records before anything else was looked at.
Error syntax_error_first(csv::CsvReader& reader, Error error)
{
    if (auto status = reader.check_rest(); !status) return status.error();
    return error;
}

// Find the detail header: the first record, or the first record after a summary section. The
// reader is left at the first detail row.
Result<Sections> find_sections(csv::CsvReader& reader, const std::string& file_name, std::optional<FileFormat> format)
{
    Sections sections;
    CsvRecord& record = sections.header;
    Result<bool> found = next_nonblank(reader, record);
    if (!found) return found.error();
    if (!*found) return Error{file_name + ": empty file, no address-book header"};
    std::string header = join(normalize(record.fields), ",");
    if (!match_layout(header, format) && is_summary_header(header)) {
        const std::size_t summary_line = record.line;
        bool blank = false;
        while (!blank && !reader.at_end()) {
            if (auto status = reader.next(record); !status) return status.error();
            blank = record.blank();
            if (blank) continue;
            const auto& f = record.fields;
            const auto height = f.size() >= 2 ? detail::parse_u64(f[1]) : std::nullopt;
            if (height) sections.summary_heights[detail::upper(f[0])] = *height;
        }
        found = blank ? next_nonblank(reader, record) : Result<bool>(false);
        if (!found) return found.error();
        if (!*found) {
            return detail::located_error(file_name, summary_line, "summary section with no detail section after it");
        }
        header = join(normalize(record.fields), ",");
    }
    sections.layout = match_layout(header, format);
    if (sections.layout == nullptr) {
        const std::string expected = format ? std::string(to_string(*format)) : "an OKX, HTX or porwatch";
        return syntax_error_first(reader, detail::located_error(file_name, record.line,
                                                                "unrecognised header '" + header + "' (expected " +
                                                                    expected + " address-book header)"));
    }
    return sections;
}

}  // namespace

std::string_view to_string(FileFormat format)
{
    switch (format) {
    case FileFormat::okx: return "okx";
    case FileFormat::htx: return "htx";
    case FileFormat::porwatch: return "porwatch";
    }
    return "unknown";
}

std::optional<FileFormat> file_format_from_string(std::string_view name)
{
    return enum_from_name(kAllFileFormats, name, [](FileFormat f) { return to_string(f); });
}

Result<FileFormat> detect_format(std::string_view text, const std::string& file_name)
{
    csv::CsvReader reader(text, file_name);
    auto sections = find_sections(reader, file_name, std::nullopt);
    if (!sections) return sections.error();
    if (auto status = reader.check_rest(); !status) return status.error();
    return sections->layout->format;
}

Result<std::vector<BookEntry>> parse_book(std::string_view text, const std::string& file_name,
                                          std::optional<FileFormat> format)
{
    // Records are read one at a time: only the entries stay, never every field of every row.
    csv::CsvReader reader(text, file_name);
    auto sections = find_sections(reader, file_name, format);
    if (!sections) return sections.error();
    const auto& header = sections->header;
    const std::vector<std::string> names = normalize(header.fields);
    const detail::Columns columns(names);
    const detail::RowContext ctx{file_name, sections->layout->format, std::string(sections->layout->name), columns,
                                 sections->summary_heights};

    std::vector<BookEntry> entries;
    // One allocation: a BookEntry is large, and regrowing moves every entry again. Each record
    // ends a line (quoted line breaks only make this an overestimate), so this is an upper bound.
    entries.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1 - header.line);
    CsvRecord record;
    while (!reader.at_end()) {
        if (auto status = reader.next(record); !status) return status.error();
        if (record.blank()) continue;
        // Fewer fields than the header is an OKX quirk (trailing empty fields omitted); more
        // non-empty fields than the header would shift columns: refuse rather than guess.
        for (std::size_t f = columns.size(); f < record.fields.size(); ++f) {
            if (!record.fields[f].empty()) {
                return syntax_error_first(
                    reader,
                    detail::located_error(file_name, record.line,
                                          std::to_string(record.fields.size()) + " fields, but the header at line " +
                                              std::to_string(header.line) + " has " + std::to_string(columns.size())));
            }
        }
        entries.push_back(sections->layout->read(record, ctx));
        entries.back().input_error = utf8_error(record, names);
    }
    return entries;
}

}  // namespace porwatch::addressbook
