// Config parsing: one lexer reads every line (sections, comments, key = value, quoted values;
// see config.hpp) and records each key's value with its line. Unknown keys and repeats are
// rejected with their line; values are then validated against the recorded lines.
// (Boost.Program_options read the values until quoting was needed: it cuts a value at its
// first '#' and has no quoting, so a password or API key holding '#' could not be written.)
#include "porwatch/config/config.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "book_options.hpp"
#include "prices_options.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/duration.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/redact.hpp"

namespace porwatch::config {
namespace {

enum class Arity { once, repeatable };
struct KeySpec { std::string_view key; Arity arity; };

constexpr KeySpec kTopKeys[] = {
    {"database", Arity::once}, {"interval", Arity::once}, {"addresses", Arity::repeatable}};
constexpr KeySpec kRpcKeys[] = {
    {"rpc_url", Arity::repeatable}, {"rpc_cookie_file", Arity::once}, {"rpc_user", Arity::once},
    {"rpc_password_file", Arity::once}, {"confirmations", Arity::once},
    {"connect_timeout", Arity::once}, {"rpc_timeout", Arity::once}, {"retries", Arity::once},
    {"max_response_mb", Arity::once}, {"quorum", Arity::once}, {"scan_timeout", Arity::once}};
constexpr KeySpec kUtxoKeys[] = {
    {"network", Arity::once}, {"scan_chunk_size", Arity::once}, {"pin_retries", Arity::once}};
constexpr KeySpec kEvmKeys[] = {
    {"chain_id", Arity::once}, {"block", Arity::once}, {"token", Arity::repeatable},
    {"batch_size", Arity::once}, {"parallel_batches", Arity::once}, {"genesis_hash", Arity::once},
    {"proofs", Arity::once}};
constexpr KeySpec kPricesKeys[] = {
    {"feed", Arity::repeatable}, {"max_age", Arity::repeatable}, {"bounds", Arity::repeatable}, {"quote", Arity::once}};

// One key = value line as the pre-scan saw it.
struct Line {
    std::string section;   // "" for top level
    std::string key;
    std::string value;
    std::size_t line = 0;
};

std::string trim(std::string_view s)
{
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Returns: `text` up to the first '#' that starts it or follows whitespace (a comment).
std::string_view strip_comment(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '#' && (i == 0 || is_space(text[i - 1]))) return text.substr(0, i);
    }
    return text;
}

// The value after '=': a double-quoted string (escapes \" and \\; then only a comment may
// follow), or unquoted text up to a comment, trimmed. Fails with the reason.
Result<std::string> lex_value(std::string_view text)
{
    const auto start = text.find_first_not_of(" \t\r");
    if (start == std::string_view::npos || text[start] != '"') return trim(strip_comment(text));
    std::string value;
    for (std::size_t i = start + 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
            value += text[++i];
        } else if (c == '"') {
            if (!trim(strip_comment(text.substr(i + 1))).empty()) {
                return Error{"text after the closing quote (start a comment with ' #')"};
            }
            return value;
        } else {
            value += c;
        }
    }
    return Error{"unterminated quoted value"};
}

const KeySpec* find_key(std::string_view section, std::string_view key)
{
    auto search = [&](auto& table) -> const KeySpec* {
        for (const auto& k : table) {
            if (k.key == key) return &k;
        }
        return nullptr;
    };
    if (section.empty()) return search(kTopKeys);
    if (section == "prices") return search(kPricesKeys);
    if (section == "bitcoin" || section == "litecoin" || section == "ethereum") {
        if (const auto* k = search(kRpcKeys)) return k;
        return section == "ethereum" ? search(kEvmKeys) : search(kUtxoKeys);
    }
    return nullptr;
}

// Context for one parse: the file name and every key's lines, for messages.
class Parser {
public:
    explicit Parser(std::string file) : m_file(std::move(file)) {}

    Error at(std::size_t line, const std::string& what) const
    {
        return Error{m_file + ":" + std::to_string(line) + ": " + what};
    }

