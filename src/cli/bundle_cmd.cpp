// `porwatch export` (a stored snapshot as one self-contained JSON bundle) and `porwatch check`
// (re-verify a bundle offline, and with --config against the user's own nodes).
#include <iomanip>
#include <ostream>
#include <sstream>

#include "history_options.hpp"
#include "porwatch/json/writer.hpp"
#include "porwatch/util/utf8.hpp"
#include "porwatch/bundle/check.hpp"
#include "porwatch/bundle/json.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/daemon/settings.hpp"
#include "porwatch/util/read_file.hpp"

namespace porwatch::cli {

int run_export(const Args& args, Streams streams)
{
    const CommandSpec spec{"export", "[--config FILE | --db FILE] --snapshot ID|latest",
                           "Write one stored snapshot as a self-contained JSON bundle on stdout: the address files\n"
                           "it read (byte for byte) with each row's verdict, every balance with its chain, height\n"
                           "and block hash, the verified headers and Merkle proofs, the UTXO outpoints behind every\n"
                           "Bitcoin-family balance, and the totals. `porwatch check` re-verifies it. The database\n"
                           "is opened read-only. Exit 0, or 2 when the database or the snapshot cannot be read."};
    po::options_description options("options");
    add_database_options(options);
    options.add_options()("snapshot", po::value<std::string>()->required(), "snapshot id, or latest");
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, {}, args, streams, exit_code);
    if (!vm) return exit_code;
    Result<store::Store> db = open_database(*vm);
    if (!db) {
        streams.err << "porwatch export: " << db.error().message << "\n";
        return kExitUsage;
    }
    const std::string which = (*vm)["snapshot"].as<std::string>();
    std::int64_t id = 0;
    if (which == "latest") {
        auto ids = db->snapshot_ids();
        if (!ids || ids->empty()) {
            streams.err << "porwatch export: "
                        << (ids ? std::string("the database has no snapshot") : ids.error().message) << "\n";
            return kExitUsage;
        }
        id = ids->back();
    } else {
        auto parsed = parse_units(which);
        if (!parsed || *parsed < 1 || *parsed > INT64_MAX) {
            streams.err << "porwatch export: --snapshot must be a snapshot id or latest, got '" << which << "'\n";
            return kExitUsage;
        }
        id = static_cast<std::int64_t>(*parsed);
    }
    Result<store::SnapshotExport> exported = db->export_snapshot(id);
    if (!exported) {
        streams.err << "porwatch export: " << exported.error().message << "\n";
        return kExitUsage;
    }
    streams.out << bundle::write_bundle(*exported) << "\n";
    return kExitOk;
}

int run_check(const Args& args, Streams streams)
{
    const CommandSpec spec{"check", "BUNDLE.json|- [--config FILE] [--format table|json|jsonl]",
                           "Re-verify a bundle written by `porwatch export` (- reads it from stdin). Offline: the\n"
                           "address files against their hashes, every signature the bundle calls verified, each EVM\n"
                           "header against its block hash, every Merkle proof against the header's state root and\n"
                           "the balances, every UTXO balance against its outpoints, every total re-summed. With\n"
                           "--config (only when given: check is offline by default), also against your own nodes:\n"
                           "EVM balances and proofs at the same block hash, and each outpoint with gettxout where it\n"
                           "is still unspent. Every part is ok, FAILED or not checked (with why).\n"
                           "Exit 0 when every checked part holds, 1 when one failed, 2 on a usage error or a file\n"
                           "that is not a readable bundle, 3 when a node of --config did not answer."};
    po::options_description options("options");
    std::string path;
    options.add_options()("bundle", po::value<std::string>(&path)->required(),
                          "the bundle (JSON) to check, - for stdin");
    add_config_option(options);
    const FormatSpec formats{
        {OutputFormat::table, OutputFormat::json, OutputFormat::jsonl}, OutputFormat::table, OutputFormat::json};
    add_format_option(options, formats);
    po::positional_options_description positional;
    positional.add("bundle", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, positional, args, streams, exit_code);
    if (!vm) return exit_code;
    const std::optional<OutputFormat> format = chosen_format(*vm, formats, spec, streams.err);
    if (!format) return kExitUsage;
    Result<std::string> text = read_whole_file(path, "bundle", /*stdin_dash=*/true);
    if (!text) {
        streams.err << "porwatch check: " << text.error().message << "\n";
        return kExitUsage;
    }
    auto read = bundle::read_bundle(*text, path);
    if (!read) {
        streams.err << "porwatch check: " << read.error().message << "\n";
        return kExitUsage;
    }
    bundle::CheckReport report = bundle::check_offline(read->bundle, read->inconsistencies);
    if (vm->count("config")) {
        auto settings = daemon::load_settings((*vm)["config"].as<std::string>());
        if (!settings) {
            streams.err << "porwatch check: " << settings.error().message << "\n";
            return kExitUsage;
        }
        bundle::check_online(read->bundle, settings->config, report);
    }
    const std::size_t ok = report.count(bundle::PartStatus::ok);
    const std::size_t failed = report.count(bundle::PartStatus::failed);
    const std::size_t skipped = report.count(bundle::PartStatus::not_checked);
    auto part_json = [](const bundle::Part& p) {
        json::ObjectWriter part;
        part.member("part", p.name).member("status", bundle::to_string(p.status)).member("detail", p.detail);
        return part.finish();
    };
    auto summary_json = [&](json::ObjectWriter& json) {
        json.member("bundle", path)
            .member("snapshot_id", static_cast<long long>(read->bundle.snapshot_id))
            .member("ok", static_cast<long long>(ok))
            .member("failed", static_cast<long long>(failed))
            .member("not_checked", static_cast<long long>(skipped))
            .member("unreachable", report.unreachable);
    };
    if (*format == OutputFormat::json) {
        std::string parts = "[";
        for (const auto& p : report.parts) parts += (parts.size() > 1 ? "," : "") + part_json(p);
        json::ObjectWriter json;
        json.raw_member("parts", parts + "]");
        summary_json(json);
        streams.out << json.finish() << "\n";
    } else if (*format == OutputFormat::jsonl) {  // one line per part, then the summary
        for (const auto& p : report.parts) streams.out << part_json(p) << "\n";
        json::ObjectWriter json;
        summary_json(json);
        streams.out << json.finish() << "\n";
    } else {
        for (const auto& p : report.parts) {
            streams.out << std::left << std::setw(12) << bundle::to_string(p.status) << p.name << ": "
                        << valid_utf8(p.detail) << "\n";
        }
        streams.out << "check: snapshot " << read->bundle.snapshot_id << ": " << ok << " ok, " << failed << " failed, "
                    << skipped << " not checked" << (report.unreachable ? " (a node did not answer)" : "") << "\n";
    }
    if (failed > 0) return kExitVerifyFailed;
    if (report.unreachable) return kExitIncomplete;
    return kExitOk;
}

}  // namespace porwatch::cli
