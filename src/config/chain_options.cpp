// [bitcoin], [litecoin] and [ethereum]: the RPC keys they share, the UTXO chains' network and
// scan keys, and Ethereum's keys and tokens.
#include "chain_options.hpp"

#include <algorithm>
#include <set>

#include "porwatch/util/hex.hpp"
#include "porwatch/util/redact.hpp"

namespace porwatch::config::detail {
namespace {

// SYMBOL:CONTRACT:DECIMALS[:slot=N][:mask=0x…], options in any order after DECIMALS.
Result<TokenConfig> parse_token(const Parser& p, const std::string& text, std::size_t line)
{
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const auto colon = text.find(':', start);
        parts.push_back(text.substr(start, colon == std::string::npos ? colon : colon - start));
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    if (parts.size() < 3) {
        return p.at(ConfigError::value, line,
                    "token must be SYMBOL:ADDRESS:DECIMALS[:slot=N][:mask=0x…], got '" + text + "'");
    }
    TokenConfig token;
    token.symbol = parts[0];
    if (token.symbol.empty() || token.symbol == "ETH")
        return p.at(ConfigError::value, line, "token needs a symbol other than ETH");
    // '@' joins an asset to its chain section in totals and alerts (USDT@arbitrum).
    if (token.symbol.find('@') != std::string::npos)
        return p.at(ConfigError::value, line, "token symbol may not hold '@'");
    auto contract = address::parse_evm_address(parts[1]);
    if (!contract) return p.at(ConfigError::value, line, "token address: " + contract.error().message);
    token.contract = std::move(contract.value());
    const auto decimals = parse_units(parts[2]);
    if (!decimals || *decimals > 77)
        return p.at(ConfigError::value, line, "token decimals must be an integer from 0 to 77");
    token.decimals = static_cast<unsigned>(*decimals);
    for (std::size_t i = 3; i < parts.size(); ++i) {
        const std::string& option = parts[i];
        const auto eq = option.find('=');
        const std::string name = option.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : option.substr(eq + 1);
        if (name == "slot" && !token.balance_slot) {
            auto slot = value.rfind("0x", 0) == 0 ? parse_hex_units(value) : parse_units(value);
            if (!slot)
                return p.at(ConfigError::value, line,
                            "token " + token.symbol +
                                ": slot must be an integer (the balance mapping's storage slot), got '" + value + "'");
            token.balance_slot = *slot;
        } else if (name == "mask" && !token.balance_mask) {
            auto mask = value.rfind("0x", 0) == 0 ? parse_hex_units(value) : Result<Units>(Error{""});
            if (!mask || *mask == 0)
                return p.at(ConfigError::value, line,
                            "token " + token.symbol + ": mask must be 0x and up to 64 hex digits, not zero, got '" +
                                value + "'");
            token.balance_mask = *mask;
        } else {
            return p.at(ConfigError::value, line,
                        "token " + token.symbol + ": unknown or repeated option '" + option +
                            "' (slot=N and mask=0x… may follow DECIMALS, once each)");
        }
    }
    if (token.balance_mask && !token.balance_slot) {
        return p.at(ConfigError::conflict, line,
                    "token " + token.symbol + ": mask= needs slot= (the mask applies to the proven storage word)");
    }
    return token;
}

bool is_symbol(std::string_view text)
{
    if (text.empty() || text.size() > 32) return false;
    for (const char ch : text) {
        const bool alnum = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (!alnum && ch != '_' && ch != '.') return false;
    }
    return true;
}

// `native` and the network names an EVM section reads: its chain id's built-in names and every
// `network = NAME` (upper-cased; the book's names are matched case-insensitively).
Status evm_names(const Parser& p, const std::string& section, EvmChainConfig& c)
{
    if (const auto native = p.get(section, "native")) {
        if (!is_symbol(*native)) {
            return p.at(ConfigError::value, p.lines(section, "native").front(),
                        "native must be a coin symbol (letters, digits, '_' or '.'), got '" + *native + "'");
        }
        c.native = *native;
    }
    if (section == "ethereum") return Ok{};  // mainnet's names are fixed (snapshot::on_ethereum_mainnet)
    c.networks = builtin_evm_networks(c.chain_id);
    for (auto& [text, line] : p.get_all(section, "network")) {
        std::string name = text;
        for (char& ch : name) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
        if (!is_symbol(name))
            return p.at(ConfigError::value, line,
                        "network must be a network name as the address files write it (ARBITRUM, BSC), got '" + text +
                            "'");
        const auto builtin = evm_network_chain_id(name);
        if (builtin && *builtin != c.chain_id) {
            return p.at(ConfigError::conflict, line,
                        "network " + name + " is chain id " + std::to_string(*builtin) + ", but [" + section +
                            "] has chain_id = " + std::to_string(c.chain_id));
        }
        if (name == "ETH") return p.at(ConfigError::conflict, line, "network ETH is [ethereum]'s (chain id 1)");
        if (std::find(c.networks.begin(), c.networks.end(), name) == c.networks.end()) c.networks.push_back(name);
    }
    return Ok{};
}

}  // namespace

Status Parser::rpc_section(const std::string& section, std::vector<std::string>& urls, RpcAuth& auth, RpcLimits& limits,
                           unsigned& confirmations, unsigned& quorum, std::size_t section_line) const
{
    for (auto& [url, line] : get_all(section, "rpc_url")) {
        // Never echo the value: it may hold a password or an API key.
        const auto parts = split_url(url);
        if (!parts || (parts->scheme != "http" && parts->scheme != "https")) {
            return at(ConfigError::value, line,
                      "rpc_url must be http://[user:password@]host[:port][/path] or https://… "
                      "(quote the value when it holds '#' after a space)");
        }
        urls.push_back(url);
    }
    if (urls.empty())
        return at(ConfigError::missing, section_line, "section [" + section + "] needs at least one rpc_url");
    auth.cookie_file = resolve_config_path(m_file, get(section, "rpc_cookie_file").value_or(""));
    auth.user = get(section, "rpc_user").value_or("");
    auth.password_file = resolve_config_path(m_file, get(section, "rpc_password_file").value_or(""));
    if (!auth.cookie_file.empty() && !auth.user.empty()) {
        return at(ConfigError::conflict, lines(section, "rpc_user").front(),
                  "give rpc_cookie_file or rpc_user, not both");
    }
    if (auth.user.empty() != auth.password_file.empty()) {
        return at(ConfigError::conflict, section_line,
                  "rpc_user and rpc_password_file go together in [" + section + "]");
    }
    unsigned max_mb = static_cast<unsigned>(limits.max_response_bytes >> 20);
    for (auto status : {unsigned_key(section, "confirmations", confirmations, 0, 1000000),
                        duration_key(section, "connect_timeout", limits.connect_timeout_s, 1, 3600),
                        duration_key(section, "rpc_timeout", limits.rpc_timeout_s, 1, 86400),
                        unsigned_key(section, "retries", limits.retries, 0, 100),
                        unsigned_key(section, "max_response_mb", max_mb, 1, 4096)}) {
        if (!status) return status;
    }
    limits.max_response_bytes = std::size_t{max_mb} << 20;
    if (auto s = unsigned_key(section, "quorum", quorum, 1, urls.size()); !s) return s;
    if (auto s = duration_key(section, "scan_timeout", limits.scan_timeout_s, 1, 7 * 86400); !s) return s;
    if (limits.scan_timeout_s < limits.rpc_timeout_s) {
        const auto where = lines(section, "scan_timeout");
        return at(ConfigError::value, where.empty() ? section_line : where.front(),
                  "scan_timeout (" + std::to_string(limits.scan_timeout_s) + " s) must be at least rpc_timeout (" +
                      std::to_string(limits.rpc_timeout_s) + " s) in [" + section + "]");
    }
    return Ok{};
}

Result<UtxoChainConfig> utxo_section(const Parser& p, address::Chain chain)
{
    const std::string section(address::to_string(chain));
    UtxoChainConfig c;
    c.chain = chain;
    c.limits.rpc_timeout_s = 3600;  // a mainnet scantxoutset pass takes minutes
    c.limits.scan_timeout_s = 10800;
    const std::size_t where = p.first_line(section);
    if (auto s = p.rpc_section(section, c.rpc_urls, c.auth, c.limits, c.confirmations, c.quorum, where); !s) {
        return s.error();
    }
    const auto network = p.get(section, "network");
    if (!network) {
        return p.at(ConfigError::missing, where,
                    "section [" + section + "] needs 'network' (" +
                        (chain == address::Chain::litecoin ? "main, test or regtest"
                                                           : "main, test, testnet4, signet or regtest") +
                        ")");
    }
    const auto parsed = address::parse_network_name(chain, *network);
    if (!parsed) return p.at(ConfigError::value, p.lines(section, "network").front(), parsed.error().message);
    c.network = *parsed;
    if (auto s = p.unsigned_key(section, "scan_chunk_size", c.scan_chunk_size, 1, 1000000); !s) return s.error();
    if (auto s = p.unsigned_key(section, "pin_retries", c.pin_retries, 0, 100); !s) return s.error();
    return c;
}

Result<EvmChainConfig> evm_section(const Parser& p, const std::string& section)
{
    EvmChainConfig c;
    if (section != "ethereum") c.name = section.substr(4);  // "evm.arbitrum" → "arbitrum"
    const std::size_t where = p.first_line(section);
    if (auto s = p.rpc_section(section, c.rpc_urls, c.auth, c.limits, c.confirmations, c.quorum, where); !s) {
        return s.error();
    }
    if (const auto genesis = p.get(section, "genesis_hash")) {
        auto bytes = from_hex(*genesis, HexPrefix::allowed);
        if (genesis->rfind("0x", 0) != 0 || !bytes || bytes->size() != 32) {
            return p.at(ConfigError::value, p.lines(section, "genesis_hash").front(),
                        "genesis_hash must be 0x and 64 hex digits (block 0's hash)");
        }
        c.genesis_hash = "0x" + to_hex(*bytes);
    }
    if (!p.get(section, "chain_id"))
        return p.at(ConfigError::missing, where, "section [" + section + "] needs 'chain_id'");
    if (auto s = p.unsigned_key(section, "chain_id", c.chain_id, 1, UINT64_MAX); !s) return s.error();
    if (auto s = p.unsigned_key(section, "batch_size", c.batch_size, 1, 5000); !s) return s.error();
    if (auto s = p.unsigned_key(section, "parallel_batches", c.parallel_batches, 1, 16); !s) return s.error();
    if (const auto proofs = p.get(section, "proofs")) {
        auto mode = ethproof::parse_proof_mode(*proofs);
        if (!mode) return p.at(ConfigError::value, p.lines(section, "proofs").front(), mode.error().message);
        c.proofs = *mode;
    }
    if (const auto block = p.get(section, "block")) {
        if (*block == "latest") {
            c.block = EvmBlock::latest;
        } else if (*block == "finalized") {
            c.block = EvmBlock::finalized;
        } else if (*block == "safe") {
            c.block = EvmBlock::safe;
        } else {
            return p.at(ConfigError::value, p.lines(section, "block").front(),
                        "block must be 'latest', 'finalized' or 'safe'");
        }
    }
    if (auto s = evm_names(p, section, c); !s) return s.error();
    // Asset symbols name alert keys and totals, so one symbol is one asset: a token may not
    // repeat another token or a configured chain's native coin, in any letter case.
    auto upper = [](std::string text) {
        for (char& ch : text) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
        return text;
    };
    std::set<std::string> symbols;
    for (auto& [text, line] : p.get_all(section, "token")) {
        auto token = parse_token(p, text, line);
        if (!token) return token.error();
        const std::string symbol = upper(token->symbol);
        if (symbol == "ETH") return p.at(ConfigError::value, line, "token needs a symbol other than ETH");
        if (symbol == upper(c.native))
            return p.at(ConfigError::value, line, "token needs a symbol other than the native " + c.native);
        for (const auto& [native, utxo] : {std::pair{"BTC", "bitcoin"}, std::pair{"LTC", "litecoin"}}) {
            if (symbol != native || !p.has_section(utxo)) continue;
            return p.at(ConfigError::conflict, line,
                        "token " + token->symbol + " collides with the native asset " + native + " of [" + utxo +
                            "] (line " + std::to_string(p.first_line(utxo)) + "): give the token another symbol");
        }
        if (!symbols.insert(symbol).second)
            return p.at(ConfigError::repeated, line, "token " + token->symbol + " given twice");
        c.tokens.push_back(std::move(token.value()));
    }
    return c;
}

Result<std::vector<EvmChainConfig>> evm_sections(const Parser& p, const std::optional<EvmChainConfig>& ethereum)
{
    std::vector<EvmChainConfig> out;
    for (const auto& section : p.sections_with_prefix("evm.")) {
        const std::size_t line = p.first_line(section);
        const std::string name = section.substr(4);
        const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
            return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
        });
        if (!valid)
            return p.at(ConfigError::value, line,
                        "an EVM section is [evm.NAME], NAME in lower-case letters, digits and '_', got [" + section +
                            "]");
        // NAME keys the chain in the store, outputs and stale:NAME, beside the built-in chains;
        // USDT@ethereum names [ethereum]'s total and USDT@all a same_asset sum.
        if (address::chain_from_string(name))
            return p.at(ConfigError::conflict, line,
                        "[" + section + "]: " + name + " is a built-in chain's name; give the section another name");
        if (name == kSumSource)
            return p.at(ConfigError::conflict, line, "[" + section + "]: the name " + name + " is reserved");
        auto c = evm_section(p, section);
        if (!c) return c.error();
        const std::string id = std::to_string(c->chain_id);
        if (c->chain_id == 1 || (ethereum && ethereum->chain_id == c->chain_id)) {
            return p.at(ConfigError::conflict, line, "[" + section + "] chain_id = " + id + " is [ethereum]'s chain");
        }
        for (const auto& other : out) {
            if (other.chain_id == c->chain_id) {
                return p.at(ConfigError::conflict, line,
                            "[" + section + "] and [evm." + other.name + "] both have chain_id = " + id);
            }
            for (const auto& network : c->networks) {
                if (std::find(other.networks.begin(), other.networks.end(), network) == other.networks.end()) continue;
                return p.at(ConfigError::conflict, line,
                            "network " + network + " is read by both [evm." + other.name + "] and [" + section + "]");
            }
        }
        out.push_back(std::move(c.value()));
    }
    return out;
}

}  // namespace porwatch::config::detail
