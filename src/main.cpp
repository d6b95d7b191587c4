// porwatch: watches an exchange's Proof of Reserves from outside.
// The one top-level catch: anything thrown here is a programmer error (exit 70).
#include <exception>
#include <iostream>

#include "porwatch/cli/commands.hpp"
#include "porwatch/cli/exit_codes.hpp"

int main(int argc, char** argv)
{
    try {
        porwatch::cli::Args args(argv + 1, argv + argc);
        return porwatch::cli::run_main(args, {std::cout, std::cerr});
    } catch (const std::exception& e) {
        std::cerr << "porwatch: internal error: " << e.what() << "\n";
        return porwatch::cli::kExitInternal;
    }
}
