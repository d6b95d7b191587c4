// The daemon's metrics stage: after every cycle it turns the CycleResult (plus the alert
// states and per-chain "last complete" times from the store) into a MetricsInput, renders it
// once, and hands the text to the /metrics server and the textfile.
//
// Fail closed: a chain that failed or was disputed shows porwatch_chain_status{status=…} 1
// and no porwatch_reserve sample; a cycle that could not load the book shows every configured
// chain failed. What the exporter cannot read from the store (a busy database) is logged and
// the previous values are kept for that part, never zeroed.
//
// Ownership: owns the MetricsServer (if listening). Thread-safety: observe() and
// reconfigure() are called from the daemon's poll thread only; the server thread reads only
// the published immutable text.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "porwatch/config/config.hpp"
#include "porwatch/daemon/cycle.hpp"
#include "porwatch/daemon/log.hpp"
#include "porwatch/metrics/exposition.hpp"
#include "porwatch/metrics/server.hpp"
#include "porwatch/metrics/settings.hpp"
#include "porwatch/store/store.hpp"

namespace porwatch::metrics {

// Returns: the MetricsInput parts that come from one cycle: reserves, chains (every chain
// section of `config` is shown failed when the cycle stopped before scanning), addresses by
// ownership state (nullopt without a book). Pure.
MetricsInput from_cycle(const daemon::CycleResult& result, const config::Config& config);

class Exporter {
public:
    // Seed "last complete" times and alert states from `store`, start listening when
    // settings.listen is set, and publish an exposition without reserves (no cycle yet).
    // Fails when the listen socket cannot be bound.
    static Result<std::unique_ptr<Exporter>> start(const MetricsSettings& settings, const store::Store& store,
                                                   daemon::Logger& logger);

    // Publish the metrics of `result` (a stored or unstored cycle; aborted cycles are ignored).
    void observe(const daemon::CycleResult& result, const config::Config& config, const store::Store& store,
                 std::chrono::milliseconds duration, std::int64_t now);

    // Apply reloaded settings. A changed listen address is refused (restart porwatch); the
    // textfile path may change.
    Status reconfigure(const MetricsSettings& settings);

    const MetricsSettings& settings() const { return m_settings; }

private:
    Exporter(MetricsSettings settings, daemon::Logger& logger) : m_settings(std::move(settings)), m_logger(logger) { }
    void read_store(const store::Store& store);
    void publish();

    MetricsSettings m_settings;
    daemon::Logger& m_logger;
    std::unique_ptr<MetricsServer> m_server;
    MetricsInput m_input;  // the last published values
};

}  // namespace porwatch::metrics
