// Reading an address-book file: the only I/O of the addressbook stage (porwatch_io).
#include "porwatch/addressbook/book.hpp"
#include "porwatch/util/read_file.hpp"

namespace porwatch::addressbook {

Result<std::vector<BookEntry>> load_book_file(const std::string& path, std::optional<FileFormat> format)
{
    // "-" is stdin (`porwatch verify -`); messages say why a file could not be read.
    Result<std::string> text = read_whole_file(path, "address book", /*stdin_dash=*/true);
    if (!text) return text.error();
    return parse_book(*text, path, format);
}

}  // namespace porwatch::addressbook
