#include "sections.hpp"

#include <algorithm>

#include "parts.hpp"

namespace porwatch::report {
namespace {

std::string card(const std::string& id, const std::string& title, const std::string& inner)
{
    return "<section class=\"card\" id=\"" + id + "\"><h2>" + escape(title) + "</h2>" + inner + "</section>";
}

// A table inside a horizontal scroller; `head` cells may carry class "r" (right-aligned).
std::string table(const std::vector<std::pair<std::string, bool>>& head, const std::string& rows)
{
    std::string out = "<div class=\"scroll\"><table><thead><tr>";
    for (const auto& [name, right] : head)
        out += std::string(right ? "<th class=\"r\">" : "<th>") + escape(name) + "</th>";
    return out + "</tr></thead><tbody>" + rows + "</tbody></table></div>";
}

std::string td(const std::string& text, const char* cls = nullptr)
{
    return (cls ? "<td class=\"" + std::string(cls) + "\">" : std::string("<td>")) + escape(text) + "</td>";
}

std::string status_badge(const std::string& status)
{
    return "<span class=\"badge " + escape(status) + "\">" + escape(status) + "</span>";
}

}  // namespace

std::string evidence_section(const store::ReportData& data)
{
    if (data.snapshots.empty()) return card("evidence", "Latest snapshot", "<p>No snapshot in this period.</p>");
    const store::ReportSnapshot& last = data.snapshots.back();
    std::string inner =
        "<p>Snapshot <span class=\"num\">#" + std::to_string(last.id) + "</span> started <span class=\"num\">" +
        escape(utc(last.started_at)) + "</span>, finished <span class=\"num\">" + escape(utc(last.finished_at)) +
        "</span>: " + status_badge(last.status) + (last.error.empty() ? "" : " " + escape(last.error)) + "</p>";
    bool any = false;
    for (const auto& c : data.chains) {
        if (c.snapshot_id != last.id) continue;
        any = true;
        inner += "<h3>" + escape(c.chain) + " " + status_badge(c.status) + "</h3><div class=\"stats\">" +
                 "<div class=\"stat\"><b>Network</b>" + escape(c.network) +
                 (c.chain_id.empty() ? "" : " (chain id " + escape(c.chain_id) + ")") + "</div>" +
                 "<div class=\"stat\"><b>Height</b><span class=\"num\">" + std::to_string(c.height) + "</span></div>" +
                 "<div class=\"stat\"><b>Block hash</b><span class=\"hash\">" + escape(c.block_hash) + "</span></div>" +
                 "<div class=\"stat\"><b>Read in</b>" + std::to_string(c.duration_ms) + " ms</div></div>";
        if (!c.error.empty()) inner += "<p class=\"failed\">" + escape(c.error) + "</p>";
        std::string rows;
        for (const auto& e : c.endpoints) {
            rows += "<tr>" + td(e.endpoint, "hash") + td(std::to_string(e.height), "r num") + td(e.block_hash, "hash") +
                    td(e.error.empty() ? "answered" : e.error, e.error.empty() ? "ok" : "failed") + "</tr>";
        }
        inner +=
            table({{"Endpoint (redacted)", false}, {"Height", true}, {"Block hash", false}, {"Result", false}}, rows);
    }
    if (!any) inner += "<p>No chain was read in this snapshot.</p>";
    return card("evidence", "Latest snapshot: evidence", inner);
}

std::string value_section(const store::ReportData& data)
{
    if (!data.value) return "";
    const store::ValueRow& v = *data.value;
    std::string list;
    for (const auto& a : v.unpriced) list += (list.empty() ? "" : ", ") + a;
    std::string inner =
        "<div class=\"stats\"><div class=\"stat\"><b>Total value</b><span class=\"num\">" +
        escape(prices::format_value(v.value)) + " " + escape(v.quote) + "</span></div>" +
        "<div class=\"stat\"><b>Proven</b><span class=\"num\">" + escape(prices::format_value(v.verified_value)) + " " +
        escape(v.quote) + "</span></div>" + "<div class=\"stat\"><b>Complete</b>" +
        (v.complete ? "yes" : "<span class=\"failed\">no</span>") + "</div><div class=\"stat\"><b>Prices read at</b>" +
        (v.price_height ? "ethereum <span class=\"num\">" + std::to_string(*v.price_height) +
                              "</span> <span class=\"hash\">" + escape(v.price_block_hash) + "</span>"
                        : std::string("no block")) +
        "</div></div>";
    inner += "<p>Snapshot <span class=\"num\">#" + std::to_string(v.snapshot_id) + "</span>, " +
             escape(utc(v.taken_at)) + (list.empty() ? "" : ". Unpriced: " + escape(list)) + "</p>";
    std::string rows;
    for (const auto& p : data.prices) {
        std::string shown = p.reason;
        if (p.status == "priced" && p.answer && p.decimals) {
            if (auto answer = parse_units(*p.answer)) shown = format_decimal(*answer, *p.decimals) + " " + p.quote;
        }
        rows += "<tr>" + td(p.asset) + td(p.feed, "hash") + td(shown, p.status == "priced" ? "r num" : "failed") +
                td(p.round_id.value_or("")) + td(p.age_s ? std::to_string(*p.age_s) + " s" : "", "r num") + "</tr>";
    }
    inner += table(
        {{"Asset", false}, {"Feed", false}, {"Price or why unpriced", true}, {"Round", false}, {"Age", true}}, rows);
    return card("value", "Value (Chainlink feeds read on chain)", inner);
}

std::string alerts_section(const store::ReportData& data)
{
    std::string rows;
    for (auto it = data.alerts.rbegin(); it != data.alerts.rend(); ++it) {
        rows += "<tr>" + td(utc(it->at), "num") + td(it->alert_key, "num") + "<td>" + status_badge(it->state) +
                "</td>" + td(it->detail) + "</tr>";
    }
    std::string inner;
    if (rows.empty()) {
        inner = "<p>No alert notification in this period.</p>";
    } else {
        inner = table({{"At (UTC)", false}, {"Alert", false}, {"State", false}, {"Detail", false}}, rows);
    }
    inner += "<p class=\"muted\">Firing now: ";
    if (data.firing_now.empty()) inner += "none";
    for (const auto& key : data.firing_now) inner += "<span class=\"badge firing\">" + escape(key) + "</span> ";
    return card("alerts", "Alerts", inner + "</p>");
}

std::string book_section(const store::ReportData& data)
{
    const auto& b = data.book;
    std::string stats = "<div class=\"stats\">";
    std::size_t total = 0;
    for (const auto& [chain, n] : b.in_book) {
        total += n;
        stats += "<div class=\"stat\"><b>" + escape(chain) + "</b>" + std::to_string(n) + " addresses</div>";
    }
    stats += "<div class=\"stat\"><b>In the book</b>" + std::to_string(total) + " (" + std::to_string(b.removed) +
             " removed earlier)</div><div class=\"stat\"><b>This period</b>" + std::to_string(b.added_in_period) +
             " added, " + std::to_string(b.removed_in_period) + " removed</div></div>";
    std::size_t verdicts = 0;
    for (const auto& [_, n] : b.verdicts) verdicts += n;
    std::string rows;
    for (const auto& [status, n] : b.verdicts) {
        rows += "<tr><td>" + status_badge(status) + "</td>" + td(std::to_string(n), "r num") + "</tr>";
    }
    std::string inner = stats + "<h3>Ownership proofs (latest verdict of each address and coin row)</h3>" +
                        table({{"Verdict", false}, {"Rows", true}},
                              rows + "<tr><td>total</td>" + td(std::to_string(verdicts), "r num") + "</tr>");
    std::string files;
    for (const auto& f : b.files) {
        files += "<tr>" + td(f.file, "hash") + td(f.sha256, "hash") + td(utc(f.checked_at), "num") +
                 td(std::to_string(f.entries), "r num") + td(std::to_string(f.verified), "r num") + "</tr>";
    }
    inner += "<h3>Published files, as last checked</h3>" +
             table({{"File", false}, {"SHA-256", false}, {"Checked (UTC)", false}, {"Rows", true}, {"Verified", true}},
                   files);
    return card("book", "Address book", inner);
}

std::string changes_section(const store::ReportData& data)
{
    std::string rows;
    for (const auto& c : data.changes) {
        rows += "<tr>" + td(c.asset) + td(utc(c.at), "num") + td(c.address, "hash") +
                td(format_decimal(c.before, c.decimals), "r num") + td(format_decimal(c.after, c.decimals), "r num") +
                td(signed_change(c.before, c.after, c.decimals), c.after > c.before ? "r num up" : "r num down") +
                "</tr>";
    }
    const std::string inner = rows.empty()
                                  ? "<p>No address balance changed in this period.</p>"
                                  : "<p class=\"muted\">The largest " + std::to_string(data.query.changes_per_asset) +
                                        " per asset, between two stored reads of the same address.</p>" +
                                        table({{"Asset", false},
                                               {"At (UTC)", false},
                                               {"Address", false},
                                               {"Before", true},
                                               {"After", true},
                                               {"Change", true}},
                                              rows);
    return card("changes", "Largest balance changes", inner);
}

std::string failures_section(const store::ReportData& data)
{
    std::string rows;
    std::size_t shown = 0;
    for (auto it = data.snapshots.rbegin(); it != data.snapshots.rend(); ++it) {
        if (it->status == "complete") continue;
        if (++shown > 200) break;  // the oldest beyond 200 are counted in the header
        std::string why = it->error;
        for (const auto& c : data.chains) {
            if (c.snapshot_id != it->id || c.status == "complete") continue;
            why += (why.empty() ? "" : "; ") + c.chain + " " + c.status + (c.error.empty() ? "" : ": " + c.error);
        }
        rows += "<tr>" + td(utc(it->started_at), "num") + td("#" + std::to_string(it->id), "num") + "<td>" +
                status_badge(it->status) + "</td>" + td(why) + "</tr>";
    }
    const std::string inner =
        rows.empty() ? "<p>Every snapshot of the period was complete.</p>"
                     : table({{"At (UTC)", false}, {"Snapshot", false}, {"Status", false}, {"Why", false}}, rows);
    return card("failures", "Snapshots that were not complete", inner);
}

}  // namespace porwatch::report
