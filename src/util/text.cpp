#include "porwatch/util/text.hpp"

namespace porwatch {

std::string join(const std::vector<std::string>& items, std::string_view separator)
{
    std::string out;
    for (const auto& item : items) {
        if (&item != &items.front()) out += separator;
        out += item;
    }
    return out;
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    for (;;) {
        const auto pos = text.find(separator);
        parts.push_back(text.substr(0, pos));
        if (pos == std::string_view::npos) return parts;
        text.remove_prefix(pos + 1);
    }
}

std::vector<std::string> split_list(std::string_view text, char separator)
{
    std::vector<std::string> out;
    if (text.empty()) return out;
    for (const std::string_view part : split(text, separator)) out.emplace_back(part);
    return out;
}

}  // namespace porwatch
