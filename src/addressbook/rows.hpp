// Per-layout row readers and the helpers they share. Internal to src/addressbook.
//
// Each reader turns one detail record into one BookEntry; none of them fails: a row's
// problems (unsupported coin, bad address, inexact amount) are recorded in the entry.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv.hpp"
#include "porwatch/addressbook/book.hpp"

namespace porwatch::addressbook::detail {

// A detail header: normalized column names → index.
class Columns {
public:
    explicit Columns(std::vector<std::string> names) : m_names(std::move(names)) { }
    // Returns: the field under column `name`, or "" when the row is short or has no such column.
    std::string_view get(const CsvRecord& record, std::string_view name) const;
    bool has(std::string_view name) const;
    std::size_t size() const { return m_names.size(); }

private:
    std::vector<std::string> m_names;
};

struct RowContext {
    const std::string& file;
    FileFormat format;
    std::string layout;
    const Columns& columns;
    // OKX 7-column files: summary `coin,snapshot height,amount` heights by upper-case coin.
    const std::map<std::string, std::uint64_t>& summary_heights;
};

enum class AmountUnits {
    base,
    coin
};  // integer base units (OKX 2022) or decimal coin units

// Fill file, line, format, layout; the coin-derived fields (or unsupported_reason); and the
// address (or address_error) from `address_text`.
BookEntry start_entry(const CsvRecord& record, const RowContext& ctx, std::string_view coin,
                      std::string_view network_column, std::string_view address_text);

// Set `claim` from `amount` (or claim_error). "" / "-" amount = no claim. `height_text` ""/"-"
// = no height; `fallback_height` is used when the layout has no height column.
void set_claim(BookEntry& entry, std::string_view amount, AmountUnits units, std::string_view height_text,
               std::optional<std::uint64_t> fallback_height);

// Returns: the fields that are not sentinels, in order.
std::vector<std::string> present(std::initializer_list<std::string_view> fields);

// Returns: `field`, or "" when it is a sentinel.
std::string unless_sentinel(std::string_view field);

BookEntry read_okx_row(const CsvRecord& record, const RowContext& ctx);
BookEntry read_okx_auditor_row(const CsvRecord& record, const RowContext& ctx);
BookEntry read_htx_row(const CsvRecord& record, const RowContext& ctx);
BookEntry read_native_row(const CsvRecord& record, const RowContext& ctx);

}  // namespace porwatch::addressbook::detail
