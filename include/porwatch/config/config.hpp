// porwatch's configuration file: INI, documented key by key in config/porwatch.conf.example.
//
// Lexical rules: `[section]` headers, `key = value` lines (key and unquoted value trimmed);
// a '#' at the start of a line or after whitespace starts a comment, any other '#' is data.
// A value may be double-quoted ("…", with \" and \\ as escapes) so that '#', leading and
// trailing spaces are data: rpc_url = "http://u:pa#ss@127.0.0.1:8332/".
//
// Every key is validated here, and a bad key or value is reported as "FILE:LINE: …". Secrets
// are never in this file: passwords and cookies are read from files by the chain module at
// connect time (only their paths are here).
//
// Sections [alerts], [daemon], [store], [metrics] and [liabilities] belong to later stages; their keys are kept as raw,
// line-numbered values in Config::extra for those stages to validate (see parse_section()).
//
// Pure except load_config(), which reads the file. Thread-safety: values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/ethproof/select.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::config {

// The kind of a config failure, carried by every Error of parse_config (Error::is /
// code_as<ConfigError>()); the message names the file and line. A file that cannot be read is
// util's FileError. Match on the kind, never on the message.
enum class ConfigError {
    syntax,  // a line that is neither [section] nor key = value; a bad quote
    unknown,  // a section or key porwatch does not know
    repeated,  // a section, key, feed, bound or max_age given twice
    value,  // a value of the wrong form or out of range
    missing,  // a section needs a key (rpc_url, feed) or another section ([ethereum])
    conflict,  // keys that cannot go together, or a key naming what is not configured
};
constexpr std::string_view error_domain(ConfigError)
{
    return "config";
}

// How porwatch authenticates to a node. At most one of cookie file / user+password file; URL
// userinfo (http://user:pass@host) is a third way and is redacted in every message.
struct RpcAuth {
    std::string cookie_file;
    std::string user;
    std::string password_file;
};

// Transport limits shared by every chain section.
struct RpcLimits {
    unsigned connect_timeout_s = 5;
    unsigned rpc_timeout_s = 60;  // whole call; scantxoutset needs far more (see below)
    unsigned retries = 3;  // transport errors and -28 warm-up, with backoff
    std::size_t max_response_bytes = 64u << 20;
    // The whole scan of one chain (every endpoint, retry and chunk): calls are cut at this
    // deadline and the chain fails. The daemon's watchdog heartbeat covers a scan this long.
    // Never below rpc_timeout. [ethereum] 1800; [bitcoin]/[litecoin] 10800.
    unsigned scan_timeout_s = 1800;
};

// [bitcoin] / [litecoin]
struct UtxoChainConfig {
    address::Chain chain = address::Chain::bitcoin;
    address::Network network = address::Network::main;
    std::vector<std::string> rpc_urls;
    RpcAuth auth;
    RpcLimits limits;
    // Endpoints that must answer (and agree) for a complete chain; 0 = every endpoint.
    unsigned quorum = 0;
    unsigned confirmations = 1;
    // Descriptors per scantxoutset call. Each call is one full pass over the UTXO set
    // (minutes on mainnet), so fewer, larger chunks are faster; all chunks must see one tip.
    std::size_t scan_chunk_size = kDefaultScanChunkSize;
    unsigned pin_retries = 3;  // rescans when the tip moved during a scan

    static constexpr std::size_t kDefaultScanChunkSize = 50000;
};

struct TokenConfig {
    std::string symbol;  // "USDT"
    address::Address contract;
    unsigned decimals = 0;  // checked against decimals() on chain
    // `:slot=N`: the storage slot of the token's balance mapping(address => uint256) (USDT 2,
    // Solidity ERC-20s usually 0). With it, holders' balances are proven from the contract's
    // storage against the state root; without it, they are `unproven` (balanceOf's word).
    std::optional<Units> balance_slot;
    // `:mask=0x…`: the bits of the slot's word that hold the balance (USDC keeps a blacklist
    // flag in the top bit: mask=0x7fff…ff). Only with a slot.
    std::optional<Units> balance_mask;
};

// Which block an EVM section reads: latest − confirmations, or the node's `finalized` or
// `safe` block tag (confirmations then unused).
enum class EvmBlock {
    latest,
    finalized,
    safe
};

