#include "options.hpp"

#include "porwatch/cli/exit_codes.hpp"

namespace porwatch::cli {

std::optional<po::variables_map> parse_options(const CommandSpec& spec,
                                               po::options_description options,
                                               const po::positional_options_description& positional,
                                               const Args& args, Streams streams, int& exit_code)
{
    options.add_options()("help,h", "print this help and exit");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
        if (vm.count("help")) {
            streams.out << "usage: porwatch " << spec.name << " " << spec.usage << "\n\n"
                        << spec.description << "\n\n"
                        << options << "\n";
            exit_code = kExitOk;
            return std::nullopt;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        streams.err << "porwatch " << spec.name << ": " << e.what() << " (usage: porwatch "
                    << spec.name << " " << spec.usage << ")\n";
        exit_code = kExitUsage;
        return std::nullopt;
    }
    return vm;
}

}  // namespace porwatch::cli
