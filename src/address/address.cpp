// Parsing of Bitcoin-family, EVM and TRON address strings.
#include "porwatch/address/address.hpp"

#include <algorithm>
#include <vector>

#include "networks.hpp"
#include "porwatch/crypto/hash.hpp"
#include "porwatch/encoding/base58.hpp"
#include "porwatch/encoding/bech32.hpp"
#include "porwatch/util/hex.hpp"

namespace porwatch::address {
namespace {

using detail::NetworkParams;

constexpr std::uint8_t kTronVersion = 0x41;

std::string hex_byte(std::uint8_t b)
{
    return "0x" + to_hex(ByteView(&b, 1));
}

std::string describe(const NetworkParams& p)
{
    return std::string(to_string(p.chain)) + " " + std::string(to_string(p.network));
}

std::string describe_all(const std::vector<const NetworkParams*>& list)
{
    std::string out;
    for (const auto* p : list) {
        if (!out.empty()) out += ", ";
        out += describe(*p);
    }
    return out;
}

bool wanted(const NetworkParams& p, std::optional<Chain> chain, std::optional<Network> network)
{
    return (!chain || *chain == p.chain) && (!network || *network == p.network);
}

std::string ambiguity_note(const std::vector<const NetworkParams*>& fits)
{
    if (fits.size() < 2) return {};
    return "this address is valid for " + describe_all(fits) + "; picked " + describe(*fits.front()) +
           " (pass --chain and --network to choose)";
}

// Keep only the candidates the caller allows; explain a mismatch as a wrong network.
Result<std::vector<const NetworkParams*>> restrict(const std::vector<const NetworkParams*>& fits,
                                                   std::optional<Chain> chain, std::optional<Network> network)
{
    std::vector<const NetworkParams*> kept;
    for (const auto* p : fits) {
        if (wanted(*p, chain, network)) kept.push_back(p);
    }
    if (kept.empty()) {
        std::string expected = chain ? std::string(to_string(*chain)) : std::string("any chain");
        if (network) expected += " " + std::string(to_string(*network));
        return Error{"wrong network: the address is for " + describe_all(fits) + ", expected " + expected};
    }
    return kept;
}

Result<ParsedAddress> parse_segwit(std::string_view text, std::string_view hrp, std::optional<Chain> chain,
                                   std::optional<Network> network)
{
    std::vector<const NetworkParams*> fits;
    for (const auto& p : detail::all_networks()) {
        if (p.hrp == hrp) fits.push_back(&p);
    }
    auto kept = restrict(fits, chain, network);
    if (!kept) return kept.error();
    const NetworkParams& params = *kept->front();

    auto program = encoding::segwit_decode(params.hrp, text);
    if (!program) return program.error();

    AddressType type;
    const std::size_t size = program->program.size();
    if (program->version == 0) {
        type = size == 20 ? AddressType::p2wpkh : AddressType::p2wsh;
    } else if (program->version == 1 && size == 32) {
        type = AddressType::p2tr;
    } else if (program->version == 1) {
        return Error{"witness v1 program of " + std::to_string(size) +
                     " bytes is not a taproot output; no output type is defined for it"};
    } else {
        return Error{"future witness version " + std::to_string(program->version) +
                     " is not supported: no output type is defined for it yet"};
    }
    std::string canonical(text);
    std::transform(canonical.begin(), canonical.end(), canonical.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    Address address{params.chain, params.network, type, program->program, script_for(type, program->program),
                    canonical};
    return ParsedAddress{std::move(address), ambiguity_note(*kept)};
}

Result<ParsedAddress> parse_base58(std::string_view text, std::optional<Chain> chain, std::optional<Network> network)
{
    auto decoded = encoding::base58check_decode(text);
    if (!decoded) return decoded.error();
    if (decoded->size() != 21) {
        return Error{"bad length: base58check payload is " + std::to_string(decoded->size()) +
                     " bytes, an address has 21"};
    }
    const std::uint8_t version = decoded->front();
    const Bytes payload(decoded->begin() + 1, decoded->end());

    struct Fit {
        const NetworkParams* params;
        AddressType type;
    };
    std::vector<Fit> fits;
    std::vector<const NetworkParams*> fit_params;
    for (const auto& p : detail::all_networks()) {
        if (p.p2pkh_version == version) {
            fits.push_back({&p, AddressType::p2pkh});
        } else if (p.p2sh_version == version || p.p2sh_legacy_version == version) {
            fits.push_back({&p, AddressType::p2sh});
        } else {
            continue;
        }
        fit_params.push_back(&p);
    }
    if (fits.empty()) {
        if (version == kTronVersion) {
            if (chain && *chain != Chain::tron) {
                return Error{"wrong network: the address is for tron, expected " + std::string(to_string(*chain))};
            }
        }
        return Error{"unknown address version byte " + hex_byte(version)};
    }
    auto kept = restrict(fit_params, chain, network);
    if (!kept) return kept.error();
    const NetworkParams* chosen = kept->front();
    const auto fit = std::find_if(fits.begin(), fits.end(), [&](const Fit& f) { return f.params == chosen; });
    Address address{chosen->chain,    chosen->network, fit->type, payload, script_for(fit->type, payload),
                    std::string(text)};
    return ParsedAddress{std::move(address), ambiguity_note(*kept)};
}

Result<ParsedAddress> parse_tron(std::string_view text)
{
    auto decoded = encoding::base58check_decode(text);
    if (!decoded) return decoded.error();
    if (decoded->size() != 21) {
        return Error{"bad length: TRON address payload is " + std::to_string(decoded->size()) + " bytes, expected 21"};
    }
    if (decoded->front() != kTronVersion) {
        return Error{"wrong network: TRON addresses have version byte 0x41, got " + hex_byte(decoded->front())};
    }
    Bytes account(decoded->begin() + 1, decoded->end());
    Address address{Chain::tron, Network::main, AddressType::account, account, {}, std::string(text)};
    return ParsedAddress{std::move(address), {}};
}

// The lower-case text before the last '1' if it is a known segwit HRP, else empty.
std::string known_hrp(std::string_view text)
{
    const auto sep = text.rfind('1');
    if (sep == std::string_view::npos || sep == 0) return {};
    std::string hrp(text.substr(0, sep));
    std::transform(hrp.begin(), hrp.end(), hrp.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& p : detail::all_networks()) {
        if (p.hrp == hrp) return hrp;
    }
    return {};
}

}  // namespace

std::string_view to_string(Chain chain)
{
    switch (chain) {
    case Chain::bitcoin: return "bitcoin";
    case Chain::litecoin: return "litecoin";
    case Chain::ethereum: return "ethereum";
    case Chain::tron: return "tron";
    }
    return "?";
}

std::string_view to_string(Network network)
{
    switch (network) {
    case Network::main: return "main";
    case Network::test: return "test";
    case Network::signet: return "signet";
    case Network::regtest: return "regtest";
    case Network::testnet4: return "testnet4";
    }
    return "?";
}

std::string_view to_string(AddressType type)
{
    switch (type) {
    case AddressType::p2pkh: return "p2pkh";
    case AddressType::p2sh: return "p2sh";
    case AddressType::p2wpkh: return "p2wpkh";
    case AddressType::p2wsh: return "p2wsh";
    case AddressType::p2tr: return "p2tr";
    case AddressType::account: return "account";
    }
    return "?";
}

std::optional<Chain> chain_from_string(std::string_view name)
{
    return enum_from_name(kAllChains, name, [](Chain c) { return to_string(c); });
}

std::optional<Network> network_from_string(std::string_view name)
{
    return enum_from_name(kAllNetworks, name, [](Network n) { return to_string(n); });
}

Result<Network> parse_network_name(Chain chain, std::string_view name)
{
    struct Alias {
        Chain chain;
        std::string_view name;
        Network network;
    };
    static constexpr Alias kAliases[] = {
        {Chain::bitcoin, "main", Network::main},         {Chain::bitcoin, "mainnet", Network::main},
        {Chain::bitcoin, "test", Network::test},         {Chain::bitcoin, "testnet", Network::test},
        {Chain::bitcoin, "testnet4", Network::testnet4}, {Chain::bitcoin, "signet", Network::signet},
        {Chain::bitcoin, "regtest", Network::regtest},   {Chain::litecoin, "main", Network::main},
        {Chain::litecoin, "mainnet", Network::main},     {Chain::litecoin, "test", Network::test},
        {Chain::litecoin, "testnet", Network::test},     {Chain::litecoin, "regtest", Network::regtest},
    };
    std::string key(name);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string accepted;
    for (const auto& alias : kAliases) {
        if (alias.chain != chain) continue;
        if (alias.name == key) return alias.network;
        accepted += (accepted.empty() ? "" : ", ") + std::string(alias.name);
    }
    if (accepted.empty()) {
        return Error{"a " + std::string(to_string(chain)) + " row has no bitcoin-style network"};
    }
    return Error{"unknown network '" + std::string(name) + "' for " + std::string(to_string(chain)) +
                 " (accepted: " + accepted + ")"};
}

bool is_utxo_chain(Chain chain)
{
    return chain == Chain::bitcoin || chain == Chain::litecoin;
}

Bytes script_for(AddressType type, ByteView payload)
{
    Bytes script;
    const auto push = [&](std::initializer_list<std::uint8_t> bytes) {
        script.insert(script.end(), bytes.begin(), bytes.end());
    };
    const auto size = static_cast<std::uint8_t>(payload.size());
    switch (type) {
    case AddressType::p2pkh: push({0x76, 0xa9, size}); break;  // OP_DUP OP_HASH160 <20>
    case AddressType::p2sh: push({0xa9, size}); break;  // OP_HASH160 <20>
    case AddressType::p2wpkh:
    case AddressType::p2wsh: push({0x00, size}); break;  // OP_0 <program>
    case AddressType::p2tr: push({0x51, size}); break;  // OP_1 <32>
    case AddressType::account: return {};
    }
    script.insert(script.end(), payload.begin(), payload.end());
    if (type == AddressType::p2pkh) push({0x88, 0xac});  // OP_EQUALVERIFY OP_CHECKSIG
    if (type == AddressType::p2sh) push({0x87});  // OP_EQUAL
    return script;
}

std::string encode_address(Chain chain, Network network, AddressType type, ByteView payload, LitecoinP2sh p2sh_style)
{
    const NetworkParams* params = detail::find_params(chain, network);
    if (params == nullptr) return {};
    switch (type) {
    case AddressType::p2pkh:
    case AddressType::p2sh: {
        std::uint8_t version = params->p2pkh_version;
        if (type == AddressType::p2sh) {
            version = p2sh_style == LitecoinP2sh::legacy ? params->p2sh_legacy_version : params->p2sh_version;
        }
        Bytes data{version};
        data.insert(data.end(), payload.begin(), payload.end());
        return encoding::base58check_encode(data);
    }
    case AddressType::p2wpkh:
    case AddressType::p2wsh: return encoding::segwit_encode(params->hrp, 0, payload);
    case AddressType::p2tr: return encoding::segwit_encode(params->hrp, 1, payload);
    case AddressType::account: return {};
    }
    return {};
}

std::string eip55(ByteView account20)
{
    const std::string lower = to_hex(account20);
    const Hash256 hash = crypto::keccak256(crypto::as_bytes(lower));
    std::string out = "0x";
    for (std::size_t i = 0; i < lower.size(); ++i) {
        const std::uint8_t nibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f;
        const char c = lower[i];
        out.push_back(c >= 'a' && nibble >= 8 ? static_cast<char>(c - 'a' + 'A') : c);
    }
    return out;
}

std::string tron_address(ByteView account20)
{
    Bytes data{kTronVersion};
    data.insert(data.end(), account20.begin(), account20.end());
    return encoding::base58check_encode(data);
}

Result<Address> parse_evm_address(std::string_view text)
{
    if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
        return Error{"EVM address must start with 0x"};
    }
    const std::string_view digits = text.substr(2);
    if (digits.size() != 40) {
        return Error{"bad length: EVM address has " + std::to_string(digits.size()) + " hex digits, expected 40"};
    }
    auto bytes = from_hex(digits);
    if (!bytes) return Error{"EVM address: " + bytes.error().message};
    const bool has_lower = std::any_of(digits.begin(), digits.end(), [](char c) { return c >= 'a' && c <= 'f'; });
    const bool has_upper = std::any_of(digits.begin(), digits.end(), [](char c) { return c >= 'A' && c <= 'F'; });
    std::string checksummed = eip55(bytes.value());
    if (has_lower && has_upper && checksummed.substr(2) != digits) {
        return Error{"bad EIP-55 checksum: mixed-case EVM address does not match " + checksummed};
    }
    return Address{Chain::ethereum,       Network::main, AddressType::account, std::move(bytes.value()), {},
                   std::move(checksummed)};
}

Result<ParsedAddress> parse_address(std::string_view text, std::optional<Chain> chain, std::optional<Network> network)
{
    if (text.empty()) return Error{"empty address"};
    const bool looks_evm = text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    if ((chain && *chain == Chain::ethereum) || (!chain && looks_evm)) {
        auto evm = parse_evm_address(text);
        if (!evm) return evm.error();
        return ParsedAddress{std::move(evm.value()), {}};
    }
    if (looks_evm) {
        return Error{"wrong network: an EVM (0x…) address, expected " + std::string(to_string(*chain))};
    }
    if (chain && *chain == Chain::tron) return parse_tron(text);
    if (!chain && text.front() == 'T') {
        auto tron = parse_tron(text);
        // Only a string that really is a 0x41 base58check payload is taken as TRON here;
        // anything else falls through to the Bitcoin-family parser and its messages.
        if (tron) return tron;
    }
    const std::string hrp = known_hrp(text);
    if (!hrp.empty()) return parse_segwit(text, hrp, chain, network);

    auto parsed = parse_base58(text, chain, network);
    if (!parsed) {
        // A string that is not base58 but has a bech32 shape: say so, not "invalid base58".
        auto bech = encoding::bech32_decode(text);
        if (bech) return Error{"unknown bech32 human-readable part '" + bech->hrp + "'"};
    }
    return parsed;
}

}  // namespace porwatch::address
