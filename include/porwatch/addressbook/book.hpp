// The address book: every row of the published address files (OKX CSV, HTX CSV, porwatch
// native CSV) as a typed BookEntry, with what it claims (ownership proof, balance) and where
// it came from (file and 1-based line).
//
// Invariant: no row is ever dropped silently. A row whose coin porwatch does not support is
// an entry with `unsupported_reason` set; a row whose address does not parse is an entry
// with `address_error` set (it can never verify). Only structurally unreadable input (not a
// CSV of a known layout) is an Error.
//
// Parsing is pure (text in, entries out); load_book_file() is the only function that
// touches the file system. Thread-safety: values; functions are reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"
#include "porwatch/util/enum_names.hpp"

namespace porwatch::addressbook {

// Persisted by name (to_string); names are frozen.
enum class FileFormat {
    okx,
    htx,
    porwatch
};
inline constexpr std::array kAllFileFormats{FileFormat::okx, FileFormat::htx, FileFormat::porwatch};
std::string_view to_string(FileFormat format);
std::optional<FileFormat> file_format_from_string(std::string_view name);

// What a row offers as proof that the exchange controls the address.
struct OwnershipClaim {
    std::string message;  // exact UTF-8 bytes as published
    std::vector<std::string> signatures;  // as published, sentinels ("-", "", "null", "\N") removed;
        // empty = the row is unsigned
    std::string script;  // hex redeem/witness script or public key; "" if none
    std::string scheme;  // explicit scheme (native `scheme` column); "" = auto
    std::vector<std::string> owners;  // OKX eoa1/eoa2: owner EOAs of a contract address;
        // signatures[i] is owners[i]'s signature
};

// What a row says the address holds, exactly, in base units of `asset`.
struct BalanceClaim {
    Units units;
    // The row's snapshot height, if given. OKX's 7-column layout has no per-row height: there
    // it is the summary section's height for the same coin (e.g. `BTC,763861,449.5140`).
    std::optional<std::uint64_t> height;
    // The decimals a published coin amount was read with ("1.5" BTC at 8); nullopt for amounts
    // published in base units (OKX 2022). A claim only adds to a total of the same decimals.
    std::optional<unsigned> decimals = std::nullopt;
};

// Why a row's published amount gave no claim (`claim_error` says it in words).
enum class ClaimIssue {
    none,  // a claim, or no amount published ("" / "-")
    invalid,  // the amount (or its height) is not exact in the asset's decimals: a row error
    unknown_decimals,  // porwatch does not know the asset's decimals for certain: no claim, not an error
};

struct BookEntry {
    std::string file;  // path as given to the loader
    std::size_t line = 0;  // 1-based line number in `file`
    FileFormat format = FileFormat::porwatch;
    // The exact detail layout: "okx-7", "okx-9", "okx-11", "okx-12", "okx-auditor" (format
    // okx; the auditor file has no amounts), "htx", "porwatch".
    std::string layout;
    std::string coin;  // as published: "BTC", "USDT-ERC20", "ETH-ARBITRUM"
    std::string asset;  // the asset symbol: "BTC", "LTC", "ETH", "USDT"
    // Base-unit decimals of `asset` on `chain`. 0 when porwatch does not know them for
    // certain (then a decimal amount gives no `claim`, and `claim_error` says why).
    unsigned decimals = 0;
    // The chain the address lives on. Unset when the coin is unsupported.
    std::optional<address::Chain> chain;
    address::Network network = address::Network::main;
    // For EVM rows: the EVM network as published ("ETH", "ARBITRUM", "OPTIMISM", …).
    // Balances are read only for rows on the configured [ethereum] chain.
    std::string evm_network;
    std::string address_text;  // as published (trimmed)
    std::optional<address::Address> address;  // set when the address parsed
    std::string address_error;  // why it did not parse ("" when it did)
    std::string unsupported_reason;  // non-empty → porwatch cannot handle this coin yet
    OwnershipClaim ownership;
    std::optional<BalanceClaim> claim;  // OKX and HTX state one; native files may not
    std::string amount_text;  // the amount as published (trimmed); "" if none
    // Why `amount_text` gave no claim although it is not empty or "-": not an exact amount
    // in `decimals`, decimals of the asset unknown, bad height. "" otherwise. Such a row is
    // still an entry (its signature can verify); it just claims nothing checkable.
    std::string claim_error;
    ClaimIssue claim_issue = ClaimIssue::none;
    // A field of the row is not valid UTF-8 ("column 'address' is not valid UTF-8 (byte 0xff
    // at offset 3)"), or "" . Such a row can never verify: it is a row error.
    std::string input_error;
    std::string label;  // native `label`; OKX V6 `Type` ("Native ETH Staking")

    bool is_supported() const { return unsupported_reason.empty(); }
    bool is_signed() const { return !ownership.signatures.empty(); }
    bool has_claim_error() const { return claim_issue == ClaimIssue::invalid; }
};

// Detect the layout from the header line(s). Fails with the file name when no known header is found.
Result<FileFormat> detect_format(std::string_view text, const std::string& file_name);

// Parse a whole file's text. `format` = nullopt means auto-detect.
// Fails only when the text is not a CSV of a known layout (message names file and line).
Result<std::vector<BookEntry>> parse_book(std::string_view text, const std::string& file_name,
                                          std::optional<FileFormat> format = std::nullopt);

// Read and parse one file. Fails when it cannot be read (message names the path).
Result<std::vector<BookEntry>> load_book_file(const std::string& path, std::optional<FileFormat> format = std::nullopt);

}  // namespace porwatch::addressbook
