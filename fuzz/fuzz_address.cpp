// Fuzz the address module: parse_address() on any text, unhinted and hinted with each chain.
// Invariants for every address that parses: its canonical text parses back to the same
// address, and the canonical text and script are what the renderers (encode_address,
// script_for, eip55, tron_address) make of its payload.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "fuzz_check.hpp"
#include "porwatch/address/address.hpp"

namespace {

using namespace porwatch::address;

void check_round_trip(const Address& address)
{
    // Reparse with the chain and network it was found on: hints must not change the result.
    const auto again = parse_address(address.text, address.chain, address.network);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->address == address);
    if (is_utxo_chain(address.chain)) {
        FUZZ_CHECK(address.script == script_for(address.type, address.payload));
        // Base58 keeps the version byte as given; litecoin P2SH has two (M…/Q… and 3…/2…).
        const bool rendered =
            address.text == encode_address(address.chain, address.network, address.type, address.payload) ||
            address.text ==
                encode_address(address.chain, address.network, address.type, address.payload, LitecoinP2sh::legacy);
        FUZZ_CHECK(rendered);
    } else if (address.chain == Chain::ethereum) {
        FUZZ_CHECK(address.text == eip55(address.payload));
        const auto evm = parse_evm_address(address.text);
        FUZZ_CHECK(evm.ok() && *evm == address);
    } else {
        FUZZ_CHECK(address.text == tron_address(address.payload));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto text = porwatch::fuzz::as_text(data, size);
    if (const auto parsed = parse_address(text); parsed.ok()) check_round_trip(parsed->address);
    for (const Chain chain : kAllChains) {
        if (const auto parsed = parse_address(text, chain); parsed.ok()) {
            FUZZ_CHECK(parsed->address.chain == chain);
            check_round_trip(parsed->address);
        }
        // The network names people write: a name that parses renders to a frozen name.
        if (const auto network = parse_network_name(chain, text); network.ok()) {
            FUZZ_CHECK(network_from_string(to_string(*network)) == *network);
        }
    }
    if (const auto evm = parse_evm_address(text); evm.ok()) check_round_trip(*evm);
    return 0;
}
