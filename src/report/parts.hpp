// The pieces of the report, private to src/report: the series of each (asset, chain) with
// its gaps, the periods without snapshots, the SVG chart, and HTML text helpers. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/store/report_data.hpp"

namespace porwatch::report {

// Returns: `text` with & < > " ' escaped for HTML text and attribute values.
std::string escape(std::string_view text);
// Returns: "2026-11-01T12:00:00Z".
std::string utc(std::int64_t seconds);
// Returns: after − before as exact signed decimal text: "+1.50000000", "-2.5", "0".
std::string signed_change(const Units& before, const Units& after, unsigned decimals);

// A stretch of time with no snapshot at all (the daemon was not running, or stuck).
struct Quiet {
    std::int64_t from = 0;
    std::int64_t to = 0;
};

// One stored figure of a series.
struct Point {
    std::int64_t at = 0;
    std::int64_t snapshot_id = 0;
    Units units;
    std::optional<Units> verified_units;
    std::uint64_t height = 0;
    std::string block_hash;
    bool starts_segment = false;  // the line is broken before this point (a gap)
};

// A snapshot of the period without a figure for the series: its chain failed or was
// disputed, or the cycle failed before reading it.
struct Missing {
    std::int64_t at = 0;
    std::int64_t snapshot_id = 0;
    std::string why;
};

struct Series {
    std::string asset;
    std::string chain;
    unsigned decimals = 0;
    std::vector<Point> points;  // oldest first
    std::vector<Missing> missing;
    bool has_verified = false;  // some point has verified_units (the database stores them)
    const store::ReportTotal* latest = nullptr;  // the newest stored total in the period
};

// Returns: one series per (asset, chain) of the period's totals, by asset then chain. The
// line breaks at every snapshot without a figure and across every `quiet` period.
std::vector<Series> build_series(const store::ReportData& data, const std::vector<Quiet>& quiet);

// Returns: the gaps between consecutive snapshots (and after the last one, up to `until`)
// longer than three times both neighbouring spacings: a missed schedule, not the coarser
// spacing retention leaves in older history.
std::vector<Quiet> quiet_periods(const std::vector<store::ReportSnapshot>& snapshots, std::int64_t until);

// The time axis of every chart.
struct TimeAxis {
    std::int64_t from = 0;
    std::int64_t to = 1;  // > from
};

// Returns: the inline <svg> chart of `series` over `axis`, with quiet periods shaded, missing
// figures ticked in red and the alert marks that concern the series' asset or chain.
std::string chart_svg(const Series& series, const TimeAxis& axis, const std::vector<Quiet>& quiet,
                      const std::vector<store::ReportAlertMark>& alerts);

// True when alert `key` ("drop:ETH:1d", "stale", "disputed:ethereum") concerns the series.
bool alert_concerns(std::string_view key, const Series& series);

}  // namespace porwatch::report
