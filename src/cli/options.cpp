#include "options.hpp"

#include <algorithm>
#include <cstdlib>

#include "porwatch/cli/exit_codes.hpp"

namespace porwatch::cli {

std::optional<po::variables_map> parse_options(const CommandSpec& spec, po::options_description options,
                                               const po::positional_options_description& positional, const Args& args,
                                               Streams streams, int& exit_code)
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
        streams.err << "porwatch " << spec.name << ": " << e.what() << " (usage: porwatch " << spec.name << " "
                    << spec.usage << ")\n";
        exit_code = kExitUsage;
        return std::nullopt;
    }
    return vm;
}

void deprecated(const CommandSpec& spec, std::string_view old_spelling, std::string_view new_spelling,
                std::ostream& err)
{
    err << "porwatch " << spec.name << ": " << old_spelling << " is deprecated, use " << new_spelling
        << " (accepted until the next release)\n";
}

std::string_view format_name(OutputFormat format)
{
    switch (format) {
    case OutputFormat::table: return "table";
    case OutputFormat::csv: return "csv";
    case OutputFormat::json: return "json";
    case OutputFormat::jsonl: return "jsonl";
    }
    return "table";
}

namespace {

std::string format_list(const std::vector<OutputFormat>& formats)
{
    std::string out;
    for (const auto f : formats) out += (out.empty() ? "" : ", ") + std::string(format_name(f));
    return out;
}

}  // namespace

void add_format_option(po::options_description& options, const FormatSpec& spec)
{
    options.add_options()(
        "format", po::value<std::string>(),
        ("output: " + format_list(spec.allowed) + " (default " + std::string(format_name(spec.fallback)) + ")")
            .c_str());
    if (spec.json_alias) {
        options.add_options()("json", po::bool_switch(),
                              ("deprecated: --format " + std::string(format_name(*spec.json_alias))).c_str());
    }
}

Result<OutputFormat> output_format(const po::variables_map& vm, const FormatSpec& spec, const CommandSpec& command,
                                   std::ostream& err)
{
    const bool json = spec.json_alias && vm.count("json") && vm["json"].as<bool>();
    if (json && vm.count("format")) return Error{"give --format or --json, not both (--json is deprecated)"};
    if (json) {
        deprecated(command, "--json", "--format " + std::string(format_name(*spec.json_alias)), err);
        return *spec.json_alias;
    }
    if (!vm.count("format")) return spec.fallback;
    const std::string name = vm["format"].as<std::string>();
    for (const auto f : {OutputFormat::table, OutputFormat::csv, OutputFormat::json, OutputFormat::jsonl}) {
        if (name != format_name(f)) continue;
        if (std::find(spec.allowed.begin(), spec.allowed.end(), f) == spec.allowed.end()) break;
        return f;
    }
    return Error{"--format " + name + " is not available for " + std::string(command.name) + " (" +
                 format_list(spec.allowed) + ")"};
}

std::optional<OutputFormat> chosen_format(const po::variables_map& vm, const FormatSpec& spec,
                                          const CommandSpec& command, std::ostream& err)
{
    Result<OutputFormat> format = output_format(vm, spec, command, err);
    if (format) return *format;
    err << "porwatch " << command.name << ": " << format.error().message << "\n";
    return std::nullopt;
}

void add_config_option(po::options_description& options)
{
    options.add_options()("config", po::value<std::string>(),
                          "porwatch.conf (default: $PORWATCH_CONFIG, else /etc/porwatch/porwatch.conf; - = stdin)");
}

std::string config_path(const po::variables_map& vm)
{
    if (vm.count("config")) return vm["config"].as<std::string>();
    if (const char* env = std::getenv("PORWATCH_CONFIG"); env != nullptr && *env != '\0') return env;
    return std::string(kDefaultConfigPath);
}

}  // namespace porwatch::cli