    // Lex `text`: record every key's value and line, reject unknown sections/keys and repeats.
    Status lex(std::string_view text, Config& config)
    {
        std::string section;
        std::size_t number = 0;
        std::istringstream in{std::string(text)};
        for (std::string raw; std::getline(in, raw);) {
            ++number;
            // Blank, comment and header lines are judged without their comment; a key's value
            // is lexed from the raw text after the first '=' (it may be quoted).
            const std::string line = trim(strip_comment(raw));
            if (line.empty()) {
            } else if (line.front() == '[') {
                if (line.back() != ']') return at(number, "malformed section header '" + line + "'");
                section = trim(std::string_view(line).substr(1, line.size() - 2));
                const auto book = detail::book_section_path(section);
                if (book && book->empty()) return at(number, "a book section is [book \"PATH\"], got [" + section + "]");
                if (!book && !is_deferred_section(section) && section != "bitcoin" && section != "litecoin" &&
                    section != "ethereum" && section != "prices") {
                    return at(number, "unknown section [" + section + "]");
                }
                if (!m_sections.emplace(section, number).second) {
                    return at(number, "section [" + section + "] given twice");
                }
                if (book) config.books[*book] = BookOptions{*book, "", std::nullopt, number};
            } else {
                if (line.find('=') == std::string::npos) {
                    return at(number, "expected 'key = value', got '" + line + "'");
                }
                const auto eq = raw.find('=');
                auto value = lex_value(std::string_view(raw).substr(eq + 1));
                if (!value) return at(number, value.error().message);
                Line entry{section, trim(std::string_view(raw).substr(0, eq)), std::move(value.value()), number};
                if (is_deferred_section(section)) {
                    config.extra[section].push_back(RawValue{entry.key, entry.value, number});
                } else if (const auto book = detail::book_section_path(section)) {
                    if (auto s = book_key(config.books[*book], entry); !s) return s.error();
                } else {
                    const KeySpec* spec = find_key(section, entry.key);
                    const std::string where = section.empty() ? "at top level" : "in section [" + section + "]";
                    if (!spec) return at(number, "unknown key '" + entry.key + "' " + where);
                    if (spec->arity == Arity::once && !lines(section, entry.key).empty()) {
                        return at(number, "key '" + entry.key + "' " + where + " given twice (first on line " +
                                              std::to_string(lines(section, entry.key).front()) + ")");
                    }
                    if (entry.value.empty()) return at(number, "key '" + entry.key + "' has no value");
                    m_lines.push_back(std::move(entry));
                }
            }
        }
        return Ok{};
    }

    // One key of a [book "PATH"] section (po never sees these sections).
    Status book_key(BookOptions& book, const Line& entry)
    {
        if (!m_book_keys.insert(book.path + "\n" + entry.key).second) {
            return at(entry.line, "key '" + entry.key + "' in section [book \"" + book.path + "\"] given twice");
        }
        if (auto s = detail::apply_book_key(book, entry.key, entry.value); !s) return at(entry.line, s.error().message);
        return Ok{};
    }

    std::vector<std::size_t> lines(std::string_view section, std::string_view key) const
    {
        std::vector<std::size_t> out;
        for (const auto& l : m_lines) {
            if (l.section == section && l.key == key) out.push_back(l.line);
        }
        return out;
    }

    bool has_section(const std::string& section) const { return m_sections.count(section) != 0; }

    // Every key = value of `section`, in file order.
    std::vector<detail::PricesLine> section_lines(const std::string& section) const
    {
        std::vector<detail::PricesLine> out;
        for (const auto& l : m_lines) {
            if (l.section == section) out.push_back(detail::PricesLine{l.key, l.value, l.line});
        }
        return out;
    }

    std::optional<std::string> get(const std::string& section, const std::string& key) const
    {
        for (const auto& l : m_lines) {
            if (l.section == section && l.key == key) return l.value;
        }
        return std::nullopt;
    }

    // Repeated values with their lines, in file order.
    std::vector<std::pair<std::string, std::size_t>> get_all(const std::string& section,
                                                             const std::string& key) const
    {
        std::vector<std::pair<std::string, std::size_t>> out;
        for (const auto& l : m_lines) {
            if (l.section == section && l.key == key) out.emplace_back(l.value, l.line);
        }
        return out;
    }

