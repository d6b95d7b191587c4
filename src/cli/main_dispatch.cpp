#include <array>
#include <ostream>

#include "porwatch/cli/commands.hpp"
#include "options.hpp"
#include "porwatch/cli/exit_codes.hpp"

namespace porwatch::cli {
namespace {

constexpr std::array kCommands = {
    Command{"address", "parse one address and print its chain, network, type and script", &run_address},
    Command{"scan", "one cycle: read every reserve address's balance at a pinned block", &run_scan},
    Command{"run", "the daemon: scan every interval, store history (systemd service)", &run_run},
    Command{"history", "print the stored reserve totals over time", &run_history},
    Command{"status", "print the last snapshots, last error, address counts, DB size", &run_status},
    Command{"alerts", "list alert states and the delivery log of notifications", &run_alerts},
    Command{"report", "write a self-contained HTML report of a period of the history", &run_report},
    Command{"verify", "verify the signed ownership proofs of address files", &run_verify},
    Command{"export", "write a stored snapshot as a self-contained JSON bundle", &run_export},
    Command{"check", "re-verify a bundle offline, and against your own nodes", &run_check},
    Command{"inclusion", "check your own inclusion in the exchange's published liabilities", &run_inclusion},
};

void print_usage(std::ostream& out)
{
    out << "porwatch " PORWATCH_VERSION " - watch an exchange's Proof of Reserves from outside\n\n"
        << "usage: porwatch SUBCOMMAND [OPTIONS]\n"
        << "       porwatch SUBCOMMAND --help\n"
        << "       porwatch --version\n\nsubcommands:\n";
    for (const auto& command : kCommands) {
        out << "  " << command.name << std::string(10 - command.name.size(), ' ') << command.summary << "\n";
    }
    out << "\ncommon options: --config FILE (default $PORWATCH_CONFIG, else " << kDefaultConfigPath
        << "),\n"
           "  --db FILE (readers), --format table|csv|json|jsonl, - for stdin\n"
           "\nexit codes: 0 ok, 1 verification failed, 2 usage or input error,\n"
           "            3 snapshot incomplete (scan, status), 70 internal error\n";
}

}  // namespace

std::span<const Command> commands()
{
    return kCommands;
}

int run_main(const Args& args, Streams streams)
{
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_usage(args.empty() ? streams.err : streams.out);
        return args.empty() ? kExitUsage : kExitOk;
    }
    if (args[0] == "--version" || args[0] == "-V") {
        streams.out << "porwatch " PORWATCH_VERSION "\n";
        return kExitOk;
    }
    for (const auto& command : kCommands) {
        if (command.name == args[0]) return command.run(Args(args.begin() + 1, args.end()), streams);
    }
    streams.err << "porwatch: unknown subcommand '" << args[0] << "' (see porwatch --help)\n";
    return kExitUsage;
}

}  // namespace porwatch::cli
