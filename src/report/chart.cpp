// The SVG chart of one series. Geometry is integer: coordinates are tenths of a viewBox unit
// (printed "123.4"), x from int64 seconds, y from the exact uint256 amounts (scaled down by a
// shift first when the range is too wide to multiply safely). No floating point anywhere.
#include <algorithm>

#include "parts.hpp"

namespace porwatch::report {
namespace {

// The viewBox is 720 × 220; the plot area, in tenths.
constexpr std::int64_t kLeft = 80, kWidth = 7040, kTop = 160, kHeight = 1960;
constexpr std::size_t kMaxDots = 240;  // beyond this, points are a line only (the table has them)

std::string tenths(std::int64_t v)
{
    if (v < 0) v = 0;
    return std::to_string(v / 10) + "." + std::to_string(v % 10);
}

// The plot's y range, padded by a tenth of the data range (never below zero).
struct YScale {
    Units lo;
    Units hi;  // > lo
    unsigned shift = 0;

    explicit YScale(const Units& min, const Units& max)
    {
        Units pad = (max - min) / 10;
        if (pad == 0) pad = max / 20;
        if (pad == 0) pad = 1;
        lo = min > pad ? min - pad : Units(0);
        hi = max + pad < max ? max : max + pad;  // uint256 never wraps past its maximum here
        if (hi == lo) hi = lo + 1;
        const Units range = hi - lo;
        const unsigned bits = static_cast<unsigned>(boost::multiprecision::msb(range)) + 1;
        shift = bits > 200 ? bits - 200 : 0;  // (range >> shift) × kHeight fits in 256 bits
    }

    std::int64_t y(const Units& v) const
    {
        const Units clamped = std::clamp(v, lo, hi);
        const Units num = ((hi - clamped) >> shift) * kHeight;
        const Units den = (hi - lo) >> shift;
        return kTop + static_cast<std::int64_t>(num / (den == 0 ? Units(1) : den));
    }
};

std::int64_t x_of(std::int64_t t, const TimeAxis& axis)
{
    const std::int64_t clamped = std::clamp(t, axis.from, axis.to);
    return kLeft + (clamped - axis.from) * kWidth / (axis.to - axis.from);
}

std::string line(std::int64_t x1, std::int64_t y1, std::int64_t x2, std::int64_t y2, const std::string& cls,
                 const std::string& title)
{
    return "<line class=\"" + cls + "\" x1=\"" + tenths(x1) + "\" y1=\"" + tenths(y1) + "\" x2=\"" + tenths(x2) +
           "\" y2=\"" + tenths(y2) + "\"><title>" + escape(title) + "</title></line>";
}

// One <polyline> per segment of `points` for the chosen figure (all or verified).
template <typename Figure>
std::string polylines(const std::vector<Point>& points, const TimeAxis& axis, const YScale& scale,
                      const std::string& cls, Figure figure)
{
    std::string out;
    std::string current;
    auto flush = [&] {
        if (!current.empty()) out += "<polyline class=\"" + cls + "\" points=\"" + current + "\"/>";
        current.clear();
    };
    for (const Point& p : points) {
        const std::optional<Units> v = figure(p);
        if (p.starts_segment || !v) flush();
        if (!v) continue;
        current += (current.empty() ? "" : " ") + tenths(x_of(p.at, axis)) + "," + tenths(scale.y(*v));
    }
    flush();
    return out;
}

}  // namespace

std::string chart_svg(const Series& s, const TimeAxis& axis, const std::vector<Quiet>& quiet,
                      const std::vector<store::ReportAlertMark>& alerts)
{
    std::string svg =
        "<svg class=\"chart\" viewBox=\"0 0 720 220\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"" +
        escape(s.asset + " on " + s.chain + ": reserves over time") + "\">";
    const std::int64_t bottom = kTop + kHeight;
    svg += "<rect class=\"plot\" x=\"8\" y=\"16\" width=\"704\" height=\"196\"/>";
    for (const Quiet& q : quiet) {
        if (q.to < axis.from || q.from > axis.to) continue;
        const std::int64_t x1 = x_of(q.from, axis), x2 = x_of(q.to, axis);
        svg += "<rect class=\"quiet\" x=\"" + tenths(x1) + "\" y=\"16\" width=\"" +
               tenths(std::max<std::int64_t>(x2 - x1, 10)) + "\" height=\"196\"><title>" +
               escape("no snapshot from " + utc(q.from) + " to " + utc(q.to)) + "</title></rect>";
    }
    if (!s.points.empty()) {
        Units min = s.points.front().units, max = min;
        for (const Point& p : s.points) {
            min = std::min(min, p.units);
            max = std::max(max, p.units);
            if (p.verified_units) min = std::min(min, *p.verified_units);
        }
        const YScale scale(min, max);
        if (min != max) {  // a flat series needs no guides (they would run through its gaps)
            svg += line(kLeft, scale.y(max), kLeft + kWidth, scale.y(max), "range",
                        "period maximum " + format_decimal(max, s.decimals) + " " + s.asset);
            svg += line(kLeft, scale.y(min), kLeft + kWidth, scale.y(min), "range",
                        "period minimum " + format_decimal(min, s.decimals) + " " + s.asset);
        }
        if (s.has_verified) {
            svg += polylines(s.points, axis, scale, "verified", [](const Point& p) { return p.verified_units; });
        }
        svg += polylines(s.points, axis, scale, "all", [](const Point& p) { return std::optional<Units>(p.units); });
        for (std::size_t i = 0; i < s.points.size(); ++i) {
            const Point& p = s.points[i];
            const bool alone = p.starts_segment && (i + 1 == s.points.size() || s.points[i + 1].starts_segment);
            if (s.points.size() > kMaxDots && !alone) continue;  // an isolated point must still show
            svg += "<circle class=\"dot\" cx=\"" + tenths(x_of(p.at, axis)) + "\" cy=\"" + tenths(scale.y(p.units)) +
                   "\" r=\"2.5\"><title>" +
                   escape(utc(p.at) + ": " + format_decimal(p.units, s.decimals) + " " + s.asset + " at height " +
                          std::to_string(p.height)) +
                   "</title></circle>";
        }
    }
    for (const Missing& m : s.missing) {
        const std::int64_t x = x_of(m.at, axis);
        svg += line(x, bottom - 120, x, bottom, "missing", utc(m.at) + ": no figure (" + m.why + ")");
    }
    for (const auto& a : alerts) {
        if (a.at < axis.from || a.at > axis.to || !alert_concerns(a.alert_key, s)) continue;
        const std::int64_t x = x_of(a.at, axis);
        svg += line(x, kTop, x, bottom, a.state == "resolved" ? "alert resolved" : "alert",
                    utc(a.at) + ": " + a.alert_key + " " + a.state + (a.detail.empty() ? "" : ": " + a.detail));
    }
    return svg + "</svg>";
}

}  // namespace porwatch::report
