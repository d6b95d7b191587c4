// SnapshotWriter: the one transaction of Store::write_snapshot (write.cpp), its book diff and
// verdicts (write_book.cpp), and its chains, totals and balance deltas (write_chains.cpp).
// Private to src/store. Ownership: borrows the Database and the Snapshot for one write.
// Thread-safety: one writer per write, on the thread that holds the Store.
#pragma once

#include <charconv>
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

// The keys of WriterCache's maps: fields joined by '\n' (no field holds one), written into
// `out`, whose capacity is reused: a lookup per row without an allocation per row.
inline const std::string& key2_into(std::string& out, std::string_view a, std::string_view b)
{
    out.assign(a);
    out += '\n';
    out += b;
    return out;
}

inline const std::string& key3_into(std::string& out, std::string_view a, std::string_view b, std::string_view c)
{
    key2_into(out, a, b);
    out += '\n';
    out += c;
    return out;
}

inline const std::string& balance_key_into(std::string& out, std::int64_t address_id, std::string_view asset)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, address_id).ptr;
    return key2_into(out, std::string_view(digits, static_cast<std::size_t>(end - digits)), asset);
}

// The same keys as new strings, where a key is stored rather than looked up.
inline std::string key2(std::string_view a, std::string_view b)
{
    std::string key;
    key2_into(key, a, b);
    return key;
}

inline std::string key3(std::string_view a, std::string_view b, std::string_view c)
{
    std::string key;
    key3_into(key, a, b, c);
    return key;
}

inline std::string balance_key(std::int64_t address_id, std::string_view asset)
{
    std::string key;
    balance_key_into(key, address_id, asset);
    return key;
}

// Everything one write needs, loaded (or taken from the cache) and written under the
// transaction's write lock.
class SnapshotWriter {
public:
    SnapshotWriter(Database& db, const snapshot::Snapshot& snap, WriterCache& cache)
        : m_db(db), m_snap(snap), m_cache(cache)
    { }

    Result<WriteReport> write(const std::optional<BookInput>& book, const std::string& error, const WriteHook& hook);

private:
    Status check_consistent() const;
    // Fill the cache from the database unless it is valid for this connection's data_version.
    Status load_cache();
    Status load_addresses();
    Status load_latest_balances();
    Status insert_snapshot(std::optional<std::int64_t> book_entries, const std::string& error);
    Result<std::int64_t> add_address(address::Chain chain, address::Network network, const std::string& text,
                                     const std::string& script_hex, const std::string& source,
                                     const std::string& label);
    Status add_event(std::int64_t address_id, std::string_view event, const std::string& source);
    Status sync_book(const BookInput& book);
    Status store_verdicts(const BookInput& book);
    Status load_latest_verdicts();
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
    WriterCache& m_cache;
};

}  // namespace porwatch::store::detail
