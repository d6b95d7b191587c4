// The config lexer: one pass over the lines (sections, comments, key = value, quoted values;
// see config.hpp) that records each key's value with its line and rejects unknown sections,
// unknown keys and repeats with their line.
#include "parser.hpp"

#include <sstream>

#include "book_options.hpp"

namespace porwatch::config::detail {
namespace {

enum class Arity {
    once,
    repeatable
};
struct KeySpec {
    std::string_view key;
    Arity arity;
};

constexpr KeySpec kTopKeys[] = {{"database", Arity::once},
                                {"interval", Arity::once},
                                {"addresses", Arity::repeatable},
                                {"same_asset", Arity::repeatable}};
constexpr KeySpec kRpcKeys[] = {{"rpc_url", Arity::repeatable},   {"rpc_cookie_file", Arity::once},
                                {"rpc_user", Arity::once},        {"rpc_password_file", Arity::once},
                                {"confirmations", Arity::once},   {"connect_timeout", Arity::once},
                                {"rpc_timeout", Arity::once},     {"retries", Arity::once},
                                {"max_response_mb", Arity::once}, {"quorum", Arity::once},
                                {"scan_timeout", Arity::once}};
constexpr KeySpec kUtxoKeys[] = {
    {"network", Arity::once}, {"scan_chunk_size", Arity::once}, {"pin_retries", Arity::once}};
constexpr KeySpec kEvmKeys[] = {{"chain_id", Arity::once},
                                {"block", Arity::once},
                                {"token", Arity::repeatable},
                                {"batch_size", Arity::once},
                                {"parallel_batches", Arity::once},
                                {"genesis_hash", Arity::once},
                                {"proofs", Arity::once}};
// [evm.NAME] only: claim an address-book network name the built-in table does not map here,
// and name the chain's own coin (BNB, POL); [ethereum]'s is ETH.
constexpr KeySpec kEvmSectionKeys[] = {{"network", Arity::repeatable}, {"native", Arity::once}};
constexpr KeySpec kPricesKeys[] = {
    {"feed", Arity::repeatable}, {"max_age", Arity::repeatable}, {"bounds", Arity::repeatable}, {"quote", Arity::once}};
std::string trim(std::string_view s)
{
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

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
                return Error{ConfigError::syntax, "text after the closing quote (start a comment with ' #')"};
            }
            return value;
        } else {
            value += c;
        }
    }
    return Error{ConfigError::syntax, "unterminated quoted value"};
}

bool is_evm_section(std::string_view section)
{
    return section.rfind("evm.", 0) == 0;
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
    if (is_evm_section(section)) {
        if (const auto* k = search(kRpcKeys)) return k;
        if (const auto* k = search(kEvmKeys)) return k;
        return search(kEvmSectionKeys);
    }
    return nullptr;
}

}  // namespace

Status Parser::lex(std::string_view text, Config& config)
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
            if (line.back() != ']') return at(ConfigError::syntax, number, "malformed section header '" + line + "'");
            section = trim(std::string_view(line).substr(1, line.size() - 2));
            const auto book = detail::book_section_path(section);
            if (book && book->empty())
                return at(ConfigError::syntax, number, "a book section is [book \"PATH\"], got [" + section + "]");
            if (!book && !is_deferred_section(section) && section != "bitcoin" && section != "litecoin" &&
                section != "ethereum" && section != "prices" && !is_evm_section(section)) {
                return at(ConfigError::unknown, number, "unknown section [" + section + "]");
            }
            if (!m_sections.emplace(section, number).second) {
                return at(ConfigError::repeated, number, "section [" + section + "] given twice");
            }
            if (book) config.books[*book] = BookOptions{*book, "", std::nullopt, number};
        } else {
            if (line.find('=') == std::string::npos) {
                return at(ConfigError::syntax, number, "expected 'key = value', got '" + line + "'");
            }
            const auto eq = raw.find('=');
            auto value = lex_value(std::string_view(raw).substr(eq + 1));
            if (!value) return at(ConfigError::syntax, number, value.error().message);
            Line entry{section, trim(std::string_view(raw).substr(0, eq)), std::move(value.value()), number};
            if (is_deferred_section(section)) {
                config.extra[section].push_back(RawValue{entry.key, entry.value, number});
            } else if (const auto book = detail::book_section_path(section)) {
                if (auto s = book_key(config.books[*book], entry); !s) return s.error();
            } else {
                const KeySpec* spec = find_key(section, entry.key);
                const std::string where = section.empty() ? "at top level" : "in section [" + section + "]";
                if (!spec) return at(ConfigError::unknown, number, "unknown key '" + entry.key + "' " + where);
                if (spec->arity == Arity::once && !lines(section, entry.key).empty()) {
                    return at(ConfigError::repeated, number,
                              "key '" + entry.key + "' " + where + " given twice (first on line " +
                                  std::to_string(lines(section, entry.key).front()) + ")");
                }
                if (entry.value.empty()) return at(ConfigError::value, number, "key '" + entry.key + "' has no value");
                m_lines.push_back(std::move(entry));
            }
        }
    }
    return Ok{};
}

Status Parser::book_key(BookOptions& book, const Line& entry)
{
    if (!m_book_keys.insert(book.path + "\n" + entry.key).second) {
        return at(ConfigError::repeated, entry.line,
                  "key '" + entry.key + "' in section [book \"" + book.path + "\"] given twice");
    }
    if (auto s = detail::apply_book_key(book, entry.key, entry.value); !s) {
        return at(s.error().code_as<ConfigError>().value_or(ConfigError::value), entry.line, s.error().message);
    }
    return Ok{};
}

}  // namespace porwatch::config::detail
