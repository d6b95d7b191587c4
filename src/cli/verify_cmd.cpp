// `porwatch verify FILE... [--format auto|okx|htx|porwatch] [--json] [--strict] [--threads N]`
//
// Loads every file into the address book, verifies each row's ownership proof on all cores
// and prints a per-coin summary plus every failure (or JSON Lines with --json).
// Exit 0 when no row failed, 1 when any row failed, 2 for usage errors or unreadable input.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <thread>

#include "json_writer.hpp"
#include "options.hpp"
#include "porwatch/addressbook/book.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/proof/verify.hpp"

namespace porwatch::cli {
namespace {

using addressbook::BookEntry;
using proof::ProofResult;
using proof::ProofStatus;

constexpr std::size_t kProgressThreshold = 20000;   // rows; smaller files finish too fast to need it
constexpr std::size_t kBatch = 64;

struct Counts {
    std::size_t rows = 0;
    std::size_t verified = 0;
    std::size_t failed = 0;
    std::size_t unsupported = 0;
    std::size_t unsigned_rows = 0;
    std::size_t owners_signed = 0;

    void add(ProofStatus status)
    {
        ++rows;
        switch (status) {
        case ProofStatus::verified: ++verified; break;
        case ProofStatus::failed: ++failed; break;
        case ProofStatus::unsupported: ++unsupported; break;
        case ProofStatus::unsigned_entry: ++unsigned_rows; break;
        case ProofStatus::owners_signed: ++owners_signed; break;
        }
    }
};

// Verify all entries on `threads` threads; results[i] belongs to entries[i].
std::vector<ProofResult> verify_all(const std::vector<BookEntry>& entries, const proof::VerifyPolicy& policy,
                                    unsigned threads, bool progress, std::ostream& err)
{
    std::vector<ProofResult> results(entries.size());
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    auto worker = [&] {
        for (;;) {
            const std::size_t begin = next.fetch_add(kBatch);
            if (begin >= entries.size()) return;
            const std::size_t end = std::min(entries.size(), begin + kBatch);
            for (std::size_t i = begin; i < end; ++i) results[i] = proof::verify_entry(entries[i], policy);
            done.fetch_add(end - begin);
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    if (progress) {
        while (done.load() < entries.size()) {
            err << "\rverifying: " << done.load() << " / " << entries.size() << " rows" << std::flush;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        err << "\rverifying: " << entries.size() << " / " << entries.size() << " rows\n" << std::flush;
    }
    for (auto& thread : pool) thread.join();
    return results;
}

std::string coin_of(const BookEntry& entry) { return entry.coin.empty() ? entry.asset : entry.coin; }

void write_json_row(std::ostream& out, const BookEntry& entry, const ProofResult& result)
{
    JsonObjectWriter json;
    json.field("file", entry.file).field("line", static_cast<long long>(entry.line));
    if (entry.chain) json.field("chain", address::to_string(*entry.chain));
    else json.null_field("chain");
    json.field("coin", coin_of(entry))
        .field("asset", entry.asset)
        .field("address", entry.address_text)
        .field("scheme", result.scheme)
        .field("status", proof::to_string(result.status))
        .field("reason", result.reason);
    if (result.required > 0) {
        json.field("proven", static_cast<long long>(result.proven)).field("required", static_cast<long long>(result.required));
    }
    if (!result.signers.empty()) {
        std::string signers = "[";
        for (std::size_t i = 0; i < result.signers.size(); ++i) signers += (i ? ",\"" : "\"") + result.signers[i] + "\"";
        json.raw_field("signers", signers + "]");
    }
    out << json.finish() << "\n";
}

void write_counts(JsonObjectWriter& json, const Counts& counts)
{
    json.field("rows", static_cast<long long>(counts.rows))
        .field("verified", static_cast<long long>(counts.verified))
        .field("failed", static_cast<long long>(counts.failed))
        .field("unsupported", static_cast<long long>(counts.unsupported))
        .field("unsigned", static_cast<long long>(counts.unsigned_rows))
        .field("owners_signed", static_cast<long long>(counts.owners_signed));
}

void write_text(std::ostream& out, const std::vector<BookEntry>& entries, const std::vector<ProofResult>& results,
                const std::map<std::string, Counts>& per_coin, const Counts& total)
{
    out << std::left << std::setw(18) << "coin" << std::right << std::setw(8) << "rows" << std::setw(10) << "verified"
        << std::setw(8) << "failed" << std::setw(13) << "unsupported" << std::setw(10) << "unsigned" << std::setw(15)
        << "owners-signed" << "\n";
    auto row = [&](const std::string& name, const Counts& c) {
        out << std::left << std::setw(18) << name << std::right << std::setw(8) << c.rows << std::setw(10) << c.verified
            << std::setw(8) << c.failed << std::setw(13) << c.unsupported << std::setw(10) << c.unsigned_rows
            << std::setw(15) << c.owners_signed << "\n";
    };
    for (const auto& [coin, counts] : per_coin) row(coin, counts);
    row("total", total);
    if (total.failed > 0) out << "\nfailures:\n";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (results[i].status != ProofStatus::failed) continue;
        out << entries[i].file << ":" << entries[i].line << ": " << entries[i].address_text << ": "
            << (results[i].scheme.empty() ? "" : results[i].scheme + ": ") << results[i].reason << "\n";
    }
}

}  // namespace

int run_verify(const Args& args, Streams streams)
{
    const CommandSpec spec{
        "verify", "FILE... [--format auto|okx|htx|porwatch] [--json] [--strict] [--threads N]",
        "Verify the ownership proof (signed message) of every row of the address files.\n"
        "Prints a per-coin summary (rows, verified, failed, unsupported, unsigned, owners-signed)\n"
        "and each failure as FILE:LINE: ADDRESS: SCHEME: REASON. --json prints one JSON object per\n"
        "row ({file,line,chain,coin,asset,address,scheme,status,reason}) then a summary object.\n"
        "--strict rejects Electrum-style headers 31-34 on segwit addresses (bip137-loose).\n"
        "Exit 0 when no row failed, 1 when any row failed, 2 for usage errors or unreadable files."};
    po::options_description options("options");
    std::string format_name = "auto";
    unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    options.add_options()
        ("file", po::value<std::vector<std::string>>()->required()->multitoken(), "address files")
        ("format", po::value<std::string>(&format_name), "auto (default), okx, htx or porwatch")
        ("json", po::bool_switch(), "JSON Lines output")
        ("strict", po::bool_switch(), "reject loose (Electrum-style) BIP-137 headers on segwit addresses")
        ("threads", po::value<unsigned>(&threads), "worker threads (default: all cores)");
    po::positional_options_description positional;
    positional.add("file", -1);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, positional, args, streams, exit_code);
    if (!vm) return exit_code;

    std::optional<addressbook::FileFormat> format;
    if (format_name != "auto") {
        format = addressbook::file_format_from_string(format_name);
        if (!format) {
            streams.err << "porwatch verify: unknown format '" << format_name << "' (auto, okx, htx, porwatch)\n";
            return kExitUsage;
        }
    }
    if (threads == 0) {
        streams.err << "porwatch verify: --threads must be at least 1\n";
        return kExitUsage;
    }
    std::vector<BookEntry> entries;
    for (const auto& file : (*vm)["file"].as<std::vector<std::string>>()) {
        auto loaded = addressbook::load_book_file(file, format);
        if (!loaded) {
            streams.err << "porwatch verify: " << loaded.error().message << "\n";
            return kExitUsage;
        }
        std::move(loaded->begin(), loaded->end(), std::back_inserter(entries));
    }
    proof::VerifyPolicy policy;
    if ((*vm)["strict"].as<bool>()) policy.headers = proof::HeaderPolicy::strict;
    const bool progress = entries.size() >= kProgressThreshold && isatty(STDERR_FILENO) == 1;
    const auto results = verify_all(entries, policy, threads, progress, streams.err);

    std::map<std::string, Counts> per_coin;
    Counts total;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        per_coin[coin_of(entries[i])].add(results[i].status);
        total.add(results[i].status);
    }
    if ((*vm)["json"].as<bool>()) {
        for (std::size_t i = 0; i < entries.size(); ++i) write_json_row(streams.out, entries[i], results[i]);
        JsonObjectWriter summary;
        summary.field("summary", true);
        write_counts(summary, total);
        std::string coins = "{";
        for (const auto& [coin, counts] : per_coin) {
            JsonObjectWriter one;
            write_counts(one, counts);
            JsonObjectWriter key_only;   // escape the coin name as a JSON string
            const std::string escaped = key_only.field("k", coin).finish();
            coins += (coins.size() > 1 ? "," : "") + escaped.substr(5, escaped.size() - 6) + ":" + one.finish();
        }
        summary.raw_field("coins", coins + "}");
        streams.out << summary.finish() << "\n";
    } else {
        write_text(streams.out, entries, results, per_coin, total);
    }
    return total.failed > 0 ? kExitVerifyFailed : kExitOk;
}

}  // namespace porwatch::cli
