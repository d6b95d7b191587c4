// Helpers shared by the row readers (see rows.hpp).
#include <algorithm>

#include "coins.hpp"
#include "rows.hpp"

namespace porwatch::addressbook::detail {
std::string_view Columns::get(const CsvRecord& record, std::string_view name) const
{
    const auto it = std::find(m_names.begin(), m_names.end(), name);
    if (it == m_names.end()) return {};
    const auto index = static_cast<std::size_t>(it - m_names.begin());
    return index < record.fields.size() ? std::string_view(record.fields[index]) : std::string_view{};
}

bool Columns::has(std::string_view name) const
{
    return std::find(m_names.begin(), m_names.end(), name) != m_names.end();
}

BookEntry start_entry(const CsvRecord& record, const RowContext& ctx, std::string_view coin,
                      std::string_view network_column, std::string_view address_text)
{
    BookEntry entry;
    entry.file = ctx.file;
    entry.line = record.line;
    entry.format = ctx.format;
    entry.layout = ctx.layout;
    entry.coin = std::string(trim(coin));
    entry.address_text = std::string(trim(address_text));
    const auto info = resolve_coin(coin, network_column);
    if (!info) {
        entry.asset = entry.coin;
        entry.unsupported_reason = "coin " + entry.coin;
        if (!trim(network_column).empty())
            entry.unsupported_reason += " on network " + std::string(trim(network_column));
        entry.unsupported_reason += " is not supported yet";
        return entry;
    }
    entry.chain = info->chain;
    entry.network = info->network;
    entry.evm_network = info->evm_network;
    entry.asset = info->asset;
    entry.decimals = info->decimals.value_or(0);
    auto parsed = address::parse_address(entry.address_text, entry.chain, entry.network);
    if (parsed) {
        entry.address = std::move(parsed->address);
    } else {
        entry.address_error = parsed.error().message;
    }
    return entry;
}

void set_claim(BookEntry& entry, std::string_view amount, AmountUnits units, std::string_view height_text,
               std::optional<std::uint64_t> fallback_height)
{
    amount = trim(amount);
    height_text = trim(height_text);
    entry.amount_text = std::string(amount);
    if (amount.empty() || amount == "-" || !entry.is_supported()) return;
    const auto fail = [&](ClaimIssue issue, std::string why) {
        entry.claim_issue = issue;
        entry.claim_error = std::move(why);
    };

    std::optional<std::uint64_t> height = fallback_height;
    if (!height_text.empty() && height_text != "-") {
        height = parse_u64(height_text);
        if (!height)
            return fail(ClaimIssue::invalid,
                        "snapshot height '" + std::string(height_text) + "' is not a block number");
    } else if (!height_text.empty()) {
        height.reset();  // "-": the file says there is none
    }

    Result<Units> parsed = Error{""};
    std::optional<unsigned> read_with;
    if (units == AmountUnits::base) {
        parsed = parse_units(amount);
    } else {
        const auto decimals = asset_decimals(entry.asset, *entry.chain, entry.evm_network);
        if (!decimals) {
            return fail(
                ClaimIssue::unknown_decimals,
                "decimals of " + entry.asset + " on " +
                    (entry.evm_network.empty() ? std::string(address::to_string(*entry.chain)) : entry.evm_network) +
                    " are not known; amount '" + std::string(amount) + "' not claimed");
        }
        // A published claim is exact as written: no exponent, sign or separator (the lenient
        // parse_decimal is for JSON numbers from nodes).
        parsed = parse_published_decimal(amount, *decimals);
        read_with = *decimals;
    }
    if (!parsed) return fail(ClaimIssue::invalid, "claimed amount: " + parsed.error().message);
    entry.claim = BalanceClaim{*parsed, height, read_with};
}

std::vector<std::string> present(std::initializer_list<std::string_view> fields)
{
    std::vector<std::string> out;
    for (const auto field : fields) {
        if (!is_sentinel(field)) out.emplace_back(trim(field));
    }
    return out;
}

std::string unless_sentinel(std::string_view field)
{
    return is_sentinel(field) ? std::string() : std::string(trim(field));
}

}  // namespace porwatch::addressbook::detail
