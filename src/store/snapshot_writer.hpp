// SnapshotWriter: the one transaction of Store::write_snapshot (write.cpp), its book diff and
// verdicts (write_book.cpp), and its chains, totals and balance deltas (write_chains.cpp).
// Private to src/store. Ownership: borrows the Database and the Snapshot for one write.
// Thread-safety: one writer per write, on the thread that holds the Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store_impl.hpp"

namespace porwatch::store::detail {

// Returns Error from the enclosing function when `expr` (a Status or Result) failed. Each
// file that includes this header #undefs it at its end.
#define PW_TRY(expr)                                                                                                   \
    do {                                                                                                               \
        if (auto pw_try_result = (expr); !pw_try_result) {                                                             \
            return pw_try_result.error();                                                                              \
        }                                                                                                              \
    } while (false)

struct StoredAddress {
    std::int64_t id = 0;
    bool active = false;
    std::string source_file;
    std::string label;
};

inline std::string key2(std::string_view a, std::string_view b)
{
    std::string key(a);
    key += '\n';
    key += b;
    return key;
}

inline std::string key3(std::string_view a, std::string_view b, std::string_view c)
{
    return key2(key2(a, b), c);
}

inline std::string balance_key(std::int64_t address_id, std::string_view asset)
{
    return key2(std::to_string(address_id), asset);
}

// Everything one write needs, loaded and written under the transaction's write lock.
class SnapshotWriter {
public:
    SnapshotWriter(Database& db, const snapshot::Snapshot& snap) : m_db(db), m_snap(snap) { }

    Result<WriteReport> write(const std::optional<BookInput>& book, const std::string& error, const WriteHook& hook);

private:
    Status check_consistent() const;
    Status load_addresses();
    Status load_latest_balances();
    Status insert_snapshot(std::optional<std::int64_t> book_entries, const std::string& error);
    Result<std::int64_t> add_address(address::Chain chain, address::Network network, const std::string& text,
                                     const std::string& script_hex, const std::string& source,
                                     const std::string& label);
    Status add_event(std::int64_t address_id, std::string_view event, const std::string& source);
    Status sync_book(const BookInput& book);
    Status store_verdicts(const BookInput& book);
    Status store_chains_and_totals();
    Status store_balances();

    // Returns: `slot`'s statement, preparing `sql` into it on first use.
    Result<Statement*> cached(std::optional<Statement>& slot, std::string_view sql)
    {
        if (!slot) {
            Result<Statement> prepared = m_db.prepare(sql);
            if (!prepared) return prepared.error();
            slot.emplace(std::move(*prepared));
        }
        return &*slot;
    }

    Database& m_db;
    const snapshot::Snapshot& m_snap;
    std::optional<Statement> m_insert_address;
    std::optional<Statement> m_insert_event;
    WriteReport m_report;
    std::unordered_map<std::string, StoredAddress> m_addresses;  // chain\nnetwork\naddress
    std::unordered_map<std::string, std::int64_t> m_by_text;  // chain\naddress, in book first
    // Latest stored balance per address_id\nasset; nullopt = the address left the book.
    std::unordered_map<std::string, std::optional<std::string>> m_latest;
    std::unordered_map<std::int64_t, std::vector<std::string>> m_assets_of;  // id → assets
};

}  // namespace porwatch::store::detail
