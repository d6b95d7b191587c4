// render_report: the page skeleton, the header and one card per asset. The other sections
// (evidence, alerts, book, balance changes, failures) are in sections.cpp.
#include <algorithm>
#include <map>

#include "parts.hpp"
#include "porwatch/report/report.hpp"
#include "porwatch/snapshot/snapshot.hpp"
#include "sections.hpp"
#include "style.hpp"

namespace porwatch::report {
namespace {

std::string stat(const std::string& label, const std::string& value_html)
{
    return "<div class=\"stat\"><b>" + escape(label) + "</b>" + value_html + "</div>";
}

std::string amount_html(const Units& units, unsigned decimals, const std::string& asset)
{
    return "<span class=\"num\">" + escape(format_decimal(units, decimals)) + "</span> " + escape(asset);
}

std::string header(const store::ReportData& data, const ReportOptions& options)
{
    std::map<std::string, std::size_t> by_status;
    for (const auto& s : data.snapshots) ++by_status[s.status];
    std::string counts;
    for (const auto value : snapshot::kAllSnapshotStatuses) {
        const std::string status(snapshot::to_string(value));
        counts += (counts.empty() ? "" : ", ") + std::to_string(by_status[status]) + " <span class=\"" + status +
                  "\">" + status + "</span>";
    }
    std::string firing;
    for (const auto& key : data.firing_now) {
        firing += (firing.empty() ? "" : " ") + std::string("<span class=\"badge firing\">") + escape(key) + "</span>";
    }
    return "<header><h1>Reserve report</h1><p class=\"muted\">porwatch " PORWATCH_VERSION " · database <code>" +
           escape(data.database) + "</code> (schema " + std::to_string(data.schema_version) +
           ")</p><div class=\"stats\">" +
           stat("Period (UTC)", "<span class=\"num\">" + escape(utc(data.query.since)) +
                                    "</span> to <span class=\"num\">" + escape(utc(data.query.until)) + "</span>") +
           stat("Generated", "<span class=\"num\">" + escape(utc(options.generated_at)) + "</span>") +
           stat("Snapshots in the period", std::to_string(data.snapshots.size()) + ": " + counts) +
           stat("Alerts firing now", firing.empty() ? "<span class=\"ok\">none</span>" : firing) + "</div></header>";
}

std::string legend(const Series& s)
{
    std::string out = "<div class=\"legend\"><span><i class=\"key all\"></i>every address</span>";
    if (s.has_verified) out += "<span><i class=\"key verified\"></i>verified addresses</span>";
    out += "<span><i class=\"key missing\"></i>no figure (read failed)</span>"
           "<span><i class=\"key quiet\"></i>no snapshot</span>"
           "<span><i class=\"key alert\"></i>alert</span></div>";
    return out;
}

std::string figures_table(const Series& s)
{
    std::string rows;
    for (auto it = s.points.rbegin(); it != s.points.rend(); ++it) {
        const Point& p = *it;
        rows += "<tr><td class=\"num\">" + escape(utc(p.at)) + "</td><td class=\"r num\">" + std::to_string(p.height) +
                "</td><td class=\"r num\">" + escape(format_decimal(p.units, s.decimals)) + "</td>" +
                (s.has_verified
                     ? "<td class=\"r num\">" +
                           (p.verified_units ? escape(format_decimal(*p.verified_units, s.decimals)) : "") + "</td>"
                     : "") +
                "<td class=\"hash\">" + escape(p.block_hash) + "</td></tr>";
    }
    for (const Missing& m : s.missing) {
        rows += "<tr><td class=\"num\">" + escape(utc(m.at)) + "</td><td></td><td class=\"r failed\">no figure</td>" +
                (s.has_verified ? "<td></td>" : "") + "<td>" + escape(m.why) + "</td></tr>";
    }
    return "<details><summary>All " + std::to_string(s.points.size()) + " figures of the period (" +
           std::to_string(s.missing.size()) +
           " snapshots without one)</summary><div class=\"scroll\"><table>"
           "<thead><tr><th>Taken at (UTC)</th><th class=\"r\">Height</th><th class=\"r\">" +
           escape(s.asset) + "</th>" + (s.has_verified ? "<th class=\"r\">Verified</th>" : "") +
           "<th>Block hash / why</th></tr></thead><tbody>" + rows + "</tbody></table></div></details>";
}

std::string asset_card(const Series& s, const TimeAxis& axis, const std::vector<Quiet>& quiet,
                       const store::ReportData& data)
{
    std::string stats;
    if (const store::ReportTotal* t = s.latest) {
        stats += stat("Latest", amount_html(t->units, s.decimals, s.asset));
        if (t->verified_units) stats += stat("Verified", amount_html(*t->verified_units, s.decimals, s.asset));
        if (t->claimed_units)
            stats += stat("Claimed by the files", amount_html(*t->claimed_units, s.decimals, s.asset));
        stats +=
            stat("Addresses verified", std::to_string(t->verified_addresses) + " of " + std::to_string(t->addresses));
    }
    if (!s.points.empty()) {
        const Point& first = s.points.front();
        const Point& last = s.points.back();
        stats += stat("Height", "<span class=\"num\">" + std::to_string(last.height) + "</span>");
        stats += stat("Taken at", "<span class=\"num\">" + escape(utc(last.at)) + "</span>");
        stats += stat("Change over the period", "<span class=\"num\">" +
                                                    escape(signed_change(first.units, last.units, s.decimals)) +
                                                    "</span> " + escape(s.asset));
        stats += stat("Block hash", "<span class=\"hash\">" + escape(last.block_hash) + "</span>");
    }
    if (!s.missing.empty()) {
        stats += stat("Snapshots without a figure",
                      "<span class=\"failed\">" + std::to_string(s.missing.size()) + "</span>");
    }
    return "<section class=\"card asset\" id=\"asset-" + escape(s.asset + "-" + s.chain) + "\"><h2>" + escape(s.asset) +
           " <span class=\"muted\">on " + escape(s.chain) + "</span></h2><div class=\"stats\">" + stats + "</div>" +
           chart_svg(s, axis, quiet, data.alerts) + "<div class=\"axis\"><span class=\"num\">" +
           escape(utc(axis.from)) + "</span><span class=\"num\">" + escape(utc(axis.to)) + "</span></div>" + legend(s) +
           figures_table(s) + "</section>";
}

}  // namespace

std::string render_report(const store::ReportData& data, const ReportOptions& options)
{
    const std::vector<Quiet> quiet = quiet_periods(data.snapshots, data.query.until);
    const std::vector<Series> series = build_series(data, quiet);
    TimeAxis axis;
    axis.from =
        data.snapshots.empty() ? data.query.since : std::max(data.query.since, data.snapshots.front().started_at);
    axis.to = std::max(axis.from + 1, data.snapshots.empty() ? data.query.until : data.snapshots.back().started_at);
    if (!quiet.empty()) axis.to = std::max(axis.to, quiet.back().to);

    std::string body = header(data, options);
    if (series.empty()) {
        body += "<section class=\"card\"><h2>No reserves in this period</h2><p>No snapshot of the period read a "
                "complete chain. The sections below say what was tried.</p></section>";
    }
    for (const Series& s : series) body += asset_card(s, axis, quiet, data);
    body += value_section(data);
    body += evidence_section(data);
    body += alerts_section(data);
    body += book_section(data);
    body += changes_section(data);
    body += failures_section(data);
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "img-src data:\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<meta name=\"generator\" content=\"porwatch " PORWATCH_VERSION "\">"
           "<title>porwatch reserve report " +
           escape(utc(data.query.since)) + " to " + escape(utc(data.query.until)) + "</title><style>" +
           std::string(stylesheet()) + "</style></head><body><main>" + body +
           "<footer>Every figure on this page is the exact decimal text of an integer stored in the database "
           "(base units with the asset's decimals); charts are drawn from the same integers. A gap in a line is a "
           "snapshot whose chain could not be read, or a time without snapshots: never a zero. Generated by porwatch "
           "without network access; this file loads nothing.</footer></main></body></html>\n";
}

}  // namespace porwatch::report
