// `porwatch address ADDRESS [--chain C] [--network N] [--format json|jsonl|table]`
#include <iomanip>
#include <ostream>
#include <utility>
#include <vector>

#include "porwatch/json/writer.hpp"
#include "options.hpp"
#include "porwatch/address/address.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/util/hex.hpp"

namespace porwatch::cli {

int run_address(const Args& args, Streams streams)
{
    const CommandSpec spec{
        "address",
        "ADDRESS [--chain bitcoin|litecoin|ethereum|tron] [--network main|test|testnet4|signet|regtest] "
        "[--format json|jsonl|table]",
        "Parse one address and print it (by default as one JSON object): chain, network, type and the hex\n"
        "scriptPubKey for Bitcoin-family chains, or the EIP-55 form for EVM accounts.\n"
        "Without --chain the chain is inferred; an ambiguous string (e.g. a testnet base58\n"
        "address, the same for bitcoin and litecoin) picks bitcoin and says so in \"note\".\n"
        "Exit 0 when the address is valid, 2 with one line on stderr when it is not."};
    po::options_description options("options");
    std::string chain_name;
    std::string network_name;
    options.add_options()("address", po::value<std::string>()->required(), "the address to parse")(
        "chain", po::value<std::string>(&chain_name), "bitcoin, litecoin, ethereum or tron")(
        "network", po::value<std::string>(&network_name), "main, test (testnet), testnet4, signet or regtest");
    const FormatSpec formats{{OutputFormat::json, OutputFormat::jsonl, OutputFormat::table}, OutputFormat::json};
    add_format_option(options, formats);
    po::positional_options_description positional;
    positional.add("address", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, positional, args, streams, exit_code);
    if (!vm) return exit_code;
    const std::optional<OutputFormat> format = chosen_format(*vm, formats, spec, streams.err);
    if (!format) return kExitUsage;

    std::optional<address::Chain> chain;
    std::optional<address::Network> network;
    if (!chain_name.empty()) {
        chain = address::chain_from_string(chain_name);
        if (!chain) {
            streams.err << "porwatch address: unknown chain '" << chain_name << "'\n";
            return kExitUsage;
        }
    }
    if (!network_name.empty()) {
        // Bitcoin's names are a superset of Litecoin's (testnet4, signet are Bitcoin only).
        const auto named = address::parse_network_name(
            chain && *chain == address::Chain::litecoin ? address::Chain::litecoin : address::Chain::bitcoin,
            network_name);
        if (!named) {
            streams.err << "porwatch address: " << named.error().message << "\n";
            return kExitUsage;
        }
        network = *named;
    }
    const std::string text = (*vm)["address"].as<std::string>();
    const auto parsed = address::parse_address(text, chain, network);
    if (!parsed) {
        streams.err << "porwatch address: invalid address '" << text << "': " << parsed.error().message << "\n";
        return kExitUsage;
    }
    const address::Address& a = parsed->address;
    std::vector<std::pair<std::string, std::string>> fields{{"chain", std::string(address::to_string(a.chain))}};
    if (address::is_utxo_chain(a.chain)) {
        fields.insert(fields.end(), {{"network", std::string(address::to_string(a.network))},
                                     {"type", std::string(address::to_string(a.type))},
                                     {"script", to_hex(a.script)}});
    } else {
        fields.insert(fields.end(), {{"type", std::string(address::to_string(a.type))}, {"address", a.text}});
        if (a.chain == address::Chain::tron) fields.emplace_back("evm", address::eip55(a.payload));
    }
    if (!parsed->note.empty()) fields.emplace_back("note", parsed->note);
    if (*format == OutputFormat::table) {
        for (const auto& [key, value] : fields) streams.out << std::left << std::setw(9) << key << value << "\n";
        return kExitOk;
    }
    json::ObjectWriter json;
    for (const auto& [key, value] : fields) json.member(key, value);
    streams.out << json.finish() << "\n";
    return kExitOk;
}

}  // namespace porwatch::cli
