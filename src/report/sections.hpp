// The report's sections after the asset cards, private to src/report. Each returns one
// <section class="card"> of HTML, every text escaped. Pure.
#pragma once

#include <string>

#include "porwatch/store/report_data.hpp"

namespace porwatch::report {

// The latest snapshot of the period: status, and per chain its height, block hash, endpoints.
std::string evidence_section(const store::ReportData& data);
// The value of the reserves at the period's last snapshot that read prices, and each feed's
// price or the reason it was unpriced; "" when no snapshot of the period read prices.
std::string value_section(const store::ReportData& data);
// Alert notifications of the period, newest first, and the keys firing now.
std::string alerts_section(const store::ReportData& data);
// The address book: addresses per chain, latest ownership verdicts by status, files checked.
std::string book_section(const store::ReportData& data);
// The largest per-address balance changes of the period, per asset.
std::string changes_section(const store::ReportData& data);
// Snapshots of the period that were not complete, with their reasons.
std::string failures_section(const store::ReportData& data);

}  // namespace porwatch::report
