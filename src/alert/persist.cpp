// AlertState ↔ stored rows; notifications → outbox rows.
#include "porwatch/alert/persist.hpp"

#include "porwatch/crypto/hash.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/redact.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::alert {
namespace {

constexpr std::size_t kDeliveryHashChars = 12;

std::optional<std::string> units_text(const std::optional<Units>& units)
{
    if (!units) return std::nullopt;
    return porwatch::to_string(*units);
}

Result<std::optional<Units>> stored_units(const std::optional<std::string>& text, const std::string& key)
{
    if (!text) return std::optional<Units>();
    Result<Units> units = parse_units(*text);
    if (!units) return Error{"alert " + key + ": corrupt stored amount '" + *text + "'"};
    return std::optional<Units>(*units);
}

}  // namespace

store::AlertStateRow to_row(const AlertState& state, std::optional<std::int64_t> snapshot_id, std::int64_t now)
{
    store::AlertStateRow row;
    row.key = state.key;
    row.rule = state.key.substr(0, state.key.find(':'));
    row.asset = asset_of_key(state.key);
    row.state = std::string(to_string(state.phase));
    row.consecutive = state.pending_count;
    row.since = state.since;
    row.last_snapshot_id = snapshot_id;
    row.reference_units = units_text(state.reference_units);
    row.reference_snapshot_id = state.reference_snapshot_id;
    row.last_current_units = units_text(state.last_current_units);
    row.last_drop_percent = state.last_drop_percent;
    row.last_detail = state.last_detail;
    row.delivered_firing = state.delivered_firing;
    row.members = join(state.members, "\n");
    row.updated_at = now;
    return row;
}

Result<AlertState> from_row(const store::AlertStateRow& row)
{
    AlertState state;
    state.key = row.key;
    const auto phase = alert_phase_from_string(row.state);
    if (!phase) return Error{"alert " + row.key + ": unknown stored state '" + row.state + "'"};
    state.phase = *phase;
    if (row.consecutive < 0) return Error{"alert " + row.key + ": negative stored count"};
    state.pending_count = static_cast<unsigned>(row.consecutive);
    state.since = row.since;
    auto reference = stored_units(row.reference_units, row.key);
    if (!reference) return reference.error();
    state.reference_units = *reference;
    state.reference_snapshot_id = row.reference_snapshot_id;
    auto current = stored_units(row.last_current_units, row.key);
    if (!current) return current.error();
    state.last_current_units = *current;
    state.last_drop_percent = row.last_drop_percent;
    state.last_detail = row.last_detail;
    state.delivered_firing = row.delivered_firing;
    state.members = split_list(row.members, '\n');
    return state;
}

Result<std::vector<AlertState>> from_rows(std::span<const store::AlertStateRow> rows)
{
    std::vector<AlertState> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        Result<AlertState> state = from_row(row);
        if (!state) return state.error();
        out.push_back(std::move(*state));
    }
    return out;
}

std::string target_hash(const std::string& target)
{
    return to_hex(crypto::sha256(crypto::as_bytes(target)));
}

std::vector<store::OutboxInsert> outbox_rows(std::span<const Notification> notifications, const AlertSettings& settings,
                                             std::int64_t created_at)
{
    std::vector<store::OutboxInsert> rows;
    for (const auto& n : notifications) {
        const std::string state(to_string(n.payload.state));
        const std::string id_prefix = (n.payload.snapshot_id ? std::to_string(*n.payload.snapshot_id) : "none") + "-" +
                                      n.payload.alert + "-" + state + "-";
        auto add = [&](std::string_view kind, const std::string& target, std::string shown) {
            store::OutboxInsert row;
            row.target_hash = target_hash(target);
            row.delivery_id = id_prefix + row.target_hash.substr(0, kDeliveryHashChars);
            row.created_at = created_at;
            row.alert_key = n.payload.alert;
            row.state = state;
            row.snapshot_id = n.payload.snapshot_id;
            row.target_kind = std::string(kind);
            row.target = std::move(shown);
            row.payload = payload_to_json(n.payload, row.delivery_id);
            row.silenced = n.silenced;
            rows.push_back(std::move(row));
        };
        for (const auto& hook : settings.hooks) add("hook", hook, hook);
        for (const auto& url : settings.webhooks) add("webhook", url, redact_url(url));
    }
    return rows;
}

Status save_cycle(store::SnapshotTransaction& tx, const CycleResult& result, const AlertSettings& settings,
                  std::int64_t snapshot_id, std::int64_t now)
{
    std::vector<store::AlertStateRow> rows;
    rows.reserve(result.states.size());
    for (const auto& state : result.states) rows.push_back(to_row(state, snapshot_id, now));
    if (Status saved = store::save_alert_states(tx, rows); !saved) return saved;
    const auto queued = outbox_rows(result.notifications, settings, now);
    return store::enqueue_deliveries(tx, queued);
}

}  // namespace porwatch::alert
