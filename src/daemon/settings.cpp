#include "porwatch/daemon/settings.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <set>

#include "porwatch/util/duration.hpp"

namespace porwatch::daemon {
namespace {

using config::RawValue;

Error at(const config::Config& config, const RawValue& v, const std::string& what)
{
    return Error{config.file + ":" + std::to_string(v.line) + ": " + what};
}

Result<std::int64_t> integer(const config::Config& config, const RawValue& v, std::int64_t min, std::int64_t max)
{
    std::int64_t out = 0;
    const char* end = v.value.data() + v.value.size();
    const auto [ptr, ec] = std::from_chars(v.value.data(), end, out);
    if (v.value.empty() || ec != std::errc{} || ptr != end || out < min || out > max) {
        return at(config, v,
                  "key '" + v.key + "' must be an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                      ", not '" + v.value + "'");
    }
    return out;
}

using Handler = std::function<Status(const RawValue&)>;

// Apply `handlers` to the section's values; unknown and repeated keys are errors.
Status apply_section(const config::Config& config, const std::string& section,
                     const std::map<std::string, Handler>& handlers)
{
    const auto found = config.extra.find(section);
    if (found == config.extra.end()) return Ok{};
    std::set<std::string> seen;
    for (const RawValue& v : found->second) {
        const auto handler = handlers.find(v.key);
        if (handler == handlers.end()) {
            std::string known;
            for (const auto& [key, _] : handlers) known += (known.empty() ? "" : ", ") + key;
            return at(config, v, "unknown key '" + v.key + "' in section [" + section + "] (known: " + known + ")");
        }
        if (!seen.insert(v.key).second) {
            return at(config, v, "key '" + v.key + "' given twice in section [" + section + "]");
        }
        if (Status s = handler->second(v); !s) return s;
    }
    return Ok{};
}

}  // namespace

Result<DaemonSettings> parse_daemon_settings(const config::Config& config)
{
    DaemonSettings out;
    out.schedule = Schedule::every(std::chrono::seconds{config.interval_s});
    const RawValue* jitter_line = nullptr;
    Status daemon = apply_section(
        config, "daemon",
        {
            {"log_level",
             [&](const RawValue& v) -> Status {
                 const auto level = parse_log_level(v.value);
                 if (!level) {
                     return at(config, v,
                               "log_level must be error, warning, notice, info or debug, "
                               "not '" +
                                   v.value + "'");
                 }
                 out.log_level = *level;
                 return Ok{};
             }},
            {"jitter",
             [&](const RawValue& v) -> Status {
                 const auto seconds = parse_duration_seconds(v.value);
                 if (!seconds || *seconds > 86400) {
                     return at(config, v,
                               "jitter must be a duration from 0s to 1d (90s, 10m or seconds), not '" + v.value + "'");
                 }
                 out.schedule.max_jitter = std::chrono::seconds{*seconds};
                 jitter_line = &v;
                 return Ok{};
             }},
        });
    if (!daemon) return daemon.error();
    if (jitter_line && out.schedule.max_jitter >= out.schedule.interval) {
        return at(config, *jitter_line, "jitter must be below interval (" + std::to_string(config.interval_s) + " s)");
    }
    if (Status valid = out.schedule.validate(); !valid) {
        return Error{config.file + ": " + valid.error().message};
    }
    const RawValue* hourly_line = nullptr;
    Status store = apply_section(config, "store",
                                 {
                                     {"keep_all_days",
                                      [&](const RawValue& v) -> Status {
                                          const auto days = integer(config, v, 0, 100000);
                                          if (!days) return days.error();
                                          out.retention.keep_all_days = *days;
                                          return Ok{};
                                      }},
                                     {"hourly_days",
                                      [&](const RawValue& v) -> Status {
                                          const auto days = integer(config, v, 0, 100000);
                                          if (!days) return days.error();
                                          out.retention.hourly_days = *days;
                                          hourly_line = &v;
                                          return Ok{};
                                      }},
                                     {"busy_timeout_ms",
                                      [&](const RawValue& v) -> Status {
                                          const auto ms = integer(config, v, 0, 600000);
                                          if (!ms) return ms.error();
                                          out.busy_timeout_ms = static_cast<int>(*ms);
                                          return Ok{};
                                      }},
                                 });
    if (!store) return store.error();
    if (out.retention.hourly_days < out.retention.keep_all_days) {
        const std::string where = hourly_line ? config.file + ":" + std::to_string(hourly_line->line) : config.file;
        return Error{where + ": hourly_days (" + std::to_string(out.retention.hourly_days) +
                     ") must not be below keep_all_days (" + std::to_string(out.retention.keep_all_days) + ")"};
    }
    return out;
}

Result<Settings> load_settings(const std::string& path)
{
    Result<config::Config> config = config::load_config(path);
    if (!config) return config.error();
    Result<DaemonSettings> daemon = parse_daemon_settings(*config);
    if (!daemon) return daemon.error();
    Result<liabilities::Settings> owed = liabilities::load_settings(*config);
    if (!owed) return owed.error();
    return Settings{std::move(*config), std::move(*daemon), std::move(*owed)};
}

}  // namespace porwatch::daemon
