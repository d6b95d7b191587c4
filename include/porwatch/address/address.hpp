// The address model: a published reserve address string → a typed, validated value.
//
// Bitcoin-family (bitcoin, litecoin) addresses become their scriptPubKey, which is what
// the chain scanners query (as raw() descriptors), so the node's own address format never
// matters. EVM addresses become 20 bytes with an EIP-55 rendering. TRON addresses
// (base58check, version byte 0x41) become the same 20-byte account.
//
// Enum values below are persisted (SQLite, JSON output) by their to_string() names;
// those names are frozen.
//
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "porwatch/util/bytes.hpp"
#include "porwatch/util/result.hpp"
#include "porwatch/util/enum_names.hpp"

namespace porwatch::address {

enum class Chain {
    bitcoin,
    litecoin,
    ethereum,
    tron
};
inline constexpr std::array kAllChains{Chain::bitcoin, Chain::litecoin, Chain::ethereum, Chain::tron};
// `test` is Bitcoin's testnet3 (Litecoin's testnet); `testnet4` is Bitcoin's testnet4 (BIP-94),
// whose addresses are encoded like testnet3's: the network of a "tb1…" string is a hint.
enum class Network {
    main,
    test,
    signet,
    regtest,
    testnet4
};
inline constexpr std::array kAllNetworks{Network::main, Network::test, Network::signet, Network::regtest,
                                         Network::testnet4};
enum class AddressType {
    p2pkh,
    p2sh,
    p2wpkh,
    p2wsh,
    p2tr,
    account
};

std::string_view to_string(Chain chain);
std::string_view to_string(Network network);
std::string_view to_string(AddressType type);
std::optional<Chain> chain_from_string(std::string_view name);
std::optional<Network> network_from_string(std::string_view name);  // frozen names only

// Parse a network name as people write it, for `chain` (case-insensitive):
//   bitcoin:  main | mainnet, test | testnet (testnet3), testnet4, signet, regtest
//   litecoin: main | mainnet, test | testnet, regtest
// Fails for any other name, and for chains without such networks (EVM, TRON), with a
// message naming the accepted names.
Result<Network> parse_network_name(Chain chain, std::string_view name);

// True for chains whose balances are UTXO sets read by scriptPubKey.
bool is_utxo_chain(Chain chain);

struct Address {
    Chain chain;
    // UTXO chains: the network the string encodes. Account chains: Network::main (the
    // chain id that matters comes from the config, not from the string).
    Network network;
    AddressType type;
    // UTXO chains: hash160 (p2pkh, p2sh) or witness program (segwit).
    // Account chains: the 20-byte account.
    Bytes payload;
    // UTXO chains: the scriptPubKey. Empty for account chains.
    Bytes script;
    // Canonical text: base58 as given, bech32 in lower case, EVM in EIP-55, TRON base58.
    std::string text;

    friend bool operator==(const Address&, const Address&) = default;
};

struct ParsedAddress {
    Address address;
    // Non-empty when the chain or network had to be guessed, e.g. a testnet base58 string
    // that bitcoin and litecoin share ("picked bitcoin; ...").
    std::string note;
};

// Parse `text` as an address. `chain` and `network` restrict (and disambiguate) it; when
// absent they are inferred from the string.
// Fails with one line naming the exact problem: bad checksum, wrong network, bad length,
// mixed-case bech32, unknown version byte, future witness version, bad EIP-55 checksum, ...
Result<ParsedAddress> parse_address(std::string_view text, std::optional<Chain> chain = std::nullopt,
                                    std::optional<Network> network = std::nullopt);

// Parse an EVM address: "0x" + 40 hex digits. Mixed case must match EIP-55; all lower or
// all upper is accepted.
Result<Address> parse_evm_address(std::string_view text);

// Returns: the EIP-55 checksummed "0x…" rendering of a 20-byte account.
std::string eip55(ByteView account20);

// Returns: the TRON base58check rendering (0x41 || account20) of a 20-byte account.
std::string tron_address(ByteView account20);

// Build the scriptPubKey of a UTXO address type from its payload.
// Precondition: payload length matches the type (20 for p2pkh/p2sh/p2wpkh, 32 for p2wsh/p2tr).
Bytes script_for(AddressType type, ByteView payload);

// Which P2SH version byte litecoin addresses are rendered with.
enum class LitecoinP2sh {
    modern,
    legacy
};  // M…/Q…  or  3…/2…

// Render a UTXO address of `type` with `payload` for `chain`/`network`.
// Precondition: a UTXO chain and a payload whose length matches the type.
std::string encode_address(Chain chain, Network network, AddressType type, ByteView payload,
                           LitecoinP2sh p2sh_style = LitecoinP2sh::modern);

}  // namespace porwatch::address
