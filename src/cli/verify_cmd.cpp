// `porwatch verify [FILE... | --config FILE] [--layout auto|okx|htx|porwatch]
//  [--format table|csv|json|jsonl] [--strict] [--threads N] [--message REGEX] [--message-max-age 400d]`
// (FILE "-" is stdin; without FILE the config's address files, default config path as `run`;
// the old `--format okx|htx|porwatch|auto` and `--json` are accepted with a deprecation notice).
//
// Loads every file into the address book, verifies each row's ownership proof on all cores,
// applies each file's message policy, and prints the report (verify_report.hpp).
// Exit 0 when no row failed, 1 when any row failed or has a claim error, 2 for usage errors
// or unreadable input.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <ostream>
#include <thread>

#include "options.hpp"
#include "porwatch/addressbook/book.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/proof/message_policy.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/util/move_append.hpp"
#include "verify_report.hpp"

namespace porwatch::cli {
namespace {

using addressbook::BookEntry;
using proof::ProofResult;
using proof::ProofStatus;

constexpr std::size_t kProgressThreshold = 20000;  // rows; smaller files finish too fast to need it
constexpr std::size_t kBatch = 64;

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

// Each file's message policy: from --config's [book "PATH"] sections, or --message and
// --message-max-age for every file given. Fails with the reason (a usage error).
Result<proof::MessagePolicies> policies_for(const po::variables_map& vm, const std::vector<std::string>& files,
                                            const std::optional<config::Config>& config)
{
    if (config) return proof::message_policies(*config);
    std::string pattern = vm.count("message") ? vm["message"].as<std::string>() : "";
    std::optional<unsigned> max_age;
    if (vm.count("message-max-age")) {
        const auto days = config::parse_max_age_days(vm["message-max-age"].as<std::string>());
        if (!days) return Error{"--" + days.error().message};
        max_age = *days;
    }
    auto policy = proof::make_message_policy(pattern, max_age);
    if (!policy) return policy.error();
    proof::MessagePolicies out;
    if (!policy->empty()) {
        for (const auto& file : files) out.emplace(file, *policy);
    }
    return out;
}

}  // namespace

int run_verify(const Args& args, Streams streams)
{
    const CommandSpec spec{
        "verify",
        "[FILE... | --config FILE] [--layout auto|okx|htx|porwatch] [--format table|csv|json|jsonl]\n"
        "       [--strict] [--threads N] [--message REGEX] [--message-max-age 400d]",
        "Verify the ownership proof (signed message) of every row of the address files.\n"
        "Prints a per-coin summary (rows, verified, failed, unsupported, unsigned, owners-signed,\n"
        "claim errors), each file's distinct signed messages with their row counts, then each\n"
        "failure and each claim error as FILE:LINE: ADDRESS: [SCHEME: ]REASON. --format jsonl\n"
        "prints one JSON object per row ({file,line,chain,coin,asset,address,scheme,status,reason})\n"
        "then a summary object; json one {\"rows\",\"summary\"} document; csv one line per row.\n"
        "FILE - reads stdin. --layout forces the input layout (default: detected from the header).\n"
        "Without FILE, the address files and their [book \"PATH\"] message policies come from the\n"
        "config (--config, $PORWATCH_CONFIG, /etc/porwatch/porwatch.conf); --message and\n"
        "--message-max-age set one policy for every FILE.\n"
        "--strict rejects Electrum-style headers 31-34 on segwit addresses (bip137-loose).\n"
        "Exit 0 when no row failed, 1 when any row failed or has a claim error, 2 for usage\n"
        "errors or unreadable files."};
    po::options_description options("options");
    std::string layout_name = "auto";
    unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    const FormatSpec formats{{OutputFormat::table, OutputFormat::csv, OutputFormat::json, OutputFormat::jsonl},
                             OutputFormat::table,
                             OutputFormat::jsonl};
    add_format_option(options, formats);
    add_config_option(options);
    options.add_options()("file", po::value<std::vector<std::string>>()->multitoken(), "address files (- = stdin)")(
        "layout", po::value<std::string>(&layout_name), "input layout: auto (default), okx, htx or porwatch")(
        "strict", po::bool_switch(), "reject loose (Electrum-style) BIP-137 headers on segwit addresses")(
        "threads", po::value<unsigned>(&threads), "worker threads (default: all cores)")(
        "message", po::value<std::string>(), "ECMAScript regex every signed message must match (whole)")(
        "message-max-age", po::value<std::string>(), "the message's ISO date is at most this old (e.g. 400d)");
    po::positional_options_description positional;
    positional.add("file", -1);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, positional, args, streams, exit_code);
    if (!vm) return exit_code;

