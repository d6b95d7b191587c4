// Alerts in the watch cycle: the prior read before the write, the stage inside it, logging.
#include "porwatch/daemon/alert_stage.hpp"

#include <algorithm>
#include <memory>
#include <random>
#include <set>

#include "porwatch/alert/persist.hpp"

namespace porwatch::daemon {
namespace {

constexpr std::string_view kSavepoint = "porwatch_alerts";

// The chain of a stored chain name: a built-in chain's, or ethereum for any other name, which
// is an [evm.NAME] section's (the store keeps a section's chain and totals under NAME, its
// totals named SYMBOL@NAME; the config refuses a section named like a built-in chain).
struct StoredChain {
    address::Chain chain = address::Chain::ethereum;
    std::string source;  // NAME of the section; "" for a built-in chain
};
StoredChain stored_chain(const std::string& name)
{
    if (const auto chain = address::chain_from_string(name)) return StoredChain{*chain, ""};
    return StoredChain{address::Chain::ethereum, name};
}

// "chain\naddress\ncoin", written into `key` (its capacity reused: no allocation per row).
const std::string& verdict_key_into(std::string& key, std::string_view chain, std::string_view address,
                                    std::string_view coin)
{
    key.assign(chain);
    key += '\n';
    key += address;
    key += '\n';
    key += coin;
    return key;
}

std::string verdict_key(std::string_view chain, std::string_view address, std::string_view coin)
{
    std::string key;
    verdict_key_into(key, chain, address, coin);
    return key;
}

// The asset a removed address held, for drift keys: what the store recorded for it, else the
// chain's native asset (an address that was never scanned).
Result<std::vector<std::string>> assets_of_removed(store::SnapshotTransaction& tx, const store::BookEvent& event)
{
    const std::string chain(address::to_string(event.chain));
    Result<std::vector<std::string>> assets = store::stored_assets(tx, chain, event.address);
    if (!assets || !assets->empty()) return assets;
    switch (event.chain) {
    case address::Chain::bitcoin: return std::vector<std::string>{"BTC"};
    case address::Chain::litecoin: return std::vector<std::string>{"LTC"};
    case address::Chain::ethereum: return std::vector<std::string>{"ETH"};
    case address::Chain::tron: return std::vector<std::string>{"TRX"};
    }
    return std::vector<std::string>{chain};
}

Status book_inputs(store::SnapshotTransaction& tx, const StoredCycle& cycle, const AlertPrior& prior,
                   alert::CycleInput& input)
{
    const LoadedBook& book = *cycle.book;
    std::set<std::string> added;  // chain\naddress
    for (const auto& event : cycle.report.book_events) {
        if (event.event == "added") {
            added.insert(std::string(address::to_string(event.chain)) + "\n" + event.address);
        }
    }
    // Most cycles add nothing: then no row needs a lookup in `added`.
    const auto was_added = [&added](address::Chain chain, const std::string& text) {
        return !added.empty() && added.count(std::string(address::to_string(chain)) + "\n" + text) != 0;
    };
    if (!prior.first_book) {
        std::set<std::pair<std::string, std::string>> seen;  // (asset, address)
        for (const auto& entry : book.entries) {
            if (added.empty()) break;
            if (!entry.address) continue;
            if (was_added(entry.address->chain, entry.address->text) &&
                seen.emplace(entry.asset, entry.address->text).second) {
                input.book_diff.added.push_back({entry.asset, entry.address->text});
            }
        }
        for (const auto& event : cycle.report.book_events) {
            if (event.event != "removed") continue;
            Result<std::vector<std::string>> assets = assets_of_removed(tx, event);
            if (!assets) return assets.error();
            for (const auto& asset : *assets) input.book_diff.removed.push_back({asset, event.address});
        }
    }
    std::string key;
    for (std::size_t i = 0; i < book.entries.size() && i < book.verdicts.size(); ++i) {
        const auto& entry = book.entries[i];
        if (!entry.address) continue;
        alert::OwnershipObservation obs;
        obs.asset = entry.asset;
        obs.address = entry.address->text;
        obs.current = book.verdicts[i].status;
        obs.reason = book.verdicts[i].reason;
        if (!was_added(entry.address->chain, entry.address->text)) {
            const auto found = prior.verdicts.find(
                verdict_key_into(key, address::to_string(entry.address->chain), entry.address->text, entry.coin));
            if (found != prior.verdicts.end()) obs.previous = found->second;
        }
        input.ownership.push_back(std::move(obs));
    }
    return Ok{};
}

Status evaluate_and_save(store::SnapshotTransaction& tx, const StoredCycle& cycle, const alert::AlertSettings& settings,
                         const AlertPrior& prior, AlertOutcome& outcome)
{
    Result<std::vector<store::AlertStateRow>> rows = store::load_alert_states(tx);
    if (!rows) return rows.error();
    Result<std::vector<alert::AlertState>> states = alert::from_rows(*rows);
    if (!states) return states.error();
    alert::CycleInput input;
    input.snapshot_id = cycle.report.snapshot_id;
    input.taken_at = cycle.snapshot.started_at;
    input.now = cycle.now;
    input.history = prior.history;
    input.chains = prior.chains;
    input.prices = prior.prices;
    // Everything in the prior was stored before this snapshot, so it is earlier even when it
    // started in the same second (two `scan --once` in a row): keep it strictly before
    // taken_at, or evaluate() would ignore the previous snapshot as "not earlier".
    for (auto& point : input.history) point.taken_at = std::min(point.taken_at, input.taken_at - 1);
    for (auto& chain : input.chains) {
        if (chain.last_complete_at) chain.last_complete_at = std::min(*chain.last_complete_at, input.taken_at - 1);
    }
    for (auto& price : input.prices) {
        if (price.last_priced_at) price.last_priced_at = std::min(*price.last_priced_at, input.taken_at - 1);
    }
    input.book_split = [&tx](const alert::BookSplitQuery& query) -> Result<std::optional<alert::BookSplit>> {
        Result<std::optional<store::BookSplitRow>> row =
            store::book_split(tx, address::to_string(query.chain), query.asset, query.reference_snapshot_id);
        if (!row) return row.error();
        if (!*row) return std::optional<alert::BookSplit>();
        const store::BookSplitRow& r = **row;
        return std::optional<alert::BookSplit>(
            alert::BookSplit{query.reference_snapshot_id, r.removed_addresses, r.removed_units, r.added_addresses,
                             r.added_units, r.same_addresses, r.same_previous_units, r.same_current_units});
    };
    input.watch_started_at = prior.watch_started_at.value_or(cycle.snapshot.started_at);
    input.first_book = prior.first_book;
    alert::Rules rules = settings.rules;
    if (cycle.book) {
        if (Status built = book_inputs(tx, cycle, prior, input); !built) return built;
    } else {
        // No book this cycle (an unreadable file): ownership and drift are not evaluated, so
        // their alerts neither fire nor resolve on missing data.
        rules.ownership = false;
        rules.drift = false;
    }
    const alert::CycleResult result = alert::run_cycle(rules, cycle.snapshot, input, *states);
    if (Status saved = alert::save_cycle(tx, result, settings, cycle.report.snapshot_id, cycle.now); !saved) {
        return saved;
    }
    outcome.notifications = result.notifications;
    outcome.states = result.states.size();
    return Ok{};
}

}  // namespace

Status check_alerts_against_store(const alert::AlertSettings& settings, const store::Store& store,
                                  const std::string& config_file)
{
    for (const auto& rule : settings.rules.drops) {
        if (rule.basis != alert::Basis::verified) continue;
        Result<bool> stored = store.has_verified_totals();
        if (!stored) return stored.error();
        if (*stored) return Ok{};
        return Error{config_file + ":" + std::to_string(rule.source.line) + ": alerts: drop_percent = '" +
                     rule.source.value +
                     "': a verified drop compares with earlier verified totals, which this "
                     "database does not store (asset_totals.verified_units, the proven-reserves schema)"};
    }
    return Ok{};
}

Result<AlertPrior> read_alert_prior(const store::Store& store, const alert::Rules& rules, std::int64_t now)
{
    AlertPrior prior;
    Result<store::StatusReport> status = store.status();
    if (!status) return status.error();
    prior.first_book = status->addresses_in_book == 0 && status->addresses_removed == 0;
    // Every figure of a chain that was complete, from complete and partial snapshots alike:
    // per (asset, chain), never per snapshot status.
    Result<std::vector<store::TotalPoint>> points = store.total_history(now - alert::history_horizon(rules));
    if (!points) return points.error();
    for (const auto& p : *points) {
        prior.history.push_back(alert::HistoryPoint{p.taken_at, p.asset, stored_chain(p.chain).chain, p.units,
                                                    p.verified_units, p.snapshot_id});
    }
    // Value figures (VALUE, VALUE:SYMBOL) in the same series shape, 10^-8 quote units. A value
    // past 2^256-1 cannot be compared as a figure and is left out (its rules are alerts_broken).
    Result<std::vector<store::ValuePoint>> values = store.value_points(now - alert::history_horizon(rules));
    if (!values) return values.error();
    for (const auto& p : *values) {
        const auto chain = stored_chain(p.chain).chain;  // "" (the total value): ethereum
        Result<prices::Value> value = prices::parse_value(p.value_units);
        if (!value)
            return Error{"stored value of snapshot " + std::to_string(p.snapshot_id) + ": " + value.error().message};
        const auto units = prices::to_units(*value);
        if (!units) continue;
        std::optional<Units> verified;
        if (p.verified_value_units) {
            if (auto v = prices::parse_value(*p.verified_value_units); v) verified = prices::to_units(*v);
        }
        const std::string asset = std::string(alert::kValueWord) + (p.asset.empty() ? "" : ":" + p.asset);
        prior.history.push_back(alert::HistoryPoint{p.taken_at, asset, chain, *units, verified, p.snapshot_id});
    }
    Result<std::vector<store::PriceReading>> feeds = store.price_readings();
    if (!feeds) return feeds.error();
    for (const auto& f : *feeds) {
        prior.prices.push_back(alert::PriceHistory{f.asset, f.last_priced_at, f.first_seen_at, f.in_last_read});
    }
    Result<std::vector<store::ChainReading>> readings = store.chain_readings();
    if (!readings) return readings.error();
    for (const auto& r : *readings) {
        const auto [chain, source] = stored_chain(r.chain);  // a section's: stale:NAME
        prior.chains.push_back(alert::ChainHistory{chain, r.last_complete_at, r.first_seen_at, r.in_last_scan, source});
    }
    Result<std::optional<std::int64_t>> first = store.first_snapshot_at();
    if (!first) return first.error();
    prior.watch_started_at = *first;
    Result<std::vector<store::VerdictRow>> verdicts = store.latest_verdicts();
    if (!verdicts) return verdicts.error();
    for (const auto& v : *verdicts) {
        if (const auto status_value = proof::proof_status_from_string(v.status)) {
            prior.verdicts[verdict_key(v.chain, v.address, v.coin)] = *status_value;
        }
    }
    return prior;
}

AlertStage make_alert_stage(const alert::AlertSettings& settings, AlertPrior prior, AlertOutcome& outcome)
{
    return [&settings, prior = std::move(prior), &outcome](store::SnapshotTransaction& tx,
                                                           const StoredCycle& cycle) -> Status {
        if (Status begun = tx.execute("SAVEPOINT " + std::string(kSavepoint)); !begun) {
            outcome.error = begun.error().message;
            return Ok{};
        }
        if (Status done = evaluate_and_save(tx, cycle, settings, prior, outcome); !done) {
            outcome.error = done.error().message;
            outcome.notifications.clear();
            if (Status undone = tx.execute("ROLLBACK TO " + std::string(kSavepoint)); !undone) return undone;
        }
        return tx.execute("RELEASE " + std::string(kSavepoint));
    };
}

alert::DeliveryEnv delivery_env(Logger& logger, std::function<std::int64_t()> now, std::function<bool()> stop_requested)
{
    alert::DeliveryEnv env;
    env.now = std::move(now);
    env.stop_requested = std::move(stop_requested);
    env.log = [&logger](alert::DeliveryEvent event, const std::string& line) {
        switch (event) {
        case alert::DeliveryEvent::delivered: logger.notice(line); break;
        case alert::DeliveryEvent::retry: logger.warning(line); break;
        case alert::DeliveryEvent::gave_up: logger.error(line); break;
        }
    };
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    env.jitter = [engine](std::int64_t max) {
        if (max <= 0) return std::int64_t{0};
        std::uniform_int_distribution<std::int64_t> pick(0, max);
        return pick(*engine);
    };
    return env;
}

bool attach_alerts(const alert::AlertSettings& settings, const store::Store& store, CycleHooks& hooks,
                   AlertOutcome& outcome, Logger& logger)
{
    Result<AlertPrior> prior = read_alert_prior(store, settings.rules, hooks.now());
    if (!prior) {
        logger.error("alerts not evaluated this cycle: reading their history: " + prior.error().message);
        return false;
    }
    hooks.alert_stage = make_alert_stage(settings, std::move(*prior), outcome);
    return true;
}

void deliver_alerts(const alert::AlertSettings& settings, store::Store& store, Logger& logger,
                    std::function<std::int64_t()> now, std::function<bool()> stop_requested)
{
    const alert::DeliveryEnv env = delivery_env(logger, std::move(now), std::move(stop_requested));
    Result<alert::DeliveryReport> report = alert::deliver_pending(store, settings, env);
    if (!report) logger.error("alert delivery: " + report.error().message);
}

void log_alert_outcome(Logger& logger, const AlertOutcome& outcome)
{
    if (!outcome.error.empty()) logger.error("alerts not evaluated (the snapshot is stored): " + outcome.error);
    for (const auto& n : outcome.notifications) {
        logger.notice("alert " + n.payload.alert + " " + std::string(alert::to_string(n.payload.state)) +
                      (n.silenced ? " (silenced: maintenance window)" : "") + ": " + n.payload.detail);
    }
}

}  // namespace porwatch::daemon
