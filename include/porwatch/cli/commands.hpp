// Subcommands of the porwatch binary. Each takes the arguments after its own name and
// returns a process exit code (porwatch/cli/exit_codes.hpp). Output goes to the given
// streams so that tests can capture it.
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace porwatch::cli {

struct Streams {
    std::ostream& out;
    std::ostream& err;
};

using Args = std::vector<std::string>;

struct Command {
    std::string_view name;
    std::string_view summary;
    int (*run)(const Args& args, Streams streams);
};

// Returns: every subcommand, in the order `porwatch --help` lists them.
std::span<const Command> commands();

// The whole command line, argv[0] excluded. Handles --help and --version too.
int run_main(const Args& args, Streams streams);

int run_address(const Args& args, Streams streams);
int run_scan(const Args& args, Streams streams);
int run_run(const Args& args, Streams streams);
int run_history(const Args& args, Streams streams);
int run_status(const Args& args, Streams streams);
int run_verify(const Args& args, Streams streams);
int run_alerts(const Args& args, Streams streams);
int run_report(const Args& args, Streams streams);
int run_export(const Args& args, Streams streams);
int run_check(const Args& args, Streams streams);

}  // namespace porwatch::cli
