#include "porwatch/util/redact.hpp"

#include <algorithm>
#include <cctype>

namespace porwatch {
namespace {

bool is_scheme(std::string_view text)
{
    if (text.empty() || std::isalpha(static_cast<unsigned char>(text[0])) == 0) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
    });
}

}  // namespace

std::string redact_url(std::string_view url)
{
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos || !is_scheme(url.substr(0, scheme_end))) {
        return "<url>";
    }
    const std::string_view rest = url.substr(scheme_end + 3);
    const auto authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    // The last '@' ends the user info: passwords may contain '@' but hosts may not.
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority = authority.substr(at + 1);
    }
    if (authority.empty()) return "<url>";
    std::string out(url.substr(0, scheme_end + 3));
    out += authority;
    if (authority_end != std::string_view::npos && authority_end + 1 < rest.size()) out += "/…";
    return out;
}

}  // namespace porwatch