    // A duration key (util/duration.hpp: 90s, 10m, 1h, 7d or bare seconds) in [min, max] seconds;
    // `target` is left alone when absent.
    template <typename T>
    Status duration_key(const std::string& section, const std::string& key, T& target,
                        std::int64_t min, std::int64_t max) const
    {
        const auto value = get(section, key);
        if (!value) return Ok{};
        const auto seconds = parse_duration_seconds(*value);
        if (!seconds || *seconds < min || *seconds > max) {
            return at(lines(section, key).front(), "key '" + key + "' must be a duration from " + std::to_string(min) +
                                                       "s to " + std::to_string(max) + "s (90s, 10m, 1h, 7d or " +
                                                       "seconds), got '" + *value + "'");
        }
        target = static_cast<T>(*seconds);
        return Ok{};
    }

    // An unsigned integer key in [min, max]; `target` is left alone when absent.
    template <typename T>
    Status unsigned_key(const std::string& section, const std::string& key, T& target,
                        std::uint64_t min, std::uint64_t max) const
    {
        const auto value = get(section, key);
        if (!value) return Ok{};
        const auto parsed = parse_units(*value);
        if (!parsed || *parsed < min || *parsed > max) {
            return at(lines(section, key).front(), "key '" + key + "' must be an integer from " +
                                                       std::to_string(min) + " to " + std::to_string(max) +
                                                       ", got '" + *value + "'");
        }
        target = static_cast<T>(*parsed);
        return Ok{};
    }

    Status rpc_section(const std::string& section, std::vector<std::string>& urls, RpcAuth& auth,
                       RpcLimits& limits, unsigned& confirmations, unsigned& quorum,
                       std::size_t section_line) const
    {
        for (auto& [url, line] : get_all(section, "rpc_url")) {
            // Never echo the value: it may hold a password or an API key.
            const auto parts = split_url(url);
            if (!parts || (parts->scheme != "http" && parts->scheme != "https")) {
                return at(line, "rpc_url must be http://[user:password@]host[:port][/path] or https://… "
                                "(quote the value when it holds '#' after a space)");
            }
            urls.push_back(url);
        }
        if (urls.empty()) return at(section_line, "section [" + section + "] needs at least one rpc_url");
        auth.cookie_file = resolve_config_path(m_file, get(section, "rpc_cookie_file").value_or(""));
        auth.user = get(section, "rpc_user").value_or("");
        auth.password_file = resolve_config_path(m_file, get(section, "rpc_password_file").value_or(""));
        if (!auth.cookie_file.empty() && !auth.user.empty()) {
            return at(lines(section, "rpc_user").front(), "give rpc_cookie_file or rpc_user, not both");
        }
        if (auth.user.empty() != auth.password_file.empty()) {
            return at(section_line, "rpc_user and rpc_password_file go together in [" + section + "]");
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
            return at(where.empty() ? section_line : where.front(),
                      "scan_timeout (" + std::to_string(limits.scan_timeout_s) + " s) must be at least rpc_timeout (" +
                          std::to_string(limits.rpc_timeout_s) + " s) in [" + section + "]");
        }
        return Ok{};
    }

    // Returns: the line of the section's header.
    std::size_t first_line(const std::string& section) const
    {
        const auto it = m_sections.find(section);
        return it == m_sections.end() ? 0 : it->second;
    }

private:
    std::string m_file;
    std::vector<Line> m_lines;
    std::map<std::string, std::size_t> m_sections;   // name → header line
    std::set<std::string> m_book_keys;                // "PATH\nkey" seen
};

