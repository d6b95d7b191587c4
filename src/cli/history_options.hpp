// Shared by `history` and `status`, private to src/cli: which database to read (--config FILE
// or --db FILE) and how to parse --since/--until.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "options.hpp"
#include "porwatch/store/store.hpp"

namespace porwatch::cli {

// Add --config and --db to `options`.
void add_database_options(po::options_description& options);

// Open the database named by --db, or by the `database` key of --config (validated as for
// `run`). Fails with a one-line message when neither or both are given, the config is
// invalid, or the database cannot be opened (also: written by a newer porwatch).
Result<store::Store> open_database(const po::variables_map& vm);

enum class Edge { start, end };

// Parse "7d"/"24h"/"30m" (that long before `now`), "2026-11-01" (the day's first second for
// Edge::start, its last for Edge::end) or "2026-11-01T12:00:00Z". Returns UTC unix seconds.
Result<std::int64_t> parse_time_arg(const std::string& text, std::int64_t now, Edge edge);

struct Period {
    std::optional<std::int64_t> since;
    std::optional<std::int64_t> until;
};

// Parse --since and --until (when given) with parse_time_arg. Fails with "--since: …".
Result<Period> parse_period(const po::variables_map& vm, std::int64_t now);

}  // namespace porwatch::cli
