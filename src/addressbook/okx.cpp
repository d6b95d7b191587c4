// OKX rows: the 7/9/11/12-column detail layouts and the auditor (AUP) layout
// (por-formats.md §1.3, §1.4). Columns are looked up by their normalized header names.
#include "rows.hpp"

namespace porwatch::addressbook::detail {
namespace {

// OKX's contract rows: eoa1/eoa2 own the address; signature1/signature2 are theirs, in order.
void set_signatures(BookEntry& entry, std::string_view sig1, std::string_view sig2, std::string_view owner1,
                    std::string_view owner2)
{
    entry.ownership.signatures = present({sig1, sig2});
    entry.ownership.owners = present({owner1, owner2});
}

std::optional<std::uint64_t> summary_height(const RowContext& ctx, const std::string& coin)
{
    const auto it = ctx.summary_heights.find(upper(coin));
    if (it == ctx.summary_heights.end()) return std::nullopt;
    return it->second;
}

}  // namespace

BookEntry read_okx_row(const CsvRecord& record, const RowContext& ctx)
{
    const auto& c = ctx.columns;
    BookEntry entry =
        start_entry(record, ctx, c.get(record, "coin"), c.get(record, "network"), c.get(record, "address"));
    entry.label = unless_sentinel(c.get(record, "type"));
    entry.ownership.message = std::string(c.get(record, "message"));
    entry.ownership.script = unless_sentinel(c.get(record, "redeem script/public key"));
    set_signatures(entry, c.get(record, "signature1"), c.get(record, "signature2"), c.get(record, "eoa1"),
                   c.get(record, "eoa2"));
    if (c.has("snapshot height")) {
        set_claim(entry, c.get(record, "amount"), AmountUnits::coin, c.get(record, "snapshot height"), std::nullopt);
    } else {
        // The 2022 layout: base units, and the height only in the summary section.
        set_claim(entry, c.get(record, "amount"), AmountUnits::base, "", summary_height(ctx, entry.coin));
    }
    return entry;
}

BookEntry read_okx_auditor_row(const CsvRecord& record, const RowContext& ctx)
{
    const auto& c = ctx.columns;
    BookEntry entry =
        start_entry(record, ctx, c.get(record, "digitalasset"), c.get(record, "network"), c.get(record, "address"));
    entry.ownership.message = std::string(c.get(record, "message"));
    entry.ownership.script = unless_sentinel(c.get(record, "publickey"));
    set_signatures(entry, c.get(record, "signedmessage"), c.get(record, "signedmessage2"), c.get(record, "owner1"),
                   c.get(record, "owner2"));
    return entry;  // the auditor layout states no amounts
}

}  // namespace porwatch::addressbook::detail
