// ASCII case folding for asset symbols and network names, private to src/snapshot.
#pragma once

#include <string>

namespace porwatch::snapshot::detail {

// Returns: `s` with a-z in upper case (symbols compare case-insensitively: "usdt" is USDT).
inline std::string upper(std::string s)
{
    for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return s;
}

}  // namespace porwatch::snapshot::detail
