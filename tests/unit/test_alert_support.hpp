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

namespace alert_test {

using namespace porwatch;
using namespace porwatch::alert;
using snapshot::AssetTotal;
using snapshot::ChainStatus;
using snapshot::Snapshot;
using snapshot::SnapshotStatus;

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
        const bool seen = std::any_of(s.chains.begin(), s.chains.end(), [&](const auto& c) { return c.chain == t.chain; });
        if (!seen) s.chains.push_back(chain_result(t.chain, ChainStatus::complete));
    }
    if (!totals.empty() && std::none_of(totals.begin(), totals.end(), [](const AssetTotal& t) {
            return t.chain == address::Chain::bitcoin;
        })) {
        s.chains.erase(s.chains.begin());   // only the totals' chains
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
        input.watch_started_at = start;
        auto result = run_cycle(rules, snapshot, input, states);
        states = result.states;
        for (auto& c : chains) c.in_last_scan = snapshot.chains.empty() && c.in_last_scan;
        for (const auto& c : snapshot.chains) {
            auto it = std::find_if(chains.begin(), chains.end(), [&](const ChainHistory& h) { return h.chain == c.chain; });
            if (it == chains.end()) it = chains.insert(chains.end(), ChainHistory{c.chain, std::nullopt, now, false});
            it->in_last_scan = true;
            if (c.status == ChainStatus::complete) it->last_complete_at = now;
        }
        for (const auto& t : snapshot.totals) {
            history.push_back(HistoryPoint{now, t.asset, t.chain, t.units, t.verified_units, id});
        }
        return result.notifications;
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
