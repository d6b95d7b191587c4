#include "history_options.hpp"

#include <filesystem>

#include "porwatch/alert/rules.hpp"
#include "porwatch/daemon/settings.hpp"

namespace porwatch::cli {

void add_database_options(po::options_description& options)
{
    options.add_options()
        ("config", po::value<std::string>(), "porwatch.conf: read its `database`")
        ("db", po::value<std::string>(), "the SQLite database file (instead of --config)");
}

Result<store::Store> open_database(const po::variables_map& vm)
{
    const bool has_config = vm.count("config") != 0;
    if (has_config == (vm.count("db") != 0)) return Error{"give exactly one of --config or --db"};
    std::string path;
    store::OpenOptions options;
    if (has_config) {
        Result<daemon::Settings> settings = daemon::load_settings(vm["config"].as<std::string>());
        if (!settings) return settings.error();
        path = settings->config.database;
        if (path.empty()) return Error{settings->config.file + ": no 'database' configured"};
        options.busy_timeout_ms = settings->daemon.busy_timeout_ms;
    } else {
        path = vm["db"].as<std::string>();
    }
    // Reading must not create an empty database at a mistyped path.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Error{"no database at " + path};
    return store::Store::open(path, options);
}

Result<std::int64_t> parse_time_arg(const std::string& text, std::int64_t now, Edge edge)
{
    if (!text.empty() && text.back() >= 'a' && text.back() <= 'z' && text.find('-') == std::string::npos) {
        Result<std::int64_t> seconds = alert::parse_duration(text);
        if (!seconds) return Error{"bad time '" + text + "': " + seconds.error().message};
        return now - *seconds;
    }
    const bool date_only = text.size() == 10 && text[4] == '-' && text[7] == '-';
    Result<std::int64_t> at =
        alert::parse_utc_timestamp(date_only ? text + "T00:00:00Z" : text);
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
