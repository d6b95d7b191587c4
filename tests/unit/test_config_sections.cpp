// The later stages' own config sections ([alerts], [metrics], [liabilities]) fail with the same
// typed ConfigError as the core config, so a caller matches the kind by code, never by text.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "porwatch/alert/settings.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/metrics/settings.hpp"

using namespace porwatch;

namespace {

// The error of loading `text` with `load`; the config itself must parse.
Error section_error(const std::string& text, const std::function<Status(const config::Config&)>& load)
{
    Result<config::Config> config = config::parse_config(text, "c.conf");
    REQUIRE_MESSAGE(config.ok(), (config.ok() ? "" : config.error().message));
    Status loaded = load(*config);
    REQUIRE_FALSE(loaded.ok());
    return loaded.error();
}

Status alerts(const config::Config& c)
{
    auto s = alert::load_alert_settings(c);
    return s ? Status(Ok{}) : Status(s.error());
}
Status metrics_section(const config::Config& c)
{
    auto s = metrics::parse_metrics_settings(c);
    return s ? Status(Ok{}) : Status(s.error());
}
Status liabilities_section(const config::Config& c)
{
    auto s = liabilities::load_settings(c);
    return s ? Status(Ok{}) : Status(s.error());
}

}  // namespace

TEST_SUITE("config")
{
    TEST_CASE("[alerts], [metrics] and [liabilities] failures carry their ConfigError and name the line")
    {
        const std::string base = "database = /tmp/x.db\n[litecoin]\nnetwork = regtest\nrpc_url = http://127.0.0.1:1\n";
        const struct {
            std::string text;
            std::function<Status(const config::Config&)> load;
            config::ConfigError kind;
            std::string line;
        } cases[] = {
            {base + "[alerts]\ncolour = blue\n", alerts, config::ConfigError::unknown, "c.conf:6:"},
            {base + "[alerts]\nretry_max = 1m\nretry_max = 2m\n", alerts, config::ConfigError::repeated, "c.conf:7:"},
            {base + "[alerts]\ndrop_percent = LTC:0\n", alerts, config::ConfigError::value, "c.conf:6:"},
            {base + "[alerts]\nfloor = DOGE:5\n", alerts, config::ConfigError::value, "c.conf:6:"},
            {base + "[alerts]\nwebhook = http://127.0.0.1:9/h\n", alerts, config::ConfigError::missing, "c.conf:6:"},
            {base + "[alerts]\nretry_initial = 10m\nretry_max = 1m\n", alerts, config::ConfigError::conflict,
             "c.conf:"},
            {base + "[metrics]\nport = 1\n", metrics_section, config::ConfigError::unknown, "c.conf:6:"},
            {base + "[metrics]\nlisten = 127.0.0.1:1\nlisten = 127.0.0.1:2\n", metrics_section,
             config::ConfigError::repeated, "c.conf:7:"},
            {base + "[metrics]\ntextfile = relative.prom\n", metrics_section, config::ConfigError::value, "c.conf:6:"},
            {base + "[metrics]\nlisten = 0.0.0.0:9737\n", metrics_section, config::ConfigError::conflict, "c.conf:6:"},
            {base + "[liabilities]\nshape = round\n", liabilities_section, config::ConfigError::unknown, "c.conf:6:"},
            {base + "[liabilities]\nfile = nonsense\n", liabilities_section, config::ConfigError::value, "c.conf:6:"},
            {base + "[liabilities]\nmax_age = 10 blocks\nmax_age = 11 blocks\n", liabilities_section,
             config::ConfigError::repeated, "c.conf:7:"},
            {base + "[liabilities]\nmax_age = 10 blocks\n", liabilities_section, config::ConfigError::missing,
             "c.conf:6:"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const Error e = section_error(c.text, c.load);
            CAPTURE(e.message);
            CHECK(e.code_as<config::ConfigError>() == c.kind);
            CHECK(e.message.rfind(c.line, 0) == 0);
        }
    }
}