Result<UtxoChainConfig> utxo_section(const Parser& p, address::Chain chain)
{
    const std::string section(address::to_string(chain));
    UtxoChainConfig c;
    c.chain = chain;
    c.limits.rpc_timeout_s = 3600;   // a mainnet scantxoutset pass takes minutes
    c.limits.scan_timeout_s = 10800;
    const std::size_t where = p.first_line(section);
    if (auto s = p.rpc_section(section, c.rpc_urls, c.auth, c.limits, c.confirmations, c.quorum, where); !s) {
        return s.error();
    }
    const auto network = p.get(section, "network");
    if (!network) {
        return p.at(where, "section [" + section + "] needs 'network' (" +
                               (chain == address::Chain::litecoin ? "main, test or regtest" : "main, test, testnet4, signet or regtest") + ")");
    }
    const auto parsed = address::parse_network_name(chain, *network);
    if (!parsed) return p.at(p.lines(section, "network").front(), parsed.error().message);
    c.network = *parsed;
    if (auto s = p.unsigned_key(section, "scan_chunk_size", c.scan_chunk_size, 1, 1000000); !s) return s.error();
    if (auto s = p.unsigned_key(section, "pin_retries", c.pin_retries, 0, 100); !s) return s.error();
    return c;
}

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
        return p.at(line, "token must be SYMBOL:ADDRESS:DECIMALS[:slot=N][:mask=0x…], got '" + text + "'");
    }
    TokenConfig token;
    token.symbol = parts[0];
    if (token.symbol.empty() || token.symbol == "ETH") return p.at(line, "token needs a symbol other than ETH");
    auto contract = address::parse_evm_address(parts[1]);
    if (!contract) return p.at(line, "token address: " + contract.error().message);
    token.contract = std::move(contract.value());
    const auto decimals = parse_units(parts[2]);
    if (!decimals || *decimals > 77) return p.at(line, "token decimals must be an integer from 0 to 77");
    token.decimals = static_cast<unsigned>(*decimals);
    for (std::size_t i = 3; i < parts.size(); ++i) {
        const std::string& option = parts[i];
        const auto eq = option.find('=');
        const std::string name = option.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : option.substr(eq + 1);
        if (name == "slot" && !token.balance_slot) {
            auto slot = value.rfind("0x", 0) == 0 ? parse_hex_units(value) : parse_units(value);
            if (!slot) return p.at(line, "token " + token.symbol + ": slot must be an integer (the balance mapping's storage slot), got '" + value + "'");
            token.balance_slot = *slot;
        } else if (name == "mask" && !token.balance_mask) {
            auto mask = value.rfind("0x", 0) == 0 ? parse_hex_units(value) : Result<Units>(Error{""});
            if (!mask || *mask == 0) return p.at(line, "token " + token.symbol + ": mask must be 0x and up to 64 hex digits, not zero, got '" + value + "'");
            token.balance_mask = *mask;
        } else {
            return p.at(line, "token " + token.symbol + ": unknown or repeated option '" + option +
                                  "' (slot=N and mask=0x… may follow DECIMALS, once each)");
        }
    }
    if (token.balance_mask && !token.balance_slot) {
        return p.at(line, "token " + token.symbol + ": mask= needs slot= (the mask applies to the proven storage word)");
    }
    return token;
}

Result<EvmChainConfig> evm_section(const Parser& p)
{
    EvmChainConfig c;
    const std::size_t where = p.first_line("ethereum");
    if (auto s = p.rpc_section("ethereum", c.rpc_urls, c.auth, c.limits, c.confirmations, c.quorum, where); !s) {
        return s.error();
    }
    if (const auto genesis = p.get("ethereum", "genesis_hash")) {
        auto bytes = from_hex(*genesis, HexPrefix::allowed);
        if (genesis->rfind("0x", 0) != 0 || !bytes || bytes->size() != 32) {
            return p.at(p.lines("ethereum", "genesis_hash").front(), "genesis_hash must be 0x and 64 hex digits (block 0's hash)");
        }
        c.genesis_hash = "0x" + to_hex(*bytes);
    }
    if (!p.get("ethereum", "chain_id")) return p.at(where, "section [ethereum] needs 'chain_id'");
    if (auto s = p.unsigned_key("ethereum", "chain_id", c.chain_id, 1, UINT64_MAX); !s) return s.error();
    if (auto s = p.unsigned_key("ethereum", "batch_size", c.batch_size, 1, 5000); !s) return s.error();
    if (auto s = p.unsigned_key("ethereum", "parallel_batches", c.parallel_batches, 1, 16); !s) return s.error();
    if (const auto proofs = p.get("ethereum", "proofs")) {
        auto mode = ethproof::parse_proof_mode(*proofs);
        if (!mode) return p.at(p.lines("ethereum", "proofs").front(), mode.error().message);
        c.proofs = *mode;
    }
    if (const auto block = p.get("ethereum", "block")) {
        if (*block == "latest") {
            c.block = EvmBlock::latest;
        } else if (*block == "finalized") {
            c.block = EvmBlock::finalized;
        } else {
            return p.at(p.lines("ethereum", "block").front(), "block must be 'latest' or 'finalized'");
        }
    }
    // Asset symbols name alert keys and totals, so one symbol is one asset: a token may not
    // repeat another token or a configured chain's native coin, in any letter case.
    auto upper = [](std::string text) {
        for (char& ch : text) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
        return text;
    };
    std::set<std::string> symbols;
    for (auto& [text, line] : p.get_all("ethereum", "token")) {
        auto token = parse_token(p, text, line);
        if (!token) return token.error();
        const std::string symbol = upper(token->symbol);
        if (symbol == "ETH") return p.at(line, "token needs a symbol other than ETH");
        for (const auto& [native, section] : {std::pair{"BTC", "bitcoin"}, std::pair{"LTC", "litecoin"}}) {
            if (symbol != native || !p.has_section(section)) continue;
            return p.at(line, "token " + token->symbol + " collides with the native asset " + native + " of [" +
                                  section + "] (line " + std::to_string(p.first_line(section)) +
                                  "): give the token another symbol");
        }
        if (!symbols.insert(symbol).second) return p.at(line, "token " + token->symbol + " given twice");
        c.tokens.push_back(std::move(token.value()));
    }
    return c;
}

}  // namespace