// [ethereum] (chain id 1), and every [evm.NAME] (another EVM chain: Arbitrum, BSC, …).
struct EvmChainConfig {
    // "" for [ethereum]; NAME for [evm.NAME]. It names the chain's results and totals
    // (USDT@NAME), so one asset on two chains is never summed by accident.
    std::string name;
    // The address books' EVM network names (upper case: "ARBITRUM", "BSC") this section reads:
    // those whose built-in chain id (evm_network_chain_id) is this chain_id, and every name
    // claimed with `network = NAME`.
    std::vector<std::string> networks;
    std::string native = "ETH";  // `native = BNB`: the symbol of the chain's own coin
    std::vector<std::string> rpc_urls;
    RpcAuth auth;
    RpcLimits limits;
    unsigned quorum = 0;  // as for UTXO chains; 0 = every endpoint
    std::uint64_t chain_id = 1;
    // Block 0's hash ("0x" + 64 lower-case hex) every endpoint must report, when pinned.
    std::optional<std::string> genesis_hash;
    unsigned confirmations = 12;
    EvmBlock block = EvmBlock::latest;
    std::vector<TokenConfig> tokens;
    std::size_t batch_size = 1000;  // requests per JSON-RPC batch (bodies stay < 1 MB)
    unsigned parallel_batches = 2;  // batches in flight per endpoint (one connection each)
    // `proofs = all | sample:N | off`: which balances are proven against the state root of the
    // pinned block's verified header (ethproof/select.hpp). Default sample:64 (+ every account
    // above 1 % of an asset's total).
    ethproof::ProofMode proofs;
};

// `[prices]`: Chainlink AggregatorV3Interface feeds read through the [ethereum] endpoints at
// the Ethereum pinned block (see porwatch/chain/prices.hpp, porwatch/prices/prices.hpp).
//   feed    = ASSET:ADDRESS[:DESCRIPTION]   repeatable, one per asset
//   max_age = DURATION                      block timestamp − updatedAt ≤ this (default 3h)
//   max_age = ASSET:DURATION                the same for one asset (a feed's own heartbeat)
//   bounds  = ASSET:MIN:MAX                 exact decimals in the quote currency (optional)
//   quote   = USD                           the one currency values are in (default USD)
struct FeedConfig {
    std::string asset;  // the configured symbol ("BTC", a token's symbol)
    address::Address contract;  // the feed (proxy) address, EIP-55
    std::optional<std::string> description;  // description() must equal it when given
    std::size_t line = 0;
};

// An exact decimal bound: `scaled` / 10^`scale` quote units ("0.95" → {95, 2}).
struct ExactDecimal {
    Units scaled;
    unsigned scale = 0;
    std::string text;  // as written
};

struct PriceBounds {
    std::string asset;
    ExactDecimal min;
    ExactDecimal max;
    std::size_t line = 0;
};

struct PricesConfig {
    std::vector<FeedConfig> feeds;
    std::int64_t max_age_s = 3 * 3600;
    std::map<std::string, std::int64_t> max_age_by_asset;  // ASSET:DURATION overrides

    // Returns: the max_age that applies to `asset`'s feed.
    std::int64_t max_age_for(const std::string& asset) const
    {
        const auto it = max_age_by_asset.find(asset);
        return it == max_age_by_asset.end() ? max_age_s : it->second;
    }
    std::vector<PriceBounds> bounds;
    std::string quote = "USD";
    std::size_t line = 0;  // the [prices] header
};

// A key=value of a section porwatch keeps raw for a later stage, with where it was written.
struct RawValue {
    std::string key;
    std::string value;
    std::size_t line = 0;
};

// `[book "PATH"]`: options of the `addresses = PATH` file with exactly that PATH.
//   message         = REGEX   ECMAScript; every signed row's whole message must match it
//   message_max_age = 400d    the message's ISO date (YYYY-MM-DD) is at most this many days old
// '#' starts a comment on every config line: write it as \x23 in a pattern.
struct BookOptions {
    std::string path;
    std::string message;  // "" = any message
    std::optional<unsigned> message_max_age_days;
    std::size_t line = 0;  // the section header's line
};

// `same_asset = USDT@ethereum,USDT@arbitrum`: per-chain totals the operator declares to be one
// asset. Each member names [ethereum]'s total as SYMBOL@ethereum and an [evm.NAME]'s as
// SYMBOL@NAME; all share one SYMBOL. The snapshot then carries their exact sum as the total
// SYMBOL@all (kSumSource), and each member is priced with SYMBOL's [prices] feed.
struct SameAsset {
    std::string symbol;  // "USDT"
    // The members as the snapshot names their totals: "USDT" ([ethereum]), "USDT@arbitrum".
    std::vector<std::string> members;
    std::size_t line = 0;
};

