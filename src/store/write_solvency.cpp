// The liabilities files and solvency rows of a snapshot (schema 008), written inside
// Store::write_snapshot's transaction.
#include "porwatch/util/utf8.hpp"
#include "store_impl.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::store::detail {
namespace {

std::optional<std::string> text(const std::optional<Units>& units)
{
    if (!units) return std::nullopt;
    return porwatch::to_string(*units);
}

std::optional<std::int64_t> integer(const std::optional<std::uint64_t>& value)
{
    if (!value) return std::nullopt;
    return static_cast<std::int64_t>(*value);
}

std::optional<std::string> non_empty(const std::string& value)
{
    if (value.empty()) return std::nullopt;
    return valid_utf8(value);
}

}  // namespace

Status store_solvency(Database& db, std::int64_t snapshot_id, const snapshot::Snapshot& snap)
{
    if (!snap.liabilities.empty()) {
        Result<Statement> file = db.prepare(
            "INSERT INTO snapshot_liabilities (snapshot_id, file, format, sha256, status, error, height, root, "
            "nodes, checked, zk_status, zk_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!file) return file.error();
        for (const auto& f : snap.liabilities) {
            const liabilities::Liabilities* l = f.liabilities ? &*f.liabilities : nullptr;
            std::optional<std::string> zk;
            if (f.zk_status) zk = std::string(liabilities::to_string(*f.zk_status));
            file->bind_all(snapshot_id, valid_utf8(f.spec.path), liabilities::to_string(f.spec.format), f.sha256,
                           std::string_view(l ? "verified" : "failed"), non_empty(f.error),
                           integer(l ? l->height : std::nullopt), non_empty(l ? l->root : ""),
                           l ? std::optional<std::int64_t>(static_cast<std::int64_t>(l->nodes)) : std::nullopt,
                           non_empty(l ? l->checked : ""), zk, non_empty(f.zk_detail));
            if (Status s = file->run(); !s) return s;
        }
    }
    if (snap.aggregate_solvency) {
        const snapshot::AggregateSolvency& a = *snap.aggregate_solvency;
        const std::string included = join(a.included, ",");
        std::vector<std::string> excluded_assets, reason_lines;
        for (const auto& [asset, reason] : a.excluded) {
            excluded_assets.push_back(asset);
            std::string line = asset + ": " + reason;
            for (char& c : line) c = c == '\n' ? ' ' : c;  // one line per excluded asset
            reason_lines.push_back(std::move(line));
        }
        const std::string excluded = join(excluded_assets, ","), reasons = join(reason_lines, "\n");
        Result<Statement> value = db.prepare(
            "INSERT INTO solvency_value (snapshot_id, quote, reserves_value_units, verified_reserves_value_units, "
            "liabilities_value_units, ratio_hundredths, verified_ratio_hundredths, complete, included, excluded, "
            "excluded_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!value) return value.error();
        value->bind_all(snapshot_id, valid_utf8(a.quote), prices::to_string(a.reserves_value),
                        prices::to_string(a.verified_reserves_value), prices::to_string(a.liabilities_value),
                        text(a.ratio_hundredths), text(a.verified_ratio_hundredths), std::int64_t{a.complete ? 1 : 0},
                        valid_utf8(included), valid_utf8(excluded), valid_utf8(reasons));
        if (Status st = value->run(); !st) return st;
    }
    if (snap.solvency.empty()) return Ok{};
    Result<Statement> row = db.prepare(
        "INSERT INTO solvency (snapshot_id, asset, chain, status, reason, decimals, units, verified_units, "
        "reserves_height, reserves_block_hash, liabilities_file, liabilities_format, liabilities_root, "
        "liabilities_height, liabilities_decimals, liabilities_units, equity_units, debt_units, ratio_hundredths, "
        "verified_ratio_hundredths, max_age_blocks, age_blocks, stale, stale_reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!row) return row.error();
    for (const auto& s : snap.solvency) {
        std::optional<std::string> format;
        if (s.liabilities_format) format = std::string(liabilities::to_string(*s.liabilities_format));
        std::optional<std::int64_t> age;
        if (s.age_blocks) age = *s.age_blocks;
        row->bind_all(snapshot_id, s.asset, address::to_string(s.chain), snapshot::to_string(s.status),
                      non_empty(s.reason), std::int64_t{s.decimals}, text(s.units), text(s.verified_units),
                      integer(s.reserves_height), non_empty(s.reserves_block_hash), non_empty(s.liabilities_file),
                      format, non_empty(s.liabilities_root), integer(s.liabilities_height),
                      std::int64_t{s.liabilities_decimals}, text(s.liabilities_units), text(s.equity_units),
                      text(s.debt_units), text(s.ratio_hundredths), text(s.verified_ratio_hundredths),
                      integer(s.max_age_blocks), age, std::int64_t{s.stale ? 1 : 0}, non_empty(s.stale_reason));
        if (Status st = row->run(); !st) return st;
    }
    return Ok{};
}

}  // namespace porwatch::store::detail