std::string resolve_config_path(const std::string& config_file, const std::string& path)
{
    if (path.empty() || path == "-" || path.front() == '/' || config_file == "-") return path;
    const std::filesystem::path dir = std::filesystem::path(config_file).parent_path();
    if (dir.empty()) return path;
    return (dir / path).lexically_normal().string();
}

std::string Config::resolve(const std::string& path) const { return resolve_config_path(file, path); }

bool is_deferred_section(std::string_view section)
{
    return section == "alerts" || section == "daemon" || section == "store" || section == "metrics" ||
           section == "liabilities";
}

const UtxoChainConfig* Config::utxo(address::Chain chain) const
{
    if (chain == address::Chain::bitcoin && bitcoin) return &*bitcoin;
    if (chain == address::Chain::litecoin && litecoin) return &*litecoin;
    return nullptr;
}

std::vector<ConfiguredAsset> configured_assets(const Config& config)
{
    std::vector<ConfiguredAsset> out;
    if (config.bitcoin) out.push_back({"BTC", address::Chain::bitcoin, 8});
    if (config.litecoin) out.push_back({"LTC", address::Chain::litecoin, 8});
    if (config.ethereum) {
        out.push_back({"ETH", address::Chain::ethereum, 18});
        for (const auto& token : config.ethereum->tokens) {
            out.push_back({token.symbol, address::Chain::ethereum, token.decimals});
        }
    }
    for (auto& asset : out) asset.priced = config.prices && find_feed(*config.prices, asset.symbol);
    return out;
}

Result<Config> parse_config(std::string_view text, const std::string& file_name)
{
    Config config;
    config.file = file_name;
    Parser p(file_name);
    if (auto lexed = p.lex(text, config); !lexed) return lexed.error();
    config.database = resolve_config_path(file_name, p.get("", "database").value_or(""));
    if (auto s = p.duration_key("", "interval", config.interval_s, 1, 31 * 86400); !s) return s.error();
    std::vector<std::string> written;
    for (auto& [path, line] : p.get_all("", "addresses")) written.push_back(path);
    std::map<std::string, BookOptions> books;
    for (auto& [path, book] : config.books) {
        if (std::find(written.begin(), written.end(), path) == written.end()) {
            return p.at(book.line, "[book \"" + path + "\"] names no 'addresses' file (the path must be written the same)");
        }
        book.path = resolve_config_path(file_name, path);
        books.emplace(book.path, std::move(book));
    }
    // Relative paths are relative to the config file's directory, never to the working directory.
    for (const auto& path : written) config.addresses.push_back(resolve_config_path(file_name, path));
    config.books = std::move(books);
    for (const auto chain : {address::Chain::bitcoin, address::Chain::litecoin}) {
        if (!p.has_section(std::string(address::to_string(chain)))) continue;
        auto section = utxo_section(p, chain);
        if (!section) return section.error();
        (chain == address::Chain::bitcoin ? config.bitcoin : config.litecoin) = std::move(section.value());
    }
    if (p.has_section("ethereum")) {
        auto section = evm_section(p);
        if (!section) return section.error();
        config.ethereum = std::move(section.value());
    }
    if (p.has_section("prices")) {
        auto prices = detail::parse_prices(p.section_lines("prices"), p.first_line("prices"), config);
        if (!prices) return prices.error();
        config.prices = std::move(prices.value());
    }
    return config;
}

}  // namespace porwatch::config
