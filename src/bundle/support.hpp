// Helpers shared by the bundle checks (private to src/bundle).
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/bundle/check.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/util/bytes.hpp"
#include "porwatch/util/hex.hpp"

namespace porwatch::bundle {

using porwatch::to_string;  // amounts, beside bundle::to_string(PartStatus)

// The failures of one part: all counted, the first few listed.
class Failures {
public:
    explicit Failures(std::string part) : m_part(std::move(part)) { }
    void add(std::string what)
    {
        if (m_listed.size() < kListed) m_listed.push_back(std::move(what));
        ++m_count;
    }
    bool empty() const { return m_count == 0; }
    // One part: ok with `ok_detail`, or failed listing what failed.
    void report(CheckReport& report, const std::string& ok_detail) const
    {
        if (m_count == 0) {
            report.add(m_part, PartStatus::ok, ok_detail);
            return;
        }
        std::string detail;
        for (const auto& l : m_listed) detail += (detail.empty() ? "" : "; ") + l;
        if (m_count > m_listed.size()) detail += "; and " + std::to_string(m_count - m_listed.size()) + " more";
        report.add(m_part, PartStatus::failed, detail);
    }

private:
    static constexpr std::size_t kListed = 10;
    std::string m_part;
    std::vector<std::string> m_listed;
    std::size_t m_count = 0;
};

// 0x + 64 hex (or 64 hex) as a Hash256.
inline std::optional<Hash256> hash_from_hex(std::string_view text)
{
    auto bytes = from_hex(text, HexPrefix::allowed);
    if (!bytes || bytes->size() != 32) return std::nullopt;
    Hash256 h;
    std::memcpy(h.data(), bytes->data(), 32);
    return h;
}

// Re-sum the totals from the bundle's balances, book and verdicts (snapshot::assemble) and
// compare them with the bundle's, exactly (totals.cpp).
void check_totals(const store::SnapshotExport& b, const std::vector<addressbook::BookEntry>& entries,
                  const std::vector<proof::ProofResult>& verdicts, CheckReport& report);

// The price evidence: the price block's timestamp against its header, each feed's verdict
// against its reading, every value re-computed (check_prices.cpp). Offline.
void check_prices(const store::SnapshotExport& b, CheckReport& report);

}  // namespace porwatch::bundle
