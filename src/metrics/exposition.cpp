#include "porwatch/metrics/exposition.hpp"

namespace porwatch::metrics {
namespace {

constexpr const char* kExactNote =
    " Exposed as exact decimal text, but Prometheus stores float64, which is not exact for"
    " wei-scale amounts: the exact figures are in the database (porwatch history) and the"
    " report (porwatch report).";

// Escape a label value: backslash, double quote and line feed (text format 0.0.4).
std::string escape_label(const std::string& value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

// Escape HELP text: backslash and line feed.
std::string escape_help(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string integer(std::int64_t v)
{
    return std::to_string(v);
}
std::string integer(std::uint64_t v)
{
    return std::to_string(v);
}

// Exact: milliseconds as seconds with three decimals, from the integer ("12.345").
std::string seconds_from_millis(std::int64_t ms)
{
    return format_decimal(Units(static_cast<std::uint64_t>(ms < 0 ? 0 : ms)), 3);
}

Family gauge(std::string name, std::string help)
{
    return Family{std::move(name), std::move(help), "gauge", {}};
}

}  // namespace

std::vector<Family> families(const MetricsInput& in)
{
    std::vector<Family> out;

    Family build = gauge("porwatch_build_info", "porwatch's version; always 1.");
    build.samples.push_back({{{"version", in.version}}, "1"});
    out.push_back(std::move(build));

    Family reserve = gauge("porwatch_reserve",
                           std::string("Reserves observed at the last snapshot's pinned block, in coin units. "
                                       "basis=all: every address in the book; basis=verified: the addresses whose "
                                       "ownership proof verified. Absent for a chain that failed (never 0).") +
                               kExactNote);
    for (const ReserveFigure& r : in.reserves) {
        reserve.samples.push_back(
            {{{"asset", r.asset}, {"chain", r.chain}, {"basis", "all"}}, format_decimal(r.units, r.decimals)});
        if (r.verified_units) {
            reserve.samples.push_back({{{"asset", r.asset}, {"chain", r.chain}, {"basis", "verified"}},
                                       format_decimal(*r.verified_units, r.decimals)});
        }
    }
    out.push_back(std::move(reserve));

    Family value = gauge("porwatch_reserve_value",
                         std::string("Value of the last snapshot's reserves of an asset (every chain) in the quote "
                                     "currency, exact to 1e-8 as text, priced with a Chainlink feed read at the "
                                     "Ethereum pinned block. Absent when the asset is unpriced (never 0).") +
                             kExactNote);
    for (const ValueFigure& v : in.values) {
        value.samples.push_back({{{"asset", v.asset}, {"quote", v.quote}}, prices::format_value(v.value)});
    }
    out.push_back(std::move(value));
    Family total = gauge("porwatch_reserve_value_total",
                         std::string("Value of every priced asset of the last snapshot, in the quote currency. "
                                     "porwatch_price_usable says which feeds are usable.") +
                             kExactNote);
    if (in.value_total) {
        total.samples.push_back({{{"quote", in.value_total->quote}}, prices::format_value(in.value_total->value)});
    }
    out.push_back(std::move(total));
    Family usable = gauge("porwatch_price_usable",
                          "1 when the asset's feed passed every check in the last cycle, 0 when it is unpriced.");
    for (const auto& [asset, ok] : in.prices) usable.samples.push_back({{{"asset", asset}}, ok ? "1" : "0"});
    out.push_back(std::move(usable));

    Family height = gauge("porwatch_snapshot_height", "The block the last snapshot read each complete chain at.");
    Family status =
        gauge("porwatch_chain_status", "1 for the chain's status in the last cycle (complete, failed, disputed), "
                                       "0 for the others.");
    for (const ChainFigure& c : in.chains) {
        if (c.height) height.samples.push_back({{{"chain", c.chain}}, integer(*c.height)});
        for (const char* s : {"complete", "failed", "disputed"}) {
            status.samples.push_back({{{"chain", c.chain}, {"status", s}}, c.status == s ? "1" : "0"});
        }
    }
    out.push_back(std::move(height));
    out.push_back(std::move(status));

    Family last = gauge("porwatch_last_complete_timestamp_seconds",
                        "When the chain was last read completely (stored snapshot start, UTC unix "
                        "seconds). Alert on time() minus this.");
    for (const auto& [chain, at] : in.last_complete_at) last.samples.push_back({{{"chain", chain}}, integer(at)});
    out.push_back(std::move(last));

    Family addresses =
        gauge("porwatch_addresses", "Addresses in the book by ownership state: verified if any of its rows "
                                    "verified, else the worst state of its rows (failed, unsupported, "
                                    "owners-signed, unsigned).");
    if (in.addresses) {
        for (const auto& [state, count] : *in.addresses)
            addresses.samples.push_back({{{"state", state}}, integer(count)});
    }
    out.push_back(std::move(addresses));

    Family alerts = gauge("porwatch_alert_firing", "1 while the alert key is firing, else 0 (ok or pending).");
    for (const auto& [key, firing] : in.alerts) alerts.samples.push_back({{{"alert", key}}, firing ? "1" : "0"});
    out.push_back(std::move(alerts));

    Family cycles{"porwatch_cycles_total",
                  "Cycles since porwatch started, by result (complete, partial, failed; a cycle "
                  "whose snapshot could not be stored counts as failed).",
                  "counter",
                  {}};
    for (const char* result : kCycleResults) {
        const auto found = in.cycles.find(result);
        cycles.samples.push_back(
            {{{"result", result}}, integer(found == in.cycles.end() ? std::uint64_t{0} : found->second)});
    }
    out.push_back(std::move(cycles));

    Family duration =
        gauge("porwatch_cycle_duration_seconds", "How long the last cycle took (book, proofs, scans, store).");
    if (in.cycle_duration_ms) {
        duration.samples.push_back({{}, seconds_from_millis(*in.cycle_duration_ms)});
    }
    out.push_back(std::move(duration));

    Family last_cycle = gauge("porwatch_last_cycle_timestamp_seconds",
                              "When the last cycle ended, whatever its result (UTC unix seconds).");
    if (in.last_cycle_at) last_cycle.samples.push_back({{}, integer(*in.last_cycle_at)});
    out.push_back(std::move(last_cycle));
    return out;
}

std::string render(const std::vector<Family>& families)
{
    std::string text;
    for (const Family& f : families) {
        text += "# HELP " + f.name + " " + escape_help(f.help) + "\n";
        text += "# TYPE " + f.name + " " + f.type + "\n";
        for (const Sample& s : f.samples) {
            text += f.name;
            if (!s.labels.empty()) {
                text += "{";
                for (std::size_t i = 0; i < s.labels.size(); ++i) {
                    text += (i ? "," : "") + s.labels[i].first + "=\"" + escape_label(s.labels[i].second) + "\"";
                }
                text += "}";
            }
            text += " " + s.value + "\n";
        }
    }
    return text;
}

std::string render_exposition(const MetricsInput& input)
{
    return render(families(input));
}

}  // namespace porwatch::metrics
