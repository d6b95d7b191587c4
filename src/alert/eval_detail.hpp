// Internal to src/alert: helpers shared by the evaluation files.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/alert/evaluate.hpp"

namespace porwatch::alert::detail {

// "kind:asset[:suffix]" (asset "" → "kind").
std::string make_key(RuleKind kind, std::string_view asset, std::string_view suffix = {});

// The prior state of `key`, or nullptr.
const AlertState* find_state(std::span<const AlertState> prior, std::string_view key);

// Render up to `limit` items joined by ", ", then "and N more".
std::string list_some(const std::vector<std::string>& items, std::size_t limit);

// Ownership, drift and disputed conditions (rules_book.cpp).
void evaluate_ownership(const CycleInput& input, const snapshot::Snapshot& snapshot,
                        std::span<const AlertState> prior, std::vector<Condition>& out);
void evaluate_drift(const CycleInput& input, std::span<const AlertState> prior,
                    std::vector<Condition>& out);
void evaluate_disputed(const snapshot::Snapshot& snapshot, std::vector<Condition>& out);

}  // namespace porwatch::alert::detail
