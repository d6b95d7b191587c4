// Shared by the alert unit tests: snapshot builders and a harness that runs cycles the way
// the daemon will (states carried from cycle to cycle, history of complete snapshots).
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "porwatch/alert/cycle.hpp"
#include "porwatch/alert/settings.hpp"

namespace alert_test {

using namespace porwatch;
using namespace porwatch::alert;
using snapshot::AssetTotal;
using snapshot::ChainStatus;
using snapshot::Snapshot;
using snapshot::SnapshotStatus;

// The alert settings of "c.conf": `interval = 60`, then [alerts] with `alerts` (its keys start
// on line 3), then `chains` (chain sections, [prices]).
inline Result<AlertSettings> load_settings(const std::string& alerts, const std::string& chains)
{
    auto config = config::parse_config("interval = 60\n[alerts]\n" + alerts + chains, "c.conf");
    if (!config) return config.error();
    return load_alert_settings(*config);
}

inline AssetTotal total(const std::string& asset, const std::string& units, unsigned decimals = 8,
                        address::Chain chain = address::Chain::bitcoin)
{
    AssetTotal t;
    t.asset = asset;
    t.chain = chain;
    t.decimals = decimals;
    t.units = parse_units(units).value();
    return t;
}

inline snapshot::ChainResult chain_result(address::Chain chain, ChainStatus status)
{
    snapshot::ChainResult c;
    c.chain = chain;
    c.status = status;
    if (status != ChainStatus::failed) {
        c.height = 120;
        c.block_hash = "00aa";
    } else {
        c.error = "connect: 127.0.0.1:1 refused";
    }
    return c;
}

// Every chain of `totals` complete (bitcoin when there are none).
inline Snapshot complete(std::vector<AssetTotal> totals)
{
    Snapshot s;
    s.status = SnapshotStatus::complete;
    s.chains.push_back(chain_result(address::Chain::bitcoin, ChainStatus::complete));
    for (const auto& t : totals) {
        const bool seen =
            std::any_of(s.chains.begin(), s.chains.end(), [&](const auto& c) { return c.chain == t.chain; });
        if (!seen) s.chains.push_back(chain_result(t.chain, ChainStatus::complete));
    }
    if (!totals.empty() && std::none_of(totals.begin(), totals.end(),
                                        [](const AssetTotal& t) { return t.chain == address::Chain::bitcoin; })) {
        s.chains.erase(s.chains.begin());  // only the totals' chains
    }
    s.totals = std::move(totals);
    return s;
}

// `complete` with `down` failed too (its totals removed): a partial snapshot.
inline Snapshot partial(std::vector<AssetTotal> totals, address::Chain down)
{
    std::erase_if(totals, [&](const AssetTotal& t) { return t.chain == down; });
    Snapshot s = complete(std::move(totals));
    std::erase_if(s.chains, [&](const snapshot::ChainResult& c) { return c.chain == down; });
    s.chains.push_back(chain_result(down, ChainStatus::failed));
    s.status = SnapshotStatus::partial;
    return s;
}

// The node is down: no totals at all.
inline Snapshot failed()
{
    Snapshot s;
    s.status = SnapshotStatus::failed;
    s.chains.push_back(chain_result(address::Chain::bitcoin, ChainStatus::failed));
    return s;
}

struct Harness {
    Rules rules;
    std::vector<AlertState> states;
    std::vector<HistoryPoint> history;
    std::vector<ChainHistory> chains;
    std::vector<PriceHistory> prices;
    std::int64_t start = 1'700'000'000;
    std::int64_t now = 1'700'000'000;
    std::int64_t next_id = 1;
    std::int64_t interval = 600;

    Harness(std::initializer_list<std::pair<const char*, const char*>> list)
    {
        const std::vector<std::pair<std::string, std::string>> settings(list.begin(), list.end());
        auto parsed = parse_rules(settings);
        REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
        rules = *parsed;
    }

    // One cycle; `input` supplies the book diff, ownership observations and a split reader.
    // History and chain readings are kept the way the store keeps them: every total of a
    // chain that was complete, whatever the snapshot status.
    std::vector<Notification> cycle(const Snapshot& snapshot, CycleInput input = {})
    {
        now += interval;
        const std::int64_t id = next_id++;
        input.snapshot_id = id;
        input.taken_at = now;
        input.now = now;
        input.history = history;
        input.chains = chains;
        input.prices = prices;
        input.watch_started_at = start;
        auto result = run_cycle(rules, snapshot, input, states);
        states = result.states;
        for (auto& c : chains) c.in_last_scan = snapshot.chains.empty() && c.in_last_scan;
        for (const auto& c : snapshot.chains) {
            // Kept by name, as the store keeps them: an [evm.NAME] chain apart from [ethereum].
            auto it = std::find_if(chains.begin(), chains.end(),
                                   [&](const ChainHistory& h) { return h.chain == c.chain && h.source == c.source; });
            if (it == chains.end())
                it = chains.insert(chains.end(), ChainHistory{c.chain, std::nullopt, now, false, c.source});
            it->in_last_scan = true;
            if (c.status == ChainStatus::complete) it->last_complete_at = now;
        }
        for (const auto& t : snapshot.totals) {
            history.push_back(HistoryPoint{now, t.asset, t.chain, t.units, t.verified_units, id});
        }
        record_values(snapshot, id);
        return result.notifications;
    }

    // Value figures and feed readings kept the way the store keeps them (schema 007).
    void record_values(const Snapshot& snapshot, std::int64_t id)
    {
        if (!snapshot.valuation) return;
        const auto& v = *snapshot.valuation;
        for (const auto& a : v.assets) {
            if (!a.value) continue;
            history.push_back(HistoryPoint{now, "VALUE:" + a.asset, a.chain, *prices::to_units(*a.value),
                                           prices::to_units(*a.verified_value), id});
        }
        if (v.complete) {
            history.push_back(HistoryPoint{now, "VALUE", address::Chain::ethereum, *prices::to_units(v.total),
                                           prices::to_units(v.verified_total), id});
        }
        for (auto& p : prices) p.in_last_read = false;
        for (const auto& p : v.prices.prices) {
            auto it =
                std::find_if(prices.begin(), prices.end(), [&](const PriceHistory& h) { return h.asset == p.asset; });
            if (it == prices.end()) it = prices.insert(prices.end(), PriceHistory{p.asset, std::nullopt, now, false});
            it->in_last_read = true;
            if (p.status == prices::PriceStatus::priced) it->last_priced_at = now;
        }
    }

    const AlertState& state(const std::string& key) const
    {
        for (const auto& s : states) {
            if (s.key == key) return s;
        }
        FAIL("no state for " << key);
        return states.front();
    }

    bool has_state(const std::string& key) const
    {
        for (const auto& s : states) {
            if (s.key == key) return true;
        }
        return false;
    }
};

inline std::vector<std::string> summary(const std::vector<Notification>& notifications)
{
    std::vector<std::string> out;
    for (const auto& n : notifications) {
        out.push_back(n.payload.alert + " " + std::string(to_string(n.payload.state)) +
                      (n.silenced ? " silenced" : ""));
    }
    return out;
}

using Lines = std::vector<std::string>;

}  // namespace alert_test
