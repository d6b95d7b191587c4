// Shared by the readers (`history`, `status`, `alerts`, `report`; `export` too), private to
// src/cli: which database to read (--db FILE, or the `database` of --config FILE, default
// $PORWATCH_CONFIG or /etc/porwatch/porwatch.conf), opened read-only, and --since/--until.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "options.hpp"
#include "porwatch/store/store.hpp"

namespace porwatch::cli {

// Add --config and --db to `options`.
void add_database_options(po::options_description& options);

// Open, read-only (store::Store::open_readonly: no migration, nothing written or created),
// the database named by --db, or by the `database` key of the config (config_path(): --config,
// $PORWATCH_CONFIG, /etc/porwatch/porwatch.conf; validated as for `run`). Fails with a
// one-line message when both are given, the config is invalid, or the database cannot be read
// (missing, permission denied naming the user, not a porwatch database, another schema).
Result<store::Store> open_database(const po::variables_map& vm);

enum class Edge {
    start,
    end
};

// Parse a duration with a unit, "7d"/"24h"/"30m" (that long before `now`), "2026-11-01" (the
// day's first second for Edge::start, its last for Edge::end) or "2026-11-01T12:00:00Z".
// A bare number is refused (seconds ago, or a unix time?). Returns UTC unix seconds.
Result<std::int64_t> parse_time_arg(const std::string& text, std::int64_t now, Edge edge);

struct Period {
    std::optional<std::int64_t> since;
    std::optional<std::int64_t> until;
};

// Parse --since and --until (when given) with parse_time_arg. Fails with "--since: …".
Result<Period> parse_period(const po::variables_map& vm, std::int64_t now);

}  // namespace porwatch::cli
