#include "book_options.hpp"

#include <regex>

#include "porwatch/util/amount.hpp"
#include "porwatch/util/duration.hpp"

namespace porwatch::config {

Result<unsigned> parse_max_age_days(std::string_view text)
{
    // The one duration syntax; a message's date is a day, so the age is whole days.
    const auto seconds = parse_duration_seconds(text);
    constexpr std::int64_t kDay = 86400;
    if (!seconds || *seconds % kDay != 0 || *seconds < kDay || *seconds > 100000 * kDay) {
        return Error{ConfigError::value,
                     "message_max_age must be whole days from 1d to 100000d (400d, 2w, or seconds that are whole "
                     "days), got '" +
                         std::string(text) + "'"};
    }
    return static_cast<unsigned>(*seconds / kDay);
}

namespace detail {

std::optional<std::string> book_section_path(std::string_view section)
{
    constexpr std::string_view kPrefix = "book ";
    if (section.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    std::string_view rest = section.substr(kPrefix.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (rest.size() < 3 || rest.front() != '"' || rest.back() != '"') return std::string();
    const std::string_view path = rest.substr(1, rest.size() - 2);
    if (path.find('"') != std::string_view::npos) return std::string();
    return std::string(path);
}

Status apply_book_key(BookOptions& book, std::string_view key, const std::string& value)
{
    if (key == "message") {
        try {
            const std::regex compiled(value, std::regex::ECMAScript);  // validation only
            static_cast<void>(compiled);
        } catch (const std::regex_error& e) {
            return Error{ConfigError::value,
                         "message '" + value + "' is not an ECMAScript regular expression: " + e.what()};
        }
        book.message = value;
        return Ok{};
    }
    if (key == "message_max_age") {
        const auto days = parse_max_age_days(value);
        if (!days) return days.error();
        book.message_max_age_days = *days;
        return Ok{};
    }
    return Error{ConfigError::unknown, "unknown key '" + std::string(key) + "' in section [book \"" + book.path +
                                           "\"] (message, message_max_age)"};
}

}  // namespace detail
}  // namespace porwatch::config
