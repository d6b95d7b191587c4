// The Prometheus exposition of porwatch's last cycle (text format 0.0.4), built from a plain
// value (MetricsInput) that the daemon fills after every cycle.
//
// Adding a series is a field in MetricsInput plus a few lines in families() (exposition.cpp).
//
// Invariants:
//  - An amount is written as exact decimal text computed from integers (format_decimal of the
//    stored base units): no floating point touches it here. Prometheus parses the text into a
//    float64, which is not exact for wei-scale figures; the HELP text says so.
//  - A chain that failed or was disputed has no porwatch_reserve sample (absent, never 0) and
//    porwatch_chain_status{status="failed"|"disputed"} 1.
//  - No label per address: cardinality is bounded by chains, assets, alert keys and states.
//
// Pure (no I/O, no clock). Thread-safety: values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "porwatch/prices/prices.hpp"
#include "porwatch/util/amount.hpp"

namespace porwatch::metrics {

// One asset total of one chain in the last snapshot (complete chains only).
struct ReserveFigure {
    std::string asset;  // "LTC", "USDT"
    std::string chain;  // "litecoin", "ethereum"
    unsigned decimals = 0;
    Units units;  // every address in the book
    std::optional<Units> verified_units;  // addresses whose ownership verified (basis="verified")
};

// One asset's value in the last snapshot (priced assets only; summed over its chains), in
// 10^-8 quote units: porwatch_reserve_value{asset,quote}. Absent, never 0, when unpriced.
struct ValueFigure {
    std::string asset;  // "BTC"; "" for the total over priced assets
    std::string quote;  // "USD"
    prices::Value value;
};

// One chain scanned in the last cycle.
struct ChainFigure {
    std::string chain;  // "litecoin"
    std::string status;  // "complete", "failed" or "disputed"
    std::optional<std::uint64_t> height;  // the pinned block, only when complete
};

// Everything one exposition shows. Maps are ordered, so the text is deterministic.
struct MetricsInput {
    std::string version;  // porwatch_build_info{version}
    std::vector<ReserveFigure> reserves;
    std::vector<ValueFigure> values;  // porwatch_reserve_value
    std::optional<ValueFigure> value_total;  // porwatch_reserve_value_total
    std::map<std::string, bool> prices;  // feed asset → usable (porwatch_price_usable)
    std::vector<ChainFigure> chains;
    std::map<std::string, std::int64_t> last_complete_at;  // chain → UTC unix seconds
    // Book addresses by ownership state ("verified", "failed", …); nullopt when the last cycle
    // could not load the book (the series is then absent, not 0).
    std::optional<std::map<std::string, std::uint64_t>> addresses;
    std::map<std::string, bool> alerts;  // alert key → firing
    std::map<std::string, std::uint64_t> cycles;  // result → cycles since start
    std::optional<std::int64_t> cycle_duration_ms;  // the last cycle
    std::optional<std::int64_t> last_cycle_at;  // when the last cycle ended, unix seconds
};

// A sample: label pairs (in order) and the value as exposition text.
struct Sample {
    std::vector<std::pair<std::string, std::string>> labels;
    std::string value;
};

// A metric family: HELP, TYPE and its samples.
struct Family {
    std::string name;
    std::string help;
    std::string type;  // "gauge" or "counter"
    std::vector<Sample> samples;
};

// The cycle results porwatch_cycles_total always shows (0 until they happen).
inline constexpr const char* kCycleResults[] = {"complete", "partial", "failed"};

// Returns: the families of `input`, in a fixed order.
std::vector<Family> families(const MetricsInput& input);

// Returns: `families` as text format 0.0.4 (label values and HELP escaped).
std::string render(const std::vector<Family>& families);

// Returns: render(families(input)).
std::string render_exposition(const MetricsInput& input);

// The Content-Type of the text format.
inline constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace porwatch::metrics
