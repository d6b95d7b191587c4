// Reading the config file: the only I/O of the config stage (porwatch_io). Parsing is pure
// (config.cpp).
#include "porwatch/config/config.hpp"
#include "porwatch/util/read_file.hpp"

namespace porwatch::config {

Result<Config> load_config(const std::string& path)
{
    Result<std::string> text = read_whole_file(path, "config file", /*stdin_dash=*/true);
    if (!text) return text.error();
    return parse_config(*text, path);
}

}  // namespace porwatch::config
