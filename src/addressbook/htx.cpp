// HTX rows: `coin,address,snapshot height,balance,message,signature` (por-formats.md §2).
// "-" marks an unsigned row (message and signature) and, for owner EOAs of contract
// wallets, an absent height and balance.
#include "rows.hpp"

namespace porwatch::addressbook::detail {

BookEntry read_htx_row(const CsvRecord& record, const RowContext& ctx)
{
    const auto& c = ctx.columns;
    BookEntry entry = start_entry(record, ctx, c.get(record, "coin"), "", c.get(record, "address"));
    entry.ownership.message = unless_sentinel(c.get(record, "message"));
    entry.ownership.signatures = present({c.get(record, "signature")});
    set_claim(entry, c.get(record, "balance"), AmountUnits::coin, c.get(record, "snapshot height"), std::nullopt);
    return entry;
}

}  // namespace porwatch::addressbook::detail
