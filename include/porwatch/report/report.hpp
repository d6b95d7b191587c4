// `porwatch report`: one self-contained HTML page about a period of the history database.
//
// The page has, per asset and chain, a chart of the reserves over time (every address, and the
// verified part where the database stores it), failed reads and periods without snapshots
// shown as gaps (never as zero), alert notifications marked on the time axis; the latest
// snapshot's evidence (heights, block hashes, endpoints); the address book summary with
// verification counts; and the largest balance changes of the period.
//
// Self-contained: no script, no external stylesheet, font or image; a Content-Security-Policy
// meta (default-src 'none') makes the browser refuse any request the page could make. The
// charts are inline SVG drawn here with integer (fixed-point tenths of a pixel) geometry.
// Every figure printed is the exact decimal text of a stored integer, HTML-escaped.
//
// Pure: no I/O, no clock (the time of generation is passed in). Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "porwatch/store/report_data.hpp"

namespace porwatch::report {

struct ReportOptions {
    std::int64_t generated_at = 0;  // UTC unix seconds, printed in the header
};

// Returns: the whole HTML document.
std::string render_report(const store::ReportData& data, const ReportOptions& options);

}  // namespace porwatch::report
