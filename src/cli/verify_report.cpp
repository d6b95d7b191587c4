#include "verify_report.hpp"

#include <algorithm>
#include <iomanip>
#include <map>

#include "porwatch/json/writer.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::cli {
namespace {

using addressbook::BookEntry;
using proof::ProofResult;
using proof::ProofStatus;

struct Counts {
    std::size_t rows = 0;
    std::size_t verified = 0;
    std::size_t failed = 0;
    std::size_t unsupported = 0;
    std::size_t unsigned_rows = 0;
    std::size_t owners_signed = 0;
    std::size_t claim_errors = 0;

    void add(const BookEntry& entry, ProofStatus status)
    {
        ++rows;
        claim_errors += entry.has_claim_error();
        switch (status) {
        case ProofStatus::verified: ++verified; break;
        case ProofStatus::failed: ++failed; break;
        case ProofStatus::unsupported: ++unsupported; break;
        case ProofStatus::unsigned_entry: ++unsigned_rows; break;
        case ProofStatus::owners_signed: ++owners_signed; break;
        }
    }
};

std::string coin_of(const BookEntry& entry)
{
    return entry.coin.empty() ? entry.asset : entry.coin;
}

struct Tally {
    std::map<std::string, Counts> per_coin;
    Counts total;
    // file → the distinct messages of its signed rows, with their row counts, most first.
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::size_t>>>> messages;
};

Tally tally(const VerifyReport& r)
{
    Tally t;
    std::map<std::string, std::map<std::string, std::size_t>> by_file;
    std::vector<std::string> files;  // first-seen order
    for (std::size_t i = 0; i < r.entries.size(); ++i) {
        const BookEntry& e = r.entries[i];
        t.per_coin[coin_of(e)].add(e, r.results[i].status);
        t.total.add(e, r.results[i].status);
        if (!by_file.count(e.file)) files.push_back(e.file);
        auto& messages = by_file[e.file];
        if (e.is_signed() || !e.ownership.owners.empty()) ++messages[e.ownership.message];
    }
    for (const auto& file : files) {
        std::vector<std::pair<std::string, std::size_t>> list(by_file[file].begin(), by_file[file].end());
        std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        t.messages.emplace_back(file, std::move(list));
    }
    return t;
}

// A message as one printable line: quoted, with control characters and quotes escaped.
std::string quoted(const std::string& message)
{
    std::string out = "\"";
    for (const char c : valid_utf8(message)) {
        if (c == '"' || c == '\\')
            out += std::string("\\") + c;
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (static_cast<unsigned char>(c) < 0x20)
            out += "?";
        else
            out += c;
    }
    return out + "\"";
}

void write_counts(json::ObjectWriter& json, const Counts& counts)
{
    json.member("rows", static_cast<long long>(counts.rows))
        .member("verified", static_cast<long long>(counts.verified))
        .member("failed", static_cast<long long>(counts.failed))
        .member("unsupported", static_cast<long long>(counts.unsupported))
        .member("unsigned", static_cast<long long>(counts.unsigned_rows))
        .member("owners_signed", static_cast<long long>(counts.owners_signed))
        .member("claim_errors", static_cast<long long>(counts.claim_errors));
}

std::string json_row(const BookEntry& entry, const ProofResult& result)
{
    json::ObjectWriter json;
    json.member("file", entry.file).member("line", static_cast<long long>(entry.line));
    if (entry.chain)
        json.member("chain", address::to_string(*entry.chain));
    else
        json.null_member("chain");
    json.member("coin", coin_of(entry))
        .member("asset", entry.asset)
        .member("address", entry.address_text)
        .member("scheme", result.scheme)
        .member("status", proof::to_string(result.status))
        .member("reason", result.reason);
    if (result.required > 0) {
        json.member("proven", static_cast<long long>(result.proven))
            .member("required", static_cast<long long>(result.required));
    }
    if (!result.signers.empty()) {
        std::string signers = "[";
        for (std::size_t i = 0; i < result.signers.size(); ++i)
            signers += (i ? ",\"" : "\"") + result.signers[i] + "\"";
        json.raw_member("signers", signers + "]");
    }
    if (entry.has_claim_error()) json.member("claim_error", entry.claim_error);
    return json.finish();
}

std::string csv_field(const std::string& raw)
{
    const std::string text = valid_utf8(raw);
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

bool any_row_error(const VerifyReport& report)
{
    for (std::size_t i = 0; i < report.entries.size(); ++i) {
        if (report.results[i].status == ProofStatus::failed || report.entries[i].has_claim_error()) return true;
    }
    return false;
}

void write_verify_text(std::ostream& out, const VerifyReport& report)
{
    const Tally t = tally(report);
    out << std::left << std::setw(18) << "coin" << std::right << std::setw(8) << "rows" << std::setw(10) << "verified"
        << std::setw(8) << "failed" << std::setw(13) << "unsupported" << std::setw(10) << "unsigned" << std::setw(15)
        << "owners-signed" << std::setw(14) << "claim errors"
        << "\n";
    auto row = [&](const std::string& name, const Counts& c) {
        out << std::left << std::setw(18) << valid_utf8(name) << std::right << std::setw(8) << c.rows << std::setw(10)
            << c.verified << std::setw(8) << c.failed << std::setw(13) << c.unsupported << std::setw(10)
            << c.unsigned_rows << std::setw(15) << c.owners_signed << std::setw(14) << c.claim_errors << "\n";
    };
    for (const auto& [coin, counts] : t.per_coin) row(coin, counts);
    row("total", t.total);
    out << "\nsigned messages:\n";
    for (const auto& [file, list] : t.messages) {
        out << "  " << valid_utf8(file) << (list.empty() ? ": no signed rows" : "") << "\n";
        for (std::size_t i = 0; i < list.size() && i < kMessagesShown; ++i) {
            out << "    " << std::setw(8) << list[i].second << (list[i].second == 1 ? " row  " : " rows ")
                << quoted(list[i].first) << "\n";
        }
        if (list.size() > kMessagesShown)
            out << "    … and " << list.size() - kMessagesShown << " more distinct messages\n";
    }
    const auto where = [&](std::size_t i) {
        return valid_utf8(report.entries[i].file + ":" + std::to_string(report.entries[i].line) + ": " +
                          report.entries[i].address_text + ": ");
    };
    if (t.total.failed > 0) out << "\nfailures:\n";
    for (std::size_t i = 0; i < report.entries.size(); ++i) {
        const ProofResult& r = report.results[i];
        if (r.status != ProofStatus::failed) continue;
        out << where(i) << valid_utf8((r.scheme.empty() ? "" : r.scheme + ": ") + r.reason) << "\n";
    }
    if (t.total.claim_errors > 0) out << "\nclaim errors:\n";
    for (std::size_t i = 0; i < report.entries.size(); ++i) {
        if (report.entries[i].has_claim_error()) out << where(i) << valid_utf8(report.entries[i].claim_error) << "\n";
    }
}

namespace {

// The summary object (of JSON Lines: with "summary":true first).
std::string summary_json(const VerifyReport& report, bool tagged)
{
    const Tally t = tally(report);
    json::ObjectWriter summary;
    if (tagged) summary.member("summary", true);
    write_counts(summary, t.total);
    std::string coins = "{";
    for (const auto& [coin, counts] : t.per_coin) {
        json::ObjectWriter one;
        write_counts(one, counts);
        json::ObjectWriter key_only;  // escape the coin name as a JSON string
        const std::string escaped = key_only.member("k", coin).finish();
        coins += (coins.size() > 1 ? "," : "") + escaped.substr(5, escaped.size() - 6) + ":" + one.finish();
    }
    summary.raw_member("coins", coins + "}");
    std::string messages = "[";
    for (const auto& [file, list] : t.messages) {
        for (std::size_t i = 0; i < list.size() && i < 10 * kMessagesShown; ++i) {
            json::ObjectWriter one;
            one.member("file", file)
                .member("message", list[i].first)
                .member("rows", static_cast<long long>(list[i].second));
            messages += (messages.size() > 1 ? "," : "") + one.finish();
        }
        if (list.size() > 10 * kMessagesShown) {
            json::ObjectWriter more;
            more.member("file", file)
                .member("more_messages", static_cast<long long>(list.size() - 10 * kMessagesShown));
            messages += (messages.size() > 1 ? "," : "") + more.finish();
        }
    }
    summary.raw_member("messages", messages + "]");
    return summary.finish();
}

}  // namespace

void write_verify_jsonl(std::ostream& out, const VerifyReport& report)
{
    for (std::size_t i = 0; i < report.entries.size(); ++i)
        out << json_row(report.entries[i], report.results[i]) << "\n";
    out << summary_json(report, /*tagged=*/true) << "\n";
}

void write_verify_json(std::ostream& out, const VerifyReport& report)
{
    out << "{\"rows\":[";
    for (std::size_t i = 0; i < report.entries.size(); ++i) {
        out << (i ? ",\n " : "") << json_row(report.entries[i], report.results[i]);
    }
    out << "],\n\"summary\":" << summary_json(report, /*tagged=*/false) << "}\n";
}

void write_verify_csv(std::ostream& out, const VerifyReport& report)
{
    out << "file,line,chain,coin,asset,address,scheme,status,reason,claim_error\n";
    for (std::size_t i = 0; i < report.entries.size(); ++i) {
        const BookEntry& e = report.entries[i];
        const ProofResult& r = report.results[i];
        out << csv_field(e.file) << ',' << e.line << ',' << (e.chain ? address::to_string(*e.chain) : "") << ','
            << csv_field(coin_of(e)) << ',' << csv_field(e.asset) << ',' << csv_field(e.address_text) << ','
            << csv_field(r.scheme) << ',' << proof::to_string(r.status) << ',' << csv_field(r.reason) << ','
            << csv_field(e.claim_error) << "\n";
    }
}

}  // namespace porwatch::cli
