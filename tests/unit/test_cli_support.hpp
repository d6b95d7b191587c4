// Running a porwatch subcommand in-process for the cli tests: its exit code and what it printed.
#pragma once

#include <sstream>
#include <string>

#include "porwatch/cli/commands.hpp"

namespace porwatch::test {

struct CliRun {
    int code;
    std::string out;
    std::string err;
};

// Run `porwatch ARGS…` (args without argv[0]) through run_main.
inline CliRun run_cli(const cli::Args& args)
{
    std::ostringstream out;
    std::ostringstream err;
    const int code = cli::run_main(args, {out, err});
    return {code, out.str(), err.str()};
}

}  // namespace porwatch::test
