// `porwatch alerts [--config FILE | --db FILE] [--format table|json|jsonl] [--limit N]`: every
// alert key's state and the delivery log (newest first), read-only. Times are ISO 8601 UTC with
// a `_unix` twin in JSON.
#include <ostream>
#include <sstream>

#include "porwatch/json/writer.hpp"
#include "history_options.hpp"
#include "porwatch/alert/rules.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/store/store.hpp"

namespace porwatch::cli {
namespace {

std::string time_text(std::optional<std::int64_t> t)
{
    return t ? alert::format_utc_timestamp(*t) : "-";
}

// Returns: "delivered", "silenced", "gave up", "retrying" or "queued".
std::string delivery_status(const store::OutboxRow& row)
{
    if (row.delivered_at) return "delivered";
    if (row.silenced) return "silenced";
    if (row.gave_up_at) return "gave up";
    return row.attempts > 0 ? "retrying" : "queued";
}

std::string one_line(std::string text, std::size_t limit)
{
    for (char& c : text) {
        if (c == '\n' || c == '\t') c = ' ';
    }
    if (text.size() > limit) text = text.substr(0, limit - 3) + "...";
    return text;
}

// "KEY": ISO 8601 UTC and "KEY_unix": seconds, or both null.
void time_field(json::ObjectWriter& w, std::string_view key, std::optional<std::int64_t> value)
{
    const std::string unix_key = std::string(key) + "_unix";
    if (value) {
        w.member(key, alert::format_utc_timestamp(*value)).member(unix_key, static_cast<long long>(*value));
    } else {
        w.null_member(key).null_member(unix_key);
    }
}

std::string state_json(const store::AlertStateRow& s)
{
    json::ObjectWriter w;
    w.member("alert", s.key).member("rule", s.rule).member("asset", s.asset).member("state", s.state);
    time_field(w, "since", s.since);
    w.member("consecutive", static_cast<long long>(s.consecutive));
    w.member("reference_units", s.reference_units);
    w.member("current_units", s.last_current_units);
    w.member("drop_percent", s.last_drop_percent).member("detail", s.last_detail);
    w.member("delivered_firing", s.delivered_firing);
    w.member("snapshot_id", s.last_snapshot_id);
    time_field(w, "updated_at", s.updated_at);
    return w.finish();
}

std::string delivery_json(const store::OutboxRow& r)
{
    json::ObjectWriter w;
    w.member("id", static_cast<long long>(r.id)).member("delivery_id", r.delivery_id);
    time_field(w, "created_at", r.created_at);
    w.member("alert", r.alert_key);
    w.member("state", r.state);
    w.member("snapshot_id", r.snapshot_id);
    w.member("target_kind", r.target_kind).member("target", r.target);
    w.member("status", delivery_status(r)).member("silenced", r.silenced);
    w.member("attempts", static_cast<long long>(r.attempts));
    time_field(w, "next_attempt_at", r.next_attempt_at);
    time_field(w, "last_attempt_at", r.last_attempt_at);
    w.member("last_error", r.last_error);
    w.member("exit_code", r.last_exit_code);
    w.member("http_status", r.last_http_status);
    time_field(w, "delivered_at", r.delivered_at);
    time_field(w, "gave_up_at", r.gave_up_at);
    return w.finish();
}

template <typename Row, typename ToJson> std::string json_array(const std::vector<Row>& rows, ToJson to_json)
{
    std::string out = "[";
    for (const auto& row : rows) {
        if (out.size() > 1) out += ",";
        out += to_json(row);
    }
    return out + "]";
}

std::string table(const std::vector<store::AlertStateRow>& states, const std::vector<store::OutboxRow>& log)
{
    std::ostringstream out;
    out << "alert states (" << states.size() << ")\n";
    for (const auto& s : states) {
        out << "  " << s.key << "  " << s.state << " since " << time_text(s.since);
        if (s.state == "pending") out << " (" << s.consecutive << " snapshot(s))";
        if (!s.last_detail.empty()) out << "  " << one_line(s.last_detail, 160);
        out << "\n";
    }
    out << "deliveries (" << log.size() << ", newest first)\n";
    for (const auto& r : log) {
        out << "  #" << r.id << " " << time_text(r.created_at) << "  " << r.alert_key << " " << r.state << " -> "
            << r.target_kind << " " << r.target << "  " << delivery_status(r) << " (" << r.attempts << " attempt(s)";
        if (r.last_exit_code) out << ", exit " << *r.last_exit_code;
        if (r.last_http_status) out << ", HTTP " << *r.last_http_status;
        out << ")";
        if (!r.last_error.empty() && !r.delivered_at) out << "  " << one_line(r.last_error, 160);
        out << "\n";
    }
    return out.str();
}

}  // namespace

int run_alerts(const Args& args, Streams streams)
{
    const CommandSpec spec{"alerts", "[--config FILE | --db FILE] [--format table|json|jsonl] [--limit N]",
                           "Show every alert key's state (ok, pending, firing) and the delivery log of\n"
                           "notifications to hooks and webhooks, newest first, from the database (read-only).\n"
                           "jsonl prints one object per line: {\"kind\":\"state\",…} then {\"kind\":\"delivery\",…}."};
    po::options_description options("options");
    add_database_options(options);
    const FormatSpec formats{{OutputFormat::table, OutputFormat::json, OutputFormat::jsonl}};
    add_format_option(options, formats);
    std::size_t limit = 50;
    options.add_options()("limit", po::value<std::size_t>(&limit), "deliveries to list (default 50)");
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    const std::optional<OutputFormat> format = chosen_format(*vm, formats, spec, streams.err);
    if (!format) return kExitUsage;
    auto store = open_database(*vm);
    if (!store) {
        streams.err << "porwatch alerts: " << store.error().message << "\n";
        return kExitUsage;
    }
    const auto states = store->alert_states();
    const auto log = store->delivery_log(store::DeliveryLogQuery{limit, false});
    if (!states || !log) {
        streams.err << "porwatch alerts: " << (!states ? states.error() : log.error()).message << "\n";
        return kExitUsage;
    }
    if (*format == OutputFormat::json) {
        json::ObjectWriter w;
        w.raw_member("states", json_array(*states, state_json));
        w.raw_member("deliveries", json_array(*log, delivery_json));
        streams.out << w.finish() << "\n";
    } else if (*format == OutputFormat::jsonl) {
        // One object per line, tagged: the first field says what the line is.
        for (const auto& s : *states) streams.out << R"({"kind":"state",)" << state_json(s).substr(1) << "\n";
        for (const auto& r : *log) streams.out << R"({"kind":"delivery",)" << delivery_json(r).substr(1) << "\n";
    } else {
        streams.out << table(*states, *log);
    }
    return kExitOk;
}

}  // namespace porwatch::cli
