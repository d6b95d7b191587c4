#include "porwatch/metrics/exporter.hpp"

#include <map>
#include <set>
#include <utility>

namespace porwatch::metrics {
namespace {

using proof::ProofStatus;

// How alarming a row's state is when the address has no verified row: the worst one is shown.
int severity(ProofStatus s)
{
    switch (s) {
    case ProofStatus::failed: return 4;
    case ProofStatus::unsupported: return 3;
    case ProofStatus::owners_signed: return 2;
    case ProofStatus::unsigned_entry: return 1;
    case ProofStatus::verified: return 0;
    }
    return 4;
}

// Book addresses by state: verified if any row verified (as the snapshot's totals count
// them), else the worst state of its rows. Contract-wallet rows use their on-chain verdict.
std::map<std::string, std::uint64_t> address_states(const daemon::LoadedBook& book, const snapshot::Snapshot& snapshot)
{
    std::map<std::pair<std::string, std::size_t>, ProofStatus> contract;  // (file, line) → verdict
    for (const auto& v : snapshot.contract_verdicts) contract[{v.file, v.line}] = v.verdict.status;
    std::map<std::pair<address::Chain, std::string>, ProofStatus> state;
    for (std::size_t i = 0; i < book.entries.size() && i < book.verdicts.size(); ++i) {
        const auto& e = book.entries[i];
        if (!e.address || !e.chain) continue;  // not an address porwatch can watch
        const auto found = contract.find({e.file, e.line});
        const ProofStatus s = found != contract.end() ? found->second : book.verdicts[i].status;
        const auto key = std::make_pair(*e.chain, e.address->text);
        const auto [it, inserted] = state.emplace(key, s);
        if (inserted || it->second == ProofStatus::verified) continue;
        if (s == ProofStatus::verified || severity(s) > severity(it->second)) it->second = s;
    }
    std::map<std::string, std::uint64_t> out;
    for (const ProofStatus s : {ProofStatus::verified, ProofStatus::failed, ProofStatus::unsupported,
                                ProofStatus::owners_signed, ProofStatus::unsigned_entry}) {
        out[std::string(proof::to_string(s))] = 0;
    }
    for (const auto& [_, s] : state) ++out[std::string(proof::to_string(s))];
    return out;
}

}  // namespace

MetricsInput from_cycle(const daemon::CycleResult& result, const config::Config& config)
{
    MetricsInput in;
    const snapshot::Snapshot& snap = result.snapshot;
    for (const auto& t : snap.totals) {
        in.reserves.push_back(
            ReserveFigure{t.asset, std::string(address::to_string(t.chain)), t.decimals, t.units, t.verified_units});
    }
    if (const auto& v = snap.valuation) {
        std::map<std::string, prices::Value> by_asset;
        for (const auto& a : v->assets) {
            if (a.value) by_asset[a.asset] += *a.value;
        }
        for (auto& [asset, value] : by_asset)
            in.values.push_back(ValueFigure{asset, v->prices.quote, std::move(value)});
        in.value_total = ValueFigure{"", v->prices.quote, v->total};
        for (const auto& p : v->prices.prices) in.prices[p.asset] = p.status == prices::PriceStatus::priced;
    }
    std::set<std::string> seen;
    for (const auto& c : snap.chains) {
        ChainFigure f{chain::source_name(c), std::string(snapshot::to_string(c.status)), {}};
        if (c.status == snapshot::ChainStatus::complete) f.height = c.height;
        seen.insert(f.chain);
        in.chains.push_back(std::move(f));
    }
    if (result.input_error()) {
        // Nothing was read: every configured chain is failed this cycle (not silently absent).
        for (const auto& [chain, present] : {std::pair{address::Chain::bitcoin, config.bitcoin.has_value()},
                                             std::pair{address::Chain::litecoin, config.litecoin.has_value()},
                                             std::pair{address::Chain::ethereum, config.ethereum.has_value()}}) {
            const std::string name(address::to_string(chain));
            if (present && seen.insert(name).second) in.chains.push_back(ChainFigure{name, "failed", {}});
        }
    }
    if (result.book) in.addresses = address_states(*result.book, snap);
    return in;
}

Result<std::unique_ptr<Exporter>> Exporter::start(const MetricsSettings& settings, const store::Store& store,
                                                  daemon::Logger& logger)
{
    std::unique_ptr<Exporter> exporter(new Exporter(settings, logger));
    exporter->m_input.version = PORWATCH_VERSION;
    for (const char* result : kCycleResults) exporter->m_input.cycles[result] = 0;
    exporter->read_store(store);
    if (settings.listen) {
        auto server = MetricsServer::start(*settings.listen, render_exposition(exporter->m_input));
        if (!server) return server.error();
        exporter->m_server = std::move(*server);
        logger.notice("metrics: serving http://" + settings.listen->text() + "/metrics");
    }
    exporter->publish();
    return exporter;
}

void Exporter::read_store(const store::Store& store)
{
    if (auto last = store.last_complete_chains()) {
        m_input.last_complete_at = std::move(*last);
    } else {
        m_logger.warning("metrics: last complete times not refreshed: " + last.error().message);
    }
    if (auto states = store.alert_states()) {
        m_input.alerts.clear();
        for (const auto& s : *states) m_input.alerts[s.key] = s.state == "firing";
    } else {
        m_logger.warning("metrics: alert states not refreshed: " + states.error().message);
    }
}

void Exporter::observe(const daemon::CycleResult& result, const config::Config& config, const store::Store& store,
                       std::chrono::milliseconds duration, std::int64_t now)
{
    if (result.aborted) return;
    MetricsInput next = from_cycle(result, config);
    m_input.reserves = std::move(next.reserves);
    m_input.values = std::move(next.values);
    m_input.value_total = std::move(next.value_total);
    m_input.prices = std::move(next.prices);
    m_input.chains = std::move(next.chains);
    m_input.addresses = std::move(next.addresses);
    const bool stored = result.stored.has_value();
    const auto status = result.snapshot.status;
    ++m_input.cycles[std::string(snapshot::to_string(stored ? status : snapshot::SnapshotStatus::failed))];
    m_input.cycle_duration_ms = duration.count();
    m_input.last_cycle_at = now;
    read_store(store);
    publish();
}

Status Exporter::reconfigure(const MetricsSettings& settings)
{
    if (settings.listen != m_settings.listen) {
        return Error{"[metrics] listen cannot change on reload (restart porwatch)"};
    }
    m_settings = settings;
    publish();
    return Ok{};
}

void Exporter::publish()
{
    std::string text = render_exposition(m_input);
    if (!m_settings.textfile.empty()) {
        if (Status written = write_textfile(m_settings.textfile, text); !written) {
            m_logger.error(written.error().message);
        }
    }
    if (m_server) m_server->publish(std::move(text));
}

}  // namespace porwatch::metrics
