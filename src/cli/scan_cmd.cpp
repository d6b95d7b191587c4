// `porwatch scan --config FILE --once [--json]`: one full cycle (load the address book, verify
// ownership, scan every chain at a pinned block, assemble the snapshot, print it).
#include <ctime>
#include <future>
#include <ostream>

#include "options.hpp"
#include "porwatch/chain/scan.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/snapshot/assemble.hpp"
#include "scan_output.hpp"

namespace porwatch::cli {
namespace {

// The one place where ownership proofs are checked for a scan.
std::vector<proof::ProofResult> verify_book(const std::vector<addressbook::BookEntry>& book)
{
    std::vector<proof::ProofResult> out;
    out.reserve(book.size());
    for (const auto& entry : book) out.push_back(proof::verify_entry(entry, proof::VerifyPolicy{}));
    return out;
}

// Scan every chain with targets, the chains concurrently (they are independent).
std::vector<chain::ChainScan> scan_chains(const config::Config& config, const snapshot::ScanPlan& plan)
{
    std::vector<std::future<chain::ChainScan>> futures;
    for (const auto c : {address::Chain::bitcoin, address::Chain::litecoin}) {
        const auto& targets = c == address::Chain::bitcoin ? plan.bitcoin : plan.litecoin;
        if (targets.empty()) continue;
        const config::UtxoChainConfig* section = config.utxo(c);
        futures.push_back(std::async(std::launch::async, [section, &targets] {
            return chain::scan_utxo_chain(*section, targets);
        }));
    }
    if (!plan.ethereum.empty()) {
        futures.push_back(std::async(std::launch::async, [&config, &plan] {
            return chain::scan_evm_chain(*config.ethereum, plan.ethereum);
        }));
    }
    std::vector<chain::ChainScan> scans;
    for (auto& f : futures) scans.push_back(f.get());
    return scans;
}

}  // namespace

int run_scan(const Args& args, Streams streams)
{
    const CommandSpec spec{
        "scan", "--config FILE --once [--json]",
        "Run one scan cycle: load the address files named in the config, verify ownership\n"
        "proofs, read every address's balance at one pinned block per chain (from every\n"
        "rpc_url: all must agree), and print totals per asset with height and block hash.\n"
        "Exit 0 when the snapshot is complete, 3 when any chain failed or is disputed,\n"
        "2 on a config or usage error."};
    po::options_description options("options");
    std::string config_path;
    options.add_options()
        ("config", po::value<std::string>(&config_path)->required(), "porwatch.conf (INI)")
        ("once", po::bool_switch(), "run one cycle and exit (the daemon loop is `porwatch daemon`)")
        ("json", po::bool_switch(), "print the snapshot as one JSON object");
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    if (!(*vm)["once"].as<bool>()) {
        streams.err << "porwatch scan: --once is required (continuous watching is `porwatch daemon`)\n";
        return kExitUsage;
    }
    const auto config = config::load_config(config_path);
    if (!config) {
        streams.err << "porwatch scan: " << config.error().message << "\n";
        return kExitUsage;
    }
    if (config->addresses.empty()) {
        streams.err << "porwatch scan: " << config_path << ": no 'addresses' file configured\n";
        return kExitUsage;
    }
    std::vector<addressbook::BookEntry> book;
    for (const auto& path : config->addresses) {
        auto entries = addressbook::load_book_file(path);
        if (!entries) {
            streams.err << "porwatch scan: " << entries.error().message << "\n";
            return kExitUsage;
        }
        book.insert(book.end(), std::make_move_iterator(entries->begin()), std::make_move_iterator(entries->end()));
    }
    const auto plan = snapshot::plan_scan(book, *config);
    if (!plan) {
        streams.err << "porwatch scan: " << plan.error().message << "\n";
        return kExitUsage;
    }
    const auto proofs = verify_book(book);
    const std::int64_t started_at = std::time(nullptr);
    const auto scans = scan_chains(*config, *plan);
    const auto snap = snapshot::assemble(book, proofs, scans, started_at, std::time(nullptr));
    const ScanReport report{snap, plan->unscanned};
    if ((*vm)["json"].as<bool>()) {
        streams.out << scan_json(report) << "\n";
    } else {
        streams.out << scan_table(report);
    }
    return snap.status == snapshot::SnapshotStatus::complete ? kExitOk : kExitIncomplete;
}

}  // namespace porwatch::cli
