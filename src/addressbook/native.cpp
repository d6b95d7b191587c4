// porwatch native rows: `chain,network,address,asset,message,signatures,script,scheme,label`
// (README "Address book format"). Chain and asset are explicit; no amounts.
#include "coins.hpp"
#include "rows.hpp"

namespace porwatch::addressbook::detail {
namespace {

std::vector<std::string> split_signatures(std::string_view field)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto bar = field.find('|', start);
        const auto part = field.substr(start, bar == std::string_view::npos ? bar : bar - start);
        if (!is_sentinel(part)) out.emplace_back(trim(part));
        if (bar == std::string_view::npos) return out;
        start = bar + 1;
    }
}

}  // namespace

BookEntry read_native_row(const CsvRecord& record, const RowContext& ctx)
{
    const auto& c = ctx.columns;
    BookEntry entry;
    entry.file = ctx.file;
    entry.line = record.line;
    entry.format = ctx.format;
    entry.layout = ctx.layout;
    entry.asset = std::string(trim(c.get(record, "asset")));
    entry.coin = entry.asset;
    entry.address_text = std::string(trim(c.get(record, "address")));
    // Message bytes are taken as written (quote the field to keep surrounding spaces).
    entry.ownership.message = std::string(c.get(record, "message"));
    entry.ownership.signatures = split_signatures(c.get(record, "signatures"));
    entry.ownership.script = unless_sentinel(c.get(record, "script"));
    entry.ownership.scheme = lower(trim(c.get(record, "scheme")));
    entry.label = std::string(c.get(record, "label"));

    const std::string chain_name = lower(trim(c.get(record, "chain")));
    const std::string network_name = std::string(trim(c.get(record, "network")));
    const auto chain = address::chain_from_string(chain_name);
    if (!chain) {
        entry.unsupported_reason = "chain '" + chain_name + "' is not supported yet";
        return entry;
    }
    entry.chain = chain;
    std::optional<address::Network> network;
    Status network_ok = Ok{};
    if (address::is_utxo_chain(*chain)) {
        if (!network_name.empty()) {
            auto named = address::parse_network_name(*chain, network_name);
            if (named)
                network = *named;
            else
                network_ok = named.error();
        }
    } else if (*chain == address::Chain::ethereum) {
        // The chain id comes from the config; the name only says whether it is that chain.
        auto evm = native_evm_network(network_name);
        if (evm)
            entry.evm_network = *evm;
        else
            network_ok = evm.error();
        network = address::Network::main;
    } else {
        network_ok = check_native_tron_network(network_name);
        network = address::Network::main;
    }
    if (!network_ok) {
        entry.address_error = network_ok.error().message;
        return entry;
    }
    // Native rows claim no amount; decimals are informational (0 when not known).
    entry.decimals = asset_decimals(entry.asset, *chain, entry.evm_network).value_or(0);
    auto parsed = address::parse_address(entry.address_text, chain, network);
    if (parsed) {
        entry.network = parsed->address.network;
        entry.address = std::move(parsed->address);
    } else {
        entry.network = network.value_or(address::Network::main);
        entry.address_error = parsed.error().message;
    }
    return entry;
}

}  // namespace porwatch::addressbook::detail
