// Shared option parsing for subcommands (Boost.Program_options), private to src/cli.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <ostream>

#include "porwatch/cli/commands.hpp"

namespace porwatch::cli {

namespace po = boost::program_options;

struct CommandSpec {
    std::string_view name;           // "address"
    std::string_view usage;          // "ADDRESS [--chain C] [--network N]"
    std::string_view description;    // a paragraph printed under usage in --help
};

// Parse `args` against `options` (plus --help) and `positional`.
// Returns: the variables map, or std::nullopt with `exit_code` set: 0 after printing --help,
// 2 after printing a one-line usage error to streams.err.
std::optional<po::variables_map> parse_options(const CommandSpec& spec,
                                               po::options_description options,
                                               const po::positional_options_description& positional,
                                               const Args& args, Streams streams, int& exit_code);

}  // namespace porwatch::cli
