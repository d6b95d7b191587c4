// The one command-line grammar of every subcommand, private to src/cli (Boost.Program_options):
//   --format table|csv|json|jsonl   output (each subcommand names the ones it can print)
//   --config FILE                   default $PORWATCH_CONFIG, else /etc/porwatch/porwatch.conf
//   --db FILE                       readers: the database instead of the config's `database`
//   -                               stdin, wherever a file is read
// Old spellings (`--json`, `verify --format okx`) are accepted for one release with a
// deprecation notice on stderr. A new subcommand uses parse_options, add_format_option /
// output_format and add_config_option / config_path (or history_options.hpp's
// add_database_options / open_database for a reader).
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

#include "porwatch/cli/commands.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::cli {

namespace po = boost::program_options;

struct CommandSpec {
    std::string_view name;  // "address"
    std::string_view usage;  // "ADDRESS [--chain C] [--network N]"
    std::string_view description;  // a paragraph printed under usage in --help
};

// Parse `args` against `options` (plus --help) and `positional`.
// Returns: the variables map, or std::nullopt with `exit_code` set: 0 after printing --help,
// 2 after printing a one-line usage error to streams.err.
std::optional<po::variables_map> parse_options(const CommandSpec& spec, po::options_description options,
                                               const po::positional_options_description& positional, const Args& args,
                                               Streams streams, int& exit_code);

// Print "porwatch NAME: OLD is deprecated, use NEW (accepted until the next release)" to `err`.
void deprecated(const CommandSpec& spec, std::string_view old_spelling, std::string_view new_spelling,
                std::ostream& err);

// ---- --format -------------------------------------------------------------------------------

enum class OutputFormat {
    table,
    csv,
    json,
    jsonl
};
std::string_view format_name(OutputFormat format);

struct FormatSpec {
    explicit FormatSpec(std::vector<OutputFormat> allowed_formats, OutputFormat default_format = OutputFormat::table,
                        std::optional<OutputFormat> json_means = std::nullopt)
        : allowed(std::move(allowed_formats)), fallback(default_format), json_alias(json_means)
    { }

    std::vector<OutputFormat> allowed;  // what this subcommand prints
    OutputFormat fallback;  // without --format
    std::optional<OutputFormat> json_alias;  // the deprecated --json means this; nullopt: no --json
};

// Add --format (and the deprecated --json when spec.json_alias is set) to `options`.
void add_format_option(po::options_description& options, const FormatSpec& spec);

// The chosen format. Fails (a usage error, message printed by the caller) on a name that is not
// one of spec.allowed ("--format csv is not available for status (table, json, jsonl)").
// Prints the deprecation notice for --json.
Result<OutputFormat> output_format(const po::variables_map& vm, const FormatSpec& spec, const CommandSpec& command,
                                   std::ostream& err);

// output_format for a subcommand that prints its own usage errors the common way: on failure,
// prints "porwatch NAME: MESSAGE" to `err` and returns nullopt (the caller exits kExitUsage).
std::optional<OutputFormat> chosen_format(const po::variables_map& vm, const FormatSpec& spec,
                                          const CommandSpec& command, std::ostream& err);

// ---- --config -------------------------------------------------------------------------------

inline constexpr std::string_view kDefaultConfigPath = "/etc/porwatch/porwatch.conf";

// Add --config FILE (not required: see config_path).
void add_config_option(po::options_description& options);

// Returns: --config when given, else $PORWATCH_CONFIG when set and not empty, else
// /etc/porwatch/porwatch.conf (as bitcoind reads its bitcoin.conf from the datadir).
std::string config_path(const po::variables_map& vm);

}  // namespace porwatch::cli
