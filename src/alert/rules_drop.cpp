// One drop rule on one asset's total: the reference it is measured against (frozen while the
// drop is active; else the maximum over the window, the last figure before the window when
// the chain had no reading inside it, or the previous figure), and the book split that names
// how much of the change comes from addresses removed from or added to the published book.
#include <utility>

#include "eval_detail.hpp"

namespace porwatch::alert::detail {
namespace {

enum class ReferenceKind {
    frozen,
    previous,
    window_max,
    before_window
};

struct Reference {
    Units units;
    std::optional<std::int64_t> snapshot_id;
    std::int64_t taken_at = 0;
    ReferenceKind kind = ReferenceKind::previous;
};

std::optional<Units> point_figure(const HistoryPoint& point, Basis basis)
{
    if (basis == Basis::verified) return point.verified_units;
    return point.units;
}

std::optional<Reference> drop_reference(const DropRule& rule, const Figure& total, const CycleInput& input,
                                        const AlertState* state)
{
    if (state && state->phase != AlertPhase::ok && state->reference_units) {
        return Reference{*state->reference_units, state->reference_snapshot_id, 0, ReferenceKind::frozen};
    }
    std::optional<Reference> in_window;
    std::optional<Reference> latest;
    for (const auto& point : input.history) {
        if (point.asset != total.asset || point.chain != total.chain || point.taken_at >= input.taken_at) continue;
        const std::optional<Units> value = point_figure(point, rule.basis);
        if (!value) continue;
        const Reference here{*value, point.snapshot_id, point.taken_at, ReferenceKind::previous};
        // The latest point; two snapshots in one second are ordered by their ids.
        if (!latest || std::pair(point.taken_at, point.snapshot_id.value_or(0)) >
                           std::pair(latest->taken_at, latest->snapshot_id.value_or(0))) {
            latest = here;
        }
        if (rule.window && point.taken_at >= input.taken_at - *rule.window &&
            (!in_window || *value > in_window->units)) {
            in_window = here;
            in_window->kind = ReferenceKind::window_max;
        }
    }
    if (!rule.window || in_window) return rule.window ? in_window : latest;
    // No reading inside the window (the chain was down longer than it, or the interval is
    // longer): the last figure before it, so a drain during the gap is still compared.
    if (latest) latest->kind = ReferenceKind::before_window;
    return latest;
}

std::string against_text(const Reference& ref, const std::string& window)
{
    switch (ref.kind) {
    case ReferenceKind::frozen: return "the level it fell from";
    case ReferenceKind::window_max: return "the maximum over " + window;
    case ReferenceKind::before_window:
        return "the last figure, at " + format_utc_timestamp(ref.taken_at) + ": none within " + window;
    case ReferenceKind::previous: break;
    }
    return "the previous figure";
}

// The split against the reference, or nullopt with `note` saying why there is none; a store
// error also yields an alerts_broken condition for the drop's key.
std::optional<BookSplit> read_split(const Condition& c, const Figure& total, const Reference& ref,
                                    const CycleInput& input, std::string& note, std::vector<Condition>& out)
{
    if (!input.book_split) return std::nullopt;
    if (!ref.snapshot_id) {
        note = "the book split is unknown: the reference was frozen before its snapshot was recorded";
        return std::nullopt;
    }
    Result<std::optional<BookSplit>> split =
        input.book_split(BookSplitQuery{total.asset, total.chain, *ref.snapshot_id});
    if (!split) {
        out.push_back(broken(c, "reading the book split: " + split.error().message));
        note = "the book split could not be read";
        return std::nullopt;
    }
    if (!*split)
        note = "the book split is unknown: snapshot " + std::to_string(*ref.snapshot_id) + " is no longer stored";
    return *split;
}

// "Book change since snapshot 4: -2.25000000 LTC from 1 removed address(es), +0.00000000 LTC
// from 0 added, -0.25000000 LTC from balance changes of 2 address(es) in both".
std::string split_text(const BookSplit& split, const Figure& total)
{
    const bool fell = split.same_current_units < split.same_previous_units;
    const Units change = fell ? split.same_previous_units - split.same_current_units
                              : split.same_current_units - split.same_previous_units;
    return "book change since snapshot " + std::to_string(split.reference_snapshot_id) + ": -" +
           amount_text(split.removed_units, total) + " from " + std::to_string(split.removed_addresses) +
           " removed address(es), +" + amount_text(split.added_units, total) + " from " +
           std::to_string(split.added_addresses) + " added, " + (fell ? "-" : "+") + amount_text(change, total) +
           " from balance changes of " + std::to_string(split.same_addresses) + " address(es) in both";
}

}  // namespace

void evaluate_drop(const Rules& rules, const DropRule& rule, const Figure& total, const CycleInput& input,
                   std::span<const AlertState> prior, std::vector<Condition>& out)
{
    const std::string window = rule.window ? format_duration(*rule.window) : "";
    Condition c = asset_condition(RuleKind::drop, total, rule.basis, key_suffix(rule.window, rule.basis));
    c.window = window;
    const AlertState* state = find_state(prior, c.key);
    const std::string what = total.asset + (rule.basis == Basis::verified ? " verified" : "");
    const std::optional<Reference> ref = drop_reference(rule, total, input, state);
    if (!ref) {
        c.detail = "no earlier" + std::string(rule.basis == Basis::verified ? " verified" : "") + " figure of " +
                   total.asset + (c.chain.empty() ? "" : " on " + c.chain) + " to compare with";
        out.push_back(std::move(c));
        return;
    }
    const Units& current = figure(total, rule.basis);
    c.freeze_units = ref->units;
    c.freeze_snapshot_id = ref->snapshot_id;
    c.drop_basis = rules.drop_basis;
    const bool book_fire = fell_by_at_least(ref->units, current, rule.percent.scaled);
    const bool active = state && state->phase != AlertPhase::ok;
    // The split costs a store read: only when it decides the condition (like for like) or
    // may be shown (a notification is possible). It is of all units: verified drops compare
    // the whole verified figure.
    std::string note;
    if (!total.value && rule.basis == Basis::all &&
        (rules.drop_basis == DropBasis::same_addresses || book_fire || active)) {
        c.book_split = read_split(c, total, *ref, input, note, out);
    }
    const bool like_for_like = rules.drop_basis == DropBasis::same_addresses && c.book_split.has_value();
    if (!total.value && rules.drop_basis == DropBasis::same_addresses && rule.basis == Basis::all && !like_for_like) {
        note += std::string(note.empty() ? "" : "; ") + "compared on the whole book (like for like unavailable)";
    }
    const Units& reference = like_for_like ? c.book_split->same_previous_units : ref->units;
    const Units& compared = like_for_like ? c.book_split->same_current_units : current;
    c.reference_units = reference;
    c.current_units = compared;
    c.drop_percent = percent_below(reference, compared);
    c.fire = fell_by_at_least(reference, compared, rule.percent.scaled);
    // Hysteresis: resolved once the fall is less than (rule − resolve_percent), or fully
    // recovered when resolve_percent ≥ the rule.
    if (compared >= reference) {
        c.recovered = true;
    } else if (rules.resolve.scaled >= rule.percent.scaled) {
        c.recovered = false;
    } else {
        c.recovered = !fell_by_at_least(reference, compared, rule.percent.scaled - rules.resolve.scaled);
    }
    const std::string rule_text = " (" + against_text(*ref, window) + "; rule " + to_string(rule.percent) + "%)";
    if (like_for_like) {
        c.detail = what + " like for like (" + std::to_string(c.book_split->same_addresses) +
                   " address(es) in both snapshots) " + amount_text(compared, total) + " is " + c.drop_percent +
                   "% below " + amount_text(reference, total) + rule_text +
                   "; the whole book: " + amount_text(current, total) + " vs " + amount_text(ref->units, total);
    } else {
        c.detail = what + " total " + amount_text(current, total) + " is " + c.drop_percent + "% below " +
                   amount_text(reference, total) + rule_text;
    }
    const bool book_changed = c.book_split && (c.book_split->removed_addresses || c.book_split->added_addresses);
    if (book_changed) c.detail += "; " + split_text(*c.book_split, total);
    if (!note.empty()) c.detail += "; " + note;
    out.push_back(std::move(c));
}

}  // namespace porwatch::alert::detail
