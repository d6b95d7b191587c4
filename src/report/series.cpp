// The report's data shaping: series with gaps, quiet periods, and text helpers.
#include <algorithm>
#include <map>
#include <tuple>

#include "parts.hpp"
#include "porwatch/alert/rules.hpp"

namespace porwatch::report {

std::string escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string utc(std::int64_t seconds)
{
    return alert::format_utc_timestamp(seconds);
}

std::string signed_change(const Units& before, const Units& after, unsigned decimals)
{
    if (after == before) return "0";
    return after > before ? "+" + format_decimal(after - before, decimals)
                          : "-" + format_decimal(before - after, decimals);
}

bool alert_concerns(std::string_view key, const Series& series)
{
    const auto colon = key.find(':');
    if (colon == std::string_view::npos) return true;  // "stale": about every figure
    std::string_view subject = key.substr(colon + 1);
    subject = subject.substr(0, subject.find(':'));  // "drop:ETH:1d" → "ETH"
    return subject == series.asset || subject == series.chain;
}

std::vector<Quiet> quiet_periods(const std::vector<store::ReportSnapshot>& snapshots, std::int64_t until)
{
    std::vector<Quiet> out;
    const std::size_t n = snapshots.size();
    if (n < 3) return out;  // too few spacings to know what is usual
    std::vector<std::int64_t> gap(n - 1);
    for (std::size_t i = 0; i + 1 < n; ++i) gap[i] = snapshots[i + 1].started_at - snapshots[i].started_at;
    for (std::size_t i = 0; i < gap.size(); ++i) {
        const std::int64_t before = i > 0 ? gap[i - 1] : 0;
        const std::int64_t after = i + 1 < gap.size() ? gap[i + 1] : 0;
        const std::int64_t usual = std::max(before, after);
        if (usual > 0 && gap[i] > 3 * usual) out.push_back({snapshots[i].started_at, snapshots[i + 1].started_at});
    }
    const std::int64_t last = snapshots.back().started_at;
    if (until - last > 3 * std::max<std::int64_t>(gap.back(), 1)) out.push_back({last, until});
    return out;
}

std::vector<Series> build_series(const store::ReportData& data, const std::vector<Quiet>& quiet)
{
    using Key = std::tuple<std::int64_t, std::string, std::string>;  // snapshot, asset, chain
    std::map<std::pair<std::string, std::string>, Series> by_key;  // (asset, chain)
    std::map<Key, const store::ReportTotal*> totals;
    for (const auto& t : data.totals) {
        Series& s = by_key[{t.asset, t.chain}];
        s.asset = t.asset;
        s.chain = t.chain;
        s.decimals = t.decimals;
        s.latest = &t;  // totals are oldest first
        totals[{t.snapshot_id, t.asset, t.chain}] = &t;
    }
    std::map<std::pair<std::int64_t, std::string>, const store::ReportChainRead*> reads;
    for (const auto& c : data.chains) reads[{c.snapshot_id, c.chain}] = &c;
    std::vector<Series> out;
    for (auto& [key, s] : by_key) {
        bool broken = true;  // the first point starts a segment
        std::int64_t previous_at = 0;
        for (const auto& snap : data.snapshots) {
            const auto read = reads.find({snap.id, s.chain});
            const auto total = totals.find({snap.id, s.asset, s.chain});
            if (total == totals.end()) {
                std::string why =
                    read != reads.end()
                        ? read->second->status + (read->second->error.empty() ? "" : ": " + read->second->error)
                        : (snap.error.empty() ? "not read in this snapshot" : snap.error);
                s.missing.push_back({snap.started_at, snap.id, std::move(why)});
                broken = true;
                continue;
            }
            const store::ReportTotal& t = *total->second;
            const bool across_quiet = std::any_of(quiet.begin(), quiet.end(), [&](const Quiet& q) {
                return q.from >= previous_at && q.to <= snap.started_at;
            });
            Point p;
            p.at = snap.started_at;
            p.snapshot_id = snap.id;
            p.units = t.units;
            p.verified_units = t.verified_units;
            if (read != reads.end()) {
                p.height = read->second->height;
                p.block_hash = read->second->block_hash;
            }
            p.starts_segment = broken || (!s.points.empty() && across_quiet);
            s.has_verified = s.has_verified || t.verified_units.has_value();
            s.points.push_back(std::move(p));
            broken = false;
            previous_at = snap.started_at;
        }
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace porwatch::report