    // The old `--format okx|htx|porwatch|auto` named the input layout: still accepted, with a notice.
    po::variables_map output_vm = *vm;
    if (vm->count("format")) {
        const std::string name = (*vm)["format"].as<std::string>();
        if (name == "auto" || addressbook::file_format_from_string(name)) {
            if (vm->count("layout")) {
                streams.err << "porwatch verify: give --layout, not --format " << name << " (deprecated)\n";
                return kExitUsage;
            }
            deprecated(spec, "--format " + name, "--layout " + name, streams.err);
            layout_name = name;
            output_vm.erase("format");
        }
    }
    const Result<OutputFormat> output = output_format(output_vm, formats, spec, streams.err);
    if (!output) {
        streams.err << "porwatch verify: " << output.error().message << "\n";
        return kExitUsage;
    }
    std::optional<addressbook::FileFormat> format;
    if (layout_name != "auto") {
        format = addressbook::file_format_from_string(layout_name);
        if (!format) {
            streams.err << "porwatch verify: unknown layout '" << layout_name << "' (auto, okx, htx, porwatch)\n";
            return kExitUsage;
        }
    }
    if (threads == 0) {
        streams.err << "porwatch verify: --threads must be at least 1\n";
        return kExitUsage;
    }
    std::optional<config::Config> config;
    if (vm->count("config") || !vm->count("file")) {
        if (vm->count("message") || vm->count("message-max-age")) {
            streams.err << "porwatch verify: --message and --message-max-age go with FILE..., not a config (the "
                           "config's [book \"PATH\"] sections set them)\n";
            return kExitUsage;
        }
        auto loaded = config::load_config(config_path(*vm));
        if (!loaded) {
            streams.err << "porwatch verify: " << loaded.error().message
                        << (vm->count("config") ? "" : " (give FILE... or --config FILE)") << "\n";
            return kExitUsage;
        }
        config = std::move(*loaded);
    }
    std::vector<std::string> files;
    if (vm->count("file"))
        files = (*vm)["file"].as<std::vector<std::string>>();
    else if (config)
        files = config->addresses;
    if (files.empty()) {
        streams.err << "porwatch verify: no address file (give FILE... or --config with 'addresses')\n";
        return kExitUsage;
    }
    const auto policies = policies_for(*vm, files, config);
    if (!policies) {
        streams.err << "porwatch verify: " << policies.error().message << "\n";
        return kExitUsage;
    }
    std::vector<BookEntry> entries;
    for (const auto& file : files) {
        auto loaded = addressbook::load_book_file(file, format);
        if (!loaded) {
            streams.err << "porwatch verify: " << loaded.error().message << "\n";
            return kExitUsage;
        }
        move_append(entries, std::move(*loaded));
    }
    proof::VerifyPolicy policy;
    if ((*vm)["strict"].as<bool>()) policy.headers = proof::HeaderPolicy::strict;
    const bool progress = entries.size() >= kProgressThreshold && isatty(STDERR_FILENO) == 1;
    auto results = verify_all(entries, policy, threads, progress, streams.err);
    const std::int64_t now = std::time(nullptr);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto rule = policies->find(entries[i].file);
        if (rule != policies->end()) proof::apply_message_policy(results[i], entries[i], rule->second, now);
    }
    const VerifyReport report{entries, results};
    switch (*output) {
    case OutputFormat::table: write_verify_text(streams.out, report); break;
    case OutputFormat::csv: write_verify_csv(streams.out, report); break;
    case OutputFormat::json: write_verify_json(streams.out, report); break;
    case OutputFormat::jsonl: write_verify_jsonl(streams.out, report); break;
    }
    return any_row_error(report) ? kExitVerifyFailed : kExitOk;
}

}  // namespace porwatch::cli
