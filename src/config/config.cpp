// Config parsing. Boost.Program_options reads the INI file (allow_unregistered = false), but it
// reports neither line numbers nor which occurrence of a key was bad, so a pre-scan that uses
// the same lexical rules (sections, '#' comments, trimmed key = value) records the line of
// every key first. Unknown keys and repeats are rejected from the pre-scan with their line;
// values are then taken from the variables map and validated against the recorded lines.
#include "porwatch/config/config.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "book_options.hpp"
#include "porwatch/util/amount.hpp"

namespace porwatch::config {
namespace {

namespace po = boost::program_options;

enum class Arity { once, repeatable };
struct KeySpec { std::string_view key; Arity arity; };

constexpr KeySpec kTopKeys[] = {
    {"database", Arity::once}, {"interval", Arity::once}, {"addresses", Arity::repeatable}};
constexpr KeySpec kRpcKeys[] = {
    {"rpc_url", Arity::repeatable}, {"rpc_cookie_file", Arity::once}, {"rpc_user", Arity::once},
    {"rpc_password_file", Arity::once}, {"confirmations", Arity::once},
    {"connect_timeout", Arity::once}, {"rpc_timeout", Arity::once}, {"retries", Arity::once},
    {"max_response_mb", Arity::once}};
constexpr KeySpec kUtxoKeys[] = {
    {"network", Arity::once}, {"scan_chunk_size", Arity::once}, {"pin_retries", Arity::once}};
constexpr KeySpec kEvmKeys[] = {
    {"chain_id", Arity::once}, {"block", Arity::once}, {"token", Arity::repeatable},
    {"batch_size", Arity::once}, {"parallel_batches", Arity::once}};

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

const KeySpec* find_key(std::string_view section, std::string_view key)
{
    auto search = [&](auto& table) -> const KeySpec* {
        for (const auto& k : table) {
            if (k.key == key) return &k;
        }
        return nullptr;
    };
    if (section.empty()) return search(kTopKeys);
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

    // Pre-scan `text`: record every key's line, reject unknown sections/keys and repeats.
    // Returns: the text with deferred sections blanked out (line count preserved) for po.
    Result<std::string> prescan(std::string_view text, Config& config)
    {
        std::string section;
        std::string for_po;
        std::size_t number = 0;
        std::istringstream in{std::string(text)};
        for (std::string raw; std::getline(in, raw);) {
            ++number;
            std::string content = raw.substr(0, raw.find('#'));
            const std::string line = trim(content);
            bool keep = true;
            if (line.empty()) {
            } else if (line.front() == '[') {
                if (line.back() != ']') return at(number, "malformed section header '" + line + "'");
                section = trim(std::string_view(line).substr(1, line.size() - 2));
                const auto book = detail::book_section_path(section);
                if (book && book->empty()) return at(number, "a book section is [book \"PATH\"], got [" + section + "]");
                if (!book && !is_deferred_section(section) && section != "bitcoin" && section != "litecoin" &&
                    section != "ethereum") {
                    return at(number, "unknown section [" + section + "]");
                }
                if (!m_sections.emplace(section, number).second) {
                    return at(number, "section [" + section + "] given twice");
                }
                if (book) config.books[*book] = BookOptions{*book, "", std::nullopt, number};
                keep = !book && !is_deferred_section(section);
            } else {
                const auto eq = line.find('=');
                if (eq == std::string::npos) return at(number, "expected 'key = value', got '" + line + "'");
                Line entry{section, trim(std::string_view(line).substr(0, eq)),
                           trim(std::string_view(line).substr(eq + 1)), number};
                if (is_deferred_section(section)) {
                    config.extra[section].push_back(RawValue{entry.key, entry.value, number});
                    keep = false;
                } else if (const auto book = detail::book_section_path(section)) {
                    if (auto s = book_key(config.books[*book], entry); !s) return s.error();
                    keep = false;
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
            for_po += keep ? raw : std::string();
            for_po += '\n';
        }
        return for_po;
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

    // Program_options' description of every registered key, as strings (validated by us).
    static po::options_description description()
    {
        po::options_description desc;
        auto add = [&](const std::string& prefix, auto& table) {
            for (const auto& k : table) {
                const std::string name = prefix + std::string(k.key);
                if (k.arity == Arity::repeatable) {
                    desc.add_options()(name.c_str(), po::value<std::vector<std::string>>()->composing());
                } else {
                    desc.add_options()(name.c_str(), po::value<std::string>());
                }
            }
        };
        add("", kTopKeys);
        for (const std::string section : {"bitcoin", "litecoin", "ethereum"}) {
            add(section + ".", kRpcKeys);
            if (section == "ethereum") {
                add(section + ".", kEvmKeys);
            } else {
                add(section + ".", kUtxoKeys);
            }
        }
        return desc;
    }

    void set_vm(po::variables_map vm) { m_vm = std::move(vm); }

    std::optional<std::string> get(const std::string& section, const std::string& key) const
    {
        const std::string name = section.empty() ? key : section + "." + key;
        if (!m_vm.count(name)) return std::nullopt;
        return m_vm[name].as<std::string>();
    }

    // Repeated values with their lines, in file order.
    std::vector<std::pair<std::string, std::size_t>> get_all(const std::string& section,
                                                             const std::string& key) const
    {
        std::vector<std::pair<std::string, std::size_t>> out;
        const std::string name = section.empty() ? key : section + "." + key;
        if (!m_vm.count(name)) return out;
        const auto values = m_vm[name].as<std::vector<std::string>>();
        const auto where = lines(section, key);
        for (std::size_t i = 0; i < values.size(); ++i) {
            out.emplace_back(values[i], i < where.size() ? where[i] : 0);
        }
        return out;
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
                       RpcLimits& limits, unsigned& confirmations, std::size_t section_line) const
    {
        for (auto& [url, line] : get_all(section, "rpc_url")) {
            if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
                return at(line, "rpc_url must start with http:// or https://");
            }
            urls.push_back(url);
        }
        if (urls.empty()) return at(section_line, "section [" + section + "] needs at least one rpc_url");
        auth.cookie_file = get(section, "rpc_cookie_file").value_or("");
        auth.user = get(section, "rpc_user").value_or("");
        auth.password_file = get(section, "rpc_password_file").value_or("");
        if (!auth.cookie_file.empty() && !auth.user.empty()) {
            return at(lines(section, "rpc_user").front(), "give rpc_cookie_file or rpc_user, not both");
        }
        if (auth.user.empty() != auth.password_file.empty()) {
            return at(section_line, "rpc_user and rpc_password_file go together in [" + section + "]");
        }
        unsigned max_mb = static_cast<unsigned>(limits.max_response_bytes >> 20);
        for (auto status : {unsigned_key(section, "confirmations", confirmations, 0, 1000000),
                            unsigned_key(section, "connect_timeout", limits.connect_timeout_s, 1, 3600),
                            unsigned_key(section, "rpc_timeout", limits.rpc_timeout_s, 1, 86400),
                            unsigned_key(section, "retries", limits.retries, 0, 100),
                            unsigned_key(section, "max_response_mb", max_mb, 1, 4096)}) {
            if (!status) return status;
        }
        limits.max_response_bytes = std::size_t{max_mb} << 20;
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
    po::variables_map m_vm;
};

Result<UtxoChainConfig> utxo_section(const Parser& p, address::Chain chain)
{
    const std::string section(address::to_string(chain));
    UtxoChainConfig c;
    c.chain = chain;
    c.limits.rpc_timeout_s = 3600;   // a mainnet scantxoutset pass takes minutes
    const std::size_t where = p.first_line(section);
    if (auto s = p.rpc_section(section, c.rpc_urls, c.auth, c.limits, c.confirmations, where); !s) return s.error();
    const auto network = p.get(section, "network");
    if (!network) return p.at(where, "section [" + section + "] needs 'network' (main, test, testnet4, signet or regtest)");
    const auto parsed = address::parse_network_name(chain, *network);
    if (!parsed) return p.at(p.lines(section, "network").front(), parsed.error().message);
    c.network = *parsed;
    if (auto s = p.unsigned_key(section, "scan_chunk_size", c.scan_chunk_size, 1, 1000000); !s) return s.error();
    if (auto s = p.unsigned_key(section, "pin_retries", c.pin_retries, 0, 100); !s) return s.error();
    return c;
}

Result<TokenConfig> parse_token(const Parser& p, const std::string& text, std::size_t line)
{
    const auto first = text.find(':');
    const auto last = text.rfind(':');
    if (first == std::string::npos || first == last) {
        return p.at(line, "token must be SYMBOL:ADDRESS:DECIMALS, got '" + text + "'");
    }
    TokenConfig token;
    token.symbol = text.substr(0, first);
    if (token.symbol.empty() || token.symbol == "ETH") return p.at(line, "token needs a symbol other than ETH");
    auto contract = address::parse_evm_address(text.substr(first + 1, last - first - 1));
    if (!contract) return p.at(line, "token address: " + contract.error().message);
    token.contract = std::move(contract.value());
    const auto decimals = parse_units(text.substr(last + 1));
    if (!decimals || *decimals > 77) return p.at(line, "token decimals must be an integer from 0 to 77");
    token.decimals = static_cast<unsigned>(*decimals);
    return token;
}

Result<EvmChainConfig> evm_section(const Parser& p)
{
    EvmChainConfig c;
    const std::size_t where = p.first_line("ethereum");
    if (auto s = p.rpc_section("ethereum", c.rpc_urls, c.auth, c.limits, c.confirmations, where); !s) return s.error();
    if (!p.get("ethereum", "chain_id")) return p.at(where, "section [ethereum] needs 'chain_id'");
    if (auto s = p.unsigned_key("ethereum", "chain_id", c.chain_id, 1, UINT64_MAX); !s) return s.error();
    if (auto s = p.unsigned_key("ethereum", "batch_size", c.batch_size, 1, 5000); !s) return s.error();
    if (auto s = p.unsigned_key("ethereum", "parallel_batches", c.parallel_batches, 1, 16); !s) return s.error();
    if (const auto block = p.get("ethereum", "block")) {
        if (*block == "latest") {
            c.block = EvmBlock::latest;
        } else if (*block == "finalized") {
            c.block = EvmBlock::finalized;
        } else {
            return p.at(p.lines("ethereum", "block").front(), "block must be 'latest' or 'finalized'");
        }
    }
    std::set<std::string> symbols;
    for (auto& [text, line] : p.get_all("ethereum", "token")) {
        auto token = parse_token(p, text, line);
        if (!token) return token.error();
        if (!symbols.insert(token->symbol).second) return p.at(line, "token " + token->symbol + " given twice");
        c.tokens.push_back(std::move(token.value()));
    }
    return c;
}

}  // namespace

bool is_deferred_section(std::string_view section)
{
    return section == "alerts" || section == "daemon" || section == "store";
}

const UtxoChainConfig* Config::utxo(address::Chain chain) const
{
    if (chain == address::Chain::bitcoin && bitcoin) return &*bitcoin;
    if (chain == address::Chain::litecoin && litecoin) return &*litecoin;
    return nullptr;
}

Result<Config> parse_config(std::string_view text, const std::string& file_name)
{
    Config config;
    config.file = file_name;
    Parser p(file_name);
    auto for_po = p.prescan(text, config);
    if (!for_po) return for_po.error();
    try {
        std::istringstream in(for_po.value());
        po::variables_map vm;
        po::store(po::parse_config_file(in, Parser::description(), /*allow_unregistered=*/false), vm);
        po::notify(vm);
        p.set_vm(std::move(vm));
    } catch (const po::error& e) {
        // The pre-scan accepts only registered keys, so this is a lexical problem po saw.
        return Error{file_name + ": " + e.what()};
    }
    config.database = p.get("", "database").value_or("");
    if (auto s = p.unsigned_key("", "interval", config.interval_s, 1, 31 * 86400); !s) return s.error();
    for (auto& [path, line] : p.get_all("", "addresses")) config.addresses.push_back(path);
    for (const auto& [path, book] : config.books) {
        if (std::find(config.addresses.begin(), config.addresses.end(), path) == config.addresses.end()) {
            return p.at(book.line, "[book \"" + path + "\"] names no 'addresses' file (the path must be written the same)");
        }
    }
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
    return config;
}

Result<Config> load_config(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path + ": cannot read config file"};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_config(buffer.str(), path);
}

}  // namespace porwatch::config
