#include "solvency_output.hpp"

#include <iomanip>
#include <ostream>
#include <sstream>
#include <tuple>

#include "porwatch/json/writer.hpp"
#include "porwatch/alert/rules.hpp"
#include "porwatch/snapshot/solvency.hpp"
#include "porwatch/util/text.hpp"

namespace porwatch::cli {
namespace {

void units_fields(json::ObjectWriter& json, std::string_view units_key, std::string_view amount_key,
                  const std::optional<Units>& units, unsigned decimals)
{
    if (units) {
        json.member(units_key, to_string(*units)).member(amount_key, format_decimal(*units, decimals));
    } else {
        json.null_member(units_key).null_member(amount_key);
    }
}

void optional_number(json::ObjectWriter& json, std::string_view key, std::optional<long long> value)
{
    if (value)
        json.member(key, *value);
    else
        json.null_member(key);
}

std::optional<long long> as_long(const std::optional<std::uint64_t>& v)
{
    if (!v) return std::nullopt;
    return static_cast<long long>(*v);
}

// ratio_percent, ratio_hundredths and their verified_ twins (null when absent).
void ratio_fields(json::ObjectWriter& json, const std::optional<Units>& ratio, const std::optional<Units>& verified)
{
    for (const auto& [percent, hundredths, value] :
         {std::tuple{"ratio_percent", "ratio_hundredths", &ratio},
          std::tuple{"verified_ratio_percent", "verified_ratio_hundredths", &verified}}) {
        if (*value)
            json.member(percent, snapshot::format_ratio(**value)).member(hundredths, to_string(**value));
        else
            json.null_member(percent).null_member(hundredths);
    }
}

void solvency_fields(json::ObjectWriter& json, const snapshot::Solvency& s)
{
    json.member("asset", s.asset)
        .member("chain", address::to_string(s.chain))
        .member("status", snapshot::to_string(s.status))
        .member("reason", s.reason);
    ratio_fields(json, s.ratio_hundredths, s.verified_ratio_hundredths);
    units_fields(json, "units", "amount", s.units, s.decimals);
    units_fields(json, "verified_units", "verified_amount", s.verified_units, s.decimals);
    json.member("decimals", static_cast<long long>(s.decimals));
    optional_number(json, "reserves_height", as_long(s.reserves_height));
    json.member("reserves_block_hash", s.reserves_block_hash);
    units_fields(json, "liabilities_units", "liabilities_amount", s.liabilities_units, s.liabilities_decimals);
    json.member("liabilities_decimals", static_cast<long long>(s.liabilities_decimals));
    units_fields(json, "equity_units", "equity_amount", s.equity_units, s.liabilities_decimals);
    units_fields(json, "debt_units", "debt_amount", s.debt_units, s.liabilities_decimals);
    optional_number(json, "liabilities_height", as_long(s.liabilities_height));
    if (s.liabilities_format)
        json.member("liabilities_format", liabilities::to_string(*s.liabilities_format));
    else
        json.null_member("liabilities_format");
    json.member("liabilities_file", s.liabilities_file).member("liabilities_root", s.liabilities_root);
    optional_number(json, "max_age_blocks", as_long(s.max_age_blocks));
    optional_number(json, "age_blocks", s.age_blocks ? std::optional<long long>(*s.age_blocks) : std::nullopt);
    json.member("stale", s.stale).member("stale_reason", s.stale_reason);
}

std::string ratio_text(const std::optional<Units>& hundredths)
{
    return hundredths ? snapshot::format_ratio(*hundredths) + " %" : std::string("-");
}

std::string amount_or(const std::optional<Units>& units, unsigned decimals)
{
    return units ? format_decimal(*units, decimals) : std::string("-");
}

std::string optional_text(const std::optional<std::uint64_t>& v)
{
    return v ? std::to_string(*v) : std::string("-");
}

}  // namespace

std::string solvency_json(const snapshot::Solvency& s)
{
    json::ObjectWriter json;
    solvency_fields(json, s);
    return json.finish();
}

std::string solvency_value_json(const snapshot::AggregateSolvency& a)
{
    json::ObjectWriter json;
    json.member("quote", a.quote).member("value_decimals", static_cast<long long>(prices::kValueDecimals));
    ratio_fields(json, a.ratio_hundredths, a.verified_ratio_hundredths);
    json.member("reserves_value_units", prices::to_string(a.reserves_value))
        .member("reserves_value", prices::format_value(a.reserves_value))
        .member("verified_reserves_value_units", prices::to_string(a.verified_reserves_value))
        .member("verified_reserves_value", prices::format_value(a.verified_reserves_value))
        .member("liabilities_value_units", prices::to_string(a.liabilities_value))
        .member("liabilities_value", prices::format_value(a.liabilities_value))
        .member("complete", a.complete);
    std::vector<std::string> excluded;
    for (const auto& [asset, reason] : a.excluded) excluded.push_back(asset + ": " + reason);
    return json.member("included", join(a.included, ",")).member("excluded", join(excluded, "; ")).finish();
}

std::string solvency_row_json(const store::SolvencyRow& row)
{
    json::ObjectWriter json;
    json.member("snapshot_id", static_cast<long long>(row.snapshot_id))
        .member("taken_at", alert::format_utc_timestamp(row.taken_at))
        .member("taken_at_unix", static_cast<long long>(row.taken_at))
        .member("snapshot_status", row.snapshot_status);
    solvency_fields(json, row.solvency);
    return json.finish();
}

std::string liability_file_json(const liabilities::FileResult& f)
{
    json::ObjectWriter json;
    json.member("file", f.spec.path)
        .member("format", liabilities::to_string(f.spec.format))
        .member("sha256", f.sha256)
        .member("status", f.verified() ? "verified" : "failed")
        .member("error", f.error);
    const liabilities::Liabilities* l = f.liabilities ? &*f.liabilities : nullptr;
    optional_number(json, "height", l ? as_long(l->height) : std::nullopt);
    json.member("root", l ? l->root : "")
        .member("nodes", static_cast<long long>(l ? l->nodes : 0))
        .member("checked", l ? l->checked : "");
    std::string assets = "[";
    if (l) {
        for (const auto& a : l->assets) {
            if (a.net == 0 && a.equity.value_or(0) == 0) continue;  // a 462-asset table lists mostly zeros
            json::ObjectWriter asset;
            asset.member("asset", a.asset).member("decimals", static_cast<long long>(a.decimals));
            units_fields(asset, "net_units", "net_amount", a.net, a.decimals);
            units_fields(asset, "equity_units", "equity_amount", a.equity, a.decimals);
            units_fields(asset, "debt_units", "debt_amount", a.debt, a.decimals);
            assets += (assets.size() > 1 ? "," : "") + asset.finish();
        }
    }
    json.raw_member("assets", assets + "]");
    if (f.zk_status)
        json.member("zk_status", liabilities::to_string(*f.zk_status));
    else
        json.null_member("zk_status");
    return json.member("zk_detail", f.zk_detail).finish();
}

std::string liability_file_json(const store::LiabilityFileRow& f)
{
    json::ObjectWriter json;
    json.member("file", f.file)
        .member("format", f.format)
        .member("sha256", f.sha256)
        .member("status", f.verified ? "verified" : "failed")
        .member("error", f.error);
    optional_number(json, "height", as_long(f.height));
    json.member("root", f.root).member("checked", f.checked);
    if (f.zk_status.empty())
        json.null_member("zk_status");
    else
        json.member("zk_status", f.zk_status);
    return json.member("zk_detail", f.zk_detail).finish();
}

std::string solvency_table(const snapshot::Snapshot& snapshot, const std::vector<std::string>& uncovered)
{
    std::ostringstream out;
    if (snapshot.liabilities.empty()) return "";
    out << "\nliabilities\n";
    for (const auto& f : snapshot.liabilities) {
        out << "  " << liabilities::to_string(f.spec.format) << " " << f.spec.path << ": ";
        if (f.verified()) {
            out << "verified: " << f.liabilities->checked;
            if (f.liabilities->height) out << "; height " << *f.liabilities->height;
        } else {
            out << "FAILED: " << f.error;
        }
        if (f.zk_status) out << "; zk verifier " << liabilities::to_string(*f.zk_status) << ": " << f.zk_detail;
        out << "\n";
    }
    out << "\n"
        << std::left << std::setw(8) << "asset" << std::setw(20) << "status" << std::right << std::setw(12) << "ratio"
        << std::setw(12) << "proven" << std::setw(30) << "reserves" << std::setw(10) << "@height" << std::setw(30)
        << "net liabilities" << std::setw(10) << "@height"
        << "\n";
    for (const auto& s : snapshot.solvency) {
        out << std::left << std::setw(8) << s.asset << std::setw(20) << snapshot::to_string(s.status) << std::right
            << std::setw(12) << ratio_text(s.ratio_hundredths) << std::setw(12)
            << ratio_text(s.verified_ratio_hundredths) << std::setw(30) << amount_or(s.units, s.decimals)
            << std::setw(10) << optional_text(s.reserves_height) << std::setw(30)
            << amount_or(s.liabilities_units, s.liabilities_decimals) << std::setw(10)
            << optional_text(s.liabilities_height) << "\n";
        if (!s.reason.empty()) out << "  " << s.reason << "\n";
        if (s.stale) out << "  STALE: " << s.stale_reason << "\n";
    }
    if (snapshot.solvency.empty()) out << "(no configured asset is in the liabilities)\n";
    if (snapshot.aggregate_solvency)
        out << "all assets in " << snapshot::describe(*snapshot.aggregate_solvency) << "\n";
    for (const auto& u : uncovered) out << "liabilities without a scanned asset: " << u << "\n";
    return out.str();
}

void print_solvency_history(const std::vector<store::SolvencyRow>& rows, OutputFormat format, std::ostream& out)
{
    if (format == OutputFormat::json) {
        out << "[";
        for (std::size_t i = 0; i < rows.size(); ++i) out << (i ? ",\n " : "") << solvency_row_json(rows[i]);
        out << "]\n";
        return;
    }
    if (format == OutputFormat::jsonl) {
        for (const auto& r : rows) out << solvency_row_json(r) << "\n";
        return;
    }
    if (format == OutputFormat::csv) {
        out << "snapshot_id,taken_at,snapshot_status,asset,chain,status,ratio_percent,verified_ratio_percent,units,"
               "verified_units,decimals,reserves_height,liabilities_units,liabilities_decimals,liabilities_height,"
               "liabilities_format,stale\n";
        for (const auto& r : rows) {
            const snapshot::Solvency& s = r.solvency;
            const auto plain = [](const std::optional<Units>& u) { return u ? to_string(*u) : std::string(); };
            out << r.snapshot_id << ',' << alert::format_utc_timestamp(r.taken_at) << ',' << r.snapshot_status << ','
                << s.asset << ',' << address::to_string(s.chain) << ',' << snapshot::to_string(s.status) << ','
                << (s.ratio_hundredths ? snapshot::format_ratio(*s.ratio_hundredths) : "") << ','
                << (s.verified_ratio_hundredths ? snapshot::format_ratio(*s.verified_ratio_hundredths) : "") << ','
                << plain(s.units) << ',' << plain(s.verified_units) << ',' << s.decimals << ','
                << (s.reserves_height ? std::to_string(*s.reserves_height) : "") << ',' << plain(s.liabilities_units)
                << ',' << s.liabilities_decimals << ','
                << (s.liabilities_height ? std::to_string(*s.liabilities_height) : "") << ','
                << (s.liabilities_format ? liabilities::to_string(*s.liabilities_format) : "") << ','
                << (s.stale ? 1 : 0) << '\n';
        }
        return;
    }
    out << std::left << std::setw(21) << "TAKEN_AT (UTC)" << std::setw(7) << "ASSET" << std::setw(20) << "STATUS"
        << std::right << std::setw(12) << "RATIO" << std::setw(12) << "PROVEN" << std::setw(28) << "RESERVES"
        << std::setw(10) << "HEIGHT" << std::setw(28) << "LIABILITIES" << std::setw(10) << "HEIGHT"
        << "\n";
    for (const auto& r : rows) {
        const snapshot::Solvency& s = r.solvency;
        out << std::left << std::setw(21) << alert::format_utc_timestamp(r.taken_at) << std::setw(7) << s.asset
            << std::setw(20) << snapshot::to_string(s.status) << std::right << std::setw(12)
            << ratio_text(s.ratio_hundredths) << std::setw(12) << ratio_text(s.verified_ratio_hundredths)
            << std::setw(28) << amount_or(s.units, s.decimals) << std::setw(10) << optional_text(s.reserves_height)
            << std::setw(28) << amount_or(s.liabilities_units, s.liabilities_decimals) << std::setw(10)
            << optional_text(s.liabilities_height) << (s.stale ? "  STALE" : "") << "\n";
    }
    if (rows.empty()) out << "(no ratios stored in this range: configure [liabilities])\n";
}

}  // namespace porwatch::cli
