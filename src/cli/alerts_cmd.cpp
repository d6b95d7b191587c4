// `porwatch alerts --config FILE [--format table|json] [--limit N]`: every alert key's state
// and the delivery log (newest first) from the database named in the config.
#include <filesystem>
#include <ostream>
#include <sstream>

#include "json_writer.hpp"
#include "options.hpp"
#include "porwatch/alert/rules.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/config/config.hpp"
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

void optional_int_field(JsonObjectWriter& w, std::string_view key, std::optional<std::int64_t> value)
{
    if (value) {
        w.field(key, static_cast<long long>(*value));
    } else {
        w.null_field(key);
    }
}

void optional_text_field(JsonObjectWriter& w, std::string_view key, const std::optional<std::string>& value)
{
    if (value) {
        w.field(key, *value);
    } else {
        w.null_field(key);
    }
}

std::string state_json(const store::AlertStateRow& s)
{
    JsonObjectWriter w;
    w.field("alert", s.key).field("rule", s.rule).field("asset", s.asset).field("state", s.state);
    w.field("since", static_cast<long long>(s.since)).field("consecutive", static_cast<long long>(s.consecutive));
    optional_text_field(w, "reference_units", s.reference_units);
    optional_text_field(w, "current_units", s.last_current_units);
    w.field("drop_percent", s.last_drop_percent).field("detail", s.last_detail);
    w.field("delivered_firing", s.delivered_firing);
    optional_int_field(w, "snapshot_id", s.last_snapshot_id);
    w.field("updated_at", static_cast<long long>(s.updated_at));
    return w.finish();
}

std::string delivery_json(const store::OutboxRow& r)
{
    JsonObjectWriter w;
    w.field("id", static_cast<long long>(r.id)).field("delivery_id", r.delivery_id);
    w.field("created_at", static_cast<long long>(r.created_at)).field("alert", r.alert_key);
    w.field("state", r.state);
    optional_int_field(w, "snapshot_id", r.snapshot_id);
    w.field("target_kind", r.target_kind).field("target", r.target);
    w.field("status", delivery_status(r)).field("silenced", r.silenced);
    w.field("attempts", static_cast<long long>(r.attempts));
    w.field("next_attempt_at", static_cast<long long>(r.next_attempt_at));
    optional_int_field(w, "last_attempt_at", r.last_attempt_at);
    w.field("last_error", r.last_error);
    optional_int_field(w, "exit_code", r.last_exit_code);
    optional_int_field(w, "http_status", r.last_http_status);
    optional_int_field(w, "delivered_at", r.delivered_at);
    optional_int_field(w, "gave_up_at", r.gave_up_at);
    return w.finish();
}

template <typename Row, typename ToJson>
std::string json_array(const std::vector<Row>& rows, ToJson to_json)
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
        out << "  #" << r.id << " " << time_text(r.created_at) << "  " << r.alert_key << " "
            << r.state << " -> " << r.target_kind << " " << r.target << "  " << delivery_status(r)
            << " (" << r.attempts << " attempt(s)";
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
    const CommandSpec spec{
        "alerts", "--config FILE [--format table|json] [--limit N]",
        "Show every alert key's state (ok, pending, firing) and the delivery log of\n"
        "notifications to hooks and webhooks, newest first, from the config's database."};
    po::options_description options("options");
    std::string config_path;
    std::string format = "table";
    std::size_t limit = 50;
    options.add_options()
        ("config", po::value<std::string>(&config_path)->required(), "porwatch.conf (INI)")
        ("format", po::value<std::string>(&format), "table (default) or json")
        ("limit", po::value<std::size_t>(&limit), "deliveries to list (default 50)");
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    if (format != "table" && format != "json") {
        streams.err << "porwatch alerts: --format must be table or json, not '" << format << "'\n";
        return kExitUsage;
    }
    const auto config = config::load_config(config_path);
    if (!config) {
        streams.err << "porwatch alerts: " << config.error().message << "\n";
        return kExitUsage;
    }
    std::error_code ec;
    if (config->database.empty() || !std::filesystem::exists(config->database, ec)) {
        streams.err << "porwatch alerts: no database at '" << config->database
                    << "' (nothing has been recorded yet)\n";
        return kExitUsage;
    }
    auto store = store::Store::open(config->database);
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
    if (format == "json") {
        JsonObjectWriter w;
        w.raw_field("states", json_array(*states, state_json));
        w.raw_field("deliveries", json_array(*log, delivery_json));
        streams.out << w.finish() << "\n";
    } else {
        streams.out << table(*states, *log);
    }
    return kExitOk;
}

}  // namespace porwatch::cli
