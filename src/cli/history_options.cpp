#include "history_options.hpp"

#include "porwatch/alert/rules.hpp"
#include "porwatch/daemon/settings.hpp"
#include "porwatch/util/duration.hpp"

namespace porwatch::cli {

void add_database_options(po::options_description& options)
{
    add_config_option(options);
    options.add_options()("db", po::value<std::string>(), "the SQLite database file (instead of the config's)");
}

Result<store::Store> open_database(const po::variables_map& vm)
{
    if (vm.count("config") && vm.count("db")) return Error{"give --config or --db, not both"};
    std::string path;
    store::OpenOptions options;
    if (vm.count("db")) {
        path = vm["db"].as<std::string>();
    } else {
        Result<daemon::Settings> settings = daemon::load_settings(config_path(vm));
        if (!settings) return settings.error();
        path = settings->config.database;
        if (path.empty()) return Error{settings->config.file + ": no 'database' configured"};
        options.busy_timeout_ms = settings->daemon.busy_timeout_ms;
    }
    // Readers never create, migrate or write: a mistyped path is "no database", a 0-byte file
    // stays 0 bytes, and an operator who may only read the files can.
    return store::Store::open_readonly(path, options);
}

Result<std::int64_t> parse_time_arg(const std::string& text, std::int64_t now, Edge edge)
{
    if (has_duration_unit(text)) {
        Result<std::int64_t> seconds = parse_duration_seconds(text, BareSeconds::refused);
        if (!seconds) return Error{"bad time '" + text + "': " + seconds.error().message};
        return now - *seconds;
    }
    const bool date_only = text.size() == 10 && text[4] == '-' && text[7] == '-';
    Result<std::int64_t> at = alert::parse_utc_timestamp(date_only ? text + "T00:00:00Z" : text);
    if (!at) {
        return Error{"bad time '" + text + "' (use 7d, 24h, 2026-11-01 or 2026-11-01T12:00:00Z)"};
    }
    return date_only && edge == Edge::end ? *at + 86400 - 1 : *at;
}

Result<Period> parse_period(const po::variables_map& vm, std::int64_t now)
{
    Period period;
    for (const auto& [name, edge] : {std::pair{"since", Edge::start}, std::pair{"until", Edge::end}}) {
        if (!vm.count(name)) continue;
        Result<std::int64_t> at = parse_time_arg(vm[name].as<std::string>(), now, edge);
        if (!at) return Error{std::string("--") + name + ": " + at.error().message};
        (edge == Edge::start ? period.since : period.until) = *at;
    }
    return period;
}

}  // namespace porwatch::cli
