#include "porwatch/alert/payload.hpp"

namespace porwatch::alert {
namespace {

std::optional<std::string> non_empty(const std::string& text)
{
    if (text.empty()) return std::nullopt;
    return text;
}

std::optional<std::string> units_text(const std::optional<Units>& units)
{
    if (!units) return std::nullopt;
    return porwatch::to_string(*units);
}

}  // namespace

std::string_view to_string(NotifyState state)
{
    return state == NotifyState::firing ? "firing" : "resolved";
}

PayloadContext payload_context(const snapshot::Snapshot& snapshot, std::optional<std::int64_t> snapshot_id,
                               std::int64_t taken_at)
{
    PayloadContext context;
    context.snapshot_id = snapshot_id;
    context.taken_at = taken_at;
    for (const auto& chain : snapshot.chains) {
        // Only a chain pinned to a block has evidence to show; a failed one has none.
        if (chain.status == snapshot::ChainStatus::failed || chain.block_hash.empty()) continue;
        const std::string name = chain::source_name(chain);
        context.heights.emplace_back(name, chain.height);
        context.block_hashes.emplace_back(name, chain.block_hash);
    }
    if (const auto& v = snapshot.valuation) {
        PayloadValue value;
        value.quote = v->prices.quote;
        value.total_units = prices::to_string(v->total);
        value.verified_total_units = prices::to_string(v->verified_total);
        if (v->claimed_total) value.claimed_total_units = prices::to_string(*v->claimed_total);
        value.complete = v->complete;
        value.priced = v->priced;
        value.unpriced = v->unpriced;
        if (v->prices.pinned) {
            value.price_height = v->prices.height;
            value.price_block_hash = v->prices.block_hash;
        }
        context.value = std::move(value);
    }
    return context;
}

Payload build_payload(const Condition& condition, NotifyState state, const PayloadContext& context)
{
    Payload payload;
    payload.alert = condition.key;
    payload.state = state;
    payload.asset = non_empty(condition.asset);
    payload.chain = non_empty(condition.chain);
    if (condition.basis) payload.basis = std::string(to_string(*condition.basis));
    payload.previous_units = units_text(condition.reference_units);
    payload.current_units = units_text(condition.current_units);
    payload.units = units_text(condition.units);
    payload.verified_units = units_text(condition.verified_units);
    if (condition.drop_basis) payload.drop_basis = std::string(to_string(*condition.drop_basis));
    if (const auto& split = condition.book_split) {
        payload.book_change = PayloadBookChange{split->reference_snapshot_id,
                                                split->removed_addresses,
                                                porwatch::to_string(split->removed_units),
                                                split->added_addresses,
                                                porwatch::to_string(split->added_units),
                                                split->same_addresses,
                                                porwatch::to_string(split->same_previous_units),
                                                porwatch::to_string(split->same_current_units)};
    }
    payload.drop_percent = non_empty(condition.drop_percent);
    payload.window = non_empty(condition.window);
    payload.snapshot_id = context.snapshot_id;
    payload.taken_at = context.taken_at;
    payload.heights = context.heights;
    payload.block_hashes = context.block_hashes;
    payload.value = context.value;
    payload.detail = condition.detail;
    payload.solvency = condition.solvency;
    return payload;
}

}  // namespace porwatch::alert