// The source name of a same_asset sum (USDT@all): reserved, so no [evm.all] section exists and
// the mainnet-only total keeps its bare name (USDT) in rules and stored history.
inline constexpr std::string_view kSumSource = "all";

struct Config {
    std::string file;  // path as given
    std::string database;  // resolved (resolve_config_path)
    unsigned interval_s = 600;  // `interval`: a duration (90s, 10m, 1h) or seconds
    std::vector<std::string> addresses;  // resolved, in file order
    std::map<std::string, BookOptions> books;  // by resolved path of its `addresses` file
    std::optional<UtxoChainConfig> bitcoin;
    std::optional<UtxoChainConfig> litecoin;
    std::optional<EvmChainConfig> ethereum;
    std::vector<EvmChainConfig> evm;  // [evm.NAME] sections, in file order
    std::optional<PricesConfig> prices;
    std::vector<SameAsset> same_assets;  // `same_asset =` lines, in file order
    std::map<std::string, std::vector<RawValue>> extra;  // section name → raw values

    // Returns: `path` resolved against the config file's directory (resolve_config_path).
    std::string resolve(const std::string& path) const;

    // Returns: the section for a Bitcoin-family chain, or nullptr when not configured.
    const UtxoChainConfig* utxo(address::Chain chain) const;

    // Returns: the [evm.NAME] section that reads the address books' EVM network `network`
    // (upper case, "ARBITRUM"), or nullptr. Mainnet's names are [ethereum]'s, never here.
    const EvmChainConfig* evm_for_network(std::string_view network) const;
};

// Returns: the chain id of an address book's EVM network name (the upper-case names of
// addressbook's coin table: ETH 1, OPTIMISM 10, BSC 56, HECO 128, POLYGON 137, BTTC 199,
// BASE 8453, ARBITRUM 42161, AVAXC 43114), or nullopt for a name it does not know.
std::optional<std::uint64_t> evm_network_chain_id(std::string_view network);

// Returns: the built-in network names of `chain_id` ({"ARBITRUM"} for 42161), in table order.
std::vector<std::string> builtin_evm_networks(std::uint64_t chain_id);

// One asset a configured chain section produces totals for.
struct ConfiguredAsset {
    std::string symbol;
    address::Chain chain = address::Chain::bitcoin;
    unsigned decimals = 0;
    bool priced = false;  // [prices] has a feed for it (VALUE:SYMBOL rules)
};

// Returns: the assets of `config`'s chain sections, in section order (natives first): BTC and
// LTC (8 decimals) from [bitcoin] and [litecoin], ETH (18) and every `token =` (its configured
// decimals) from [ethereum], each [evm.NAME]'s as SYMBOL@NAME, then each same_asset sum as
// SYMBOL@all (the largest decimals of its members).
std::vector<ConfiguredAsset> configured_assets(const Config& config);

// Parse a message_max_age value: "400d" (days, 1 to 100000). Fails naming the key and value.
Result<unsigned> parse_max_age_days(std::string_view text);

// Returns: `path` as written in `config_file`: absolute paths, "" and "-" unchanged, a relative
// path joined to the config file's directory (relative to the working directory only when the
// config itself is "-", stdin). Every path key of the config is resolved this way.
std::string resolve_config_path(const std::string& config_file, const std::string& path);

// Sections kept raw for later stages. Keys in them are not rejected here.
bool is_deferred_section(std::string_view section);

// Returns: the same_asset line that `asset` (a total's name: "USDT@arbitrum", or the sum
// "USDT@all") belongs to, or nullptr.
const SameAsset* find_same_asset(const Config& config, std::string_view asset);

// Returns: the price feed of `asset` (its configured symbol), or nullptr.
const FeedConfig* find_feed(const PricesConfig& prices, std::string_view asset);

// Parse config text. Fails with "FILE:LINE: …" on an unknown key, an unknown section, a key
// given twice that is not repeatable, a bad value, or a missing required key (rpc_url).
Result<Config> parse_config(std::string_view text, const std::string& file_name);

// Read and parse a config file. Fails when unreadable (message names the path).
Result<Config> load_config(const std::string& path);

}  // namespace porwatch::config
