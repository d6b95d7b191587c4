// `porwatch inclusion FILE… [--account ID --nonce HEX] [--two-digit-assets LIST]
// [--format table|json|jsonl]`:
// a user checks their own inclusion in the exchange's published liabilities, offline
// (liabilities/inclusion.hpp), and reads what was proven and what was not.
//
// Exit 0: every check that ran held; 1: something does not recompute (FILE:LINE named);
// 2: usage error, an unreadable file, or a file of no known kind.
#include <ostream>
#include <utility>

#include "porwatch/json/writer.hpp"
#include "porwatch/util/utf8.hpp"
#include "options.hpp"
#include "porwatch/cli/exit_codes.hpp"
#include "porwatch/liabilities/inclusion.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/util/csv.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/read_file.hpp"

namespace porwatch::cli {
namespace {

std::string json_array(const std::vector<std::string>& items)
{
    std::string out = "[";
    for (const auto& item : items) {
        json::ObjectWriter one;
        out += (out.size() > 1 ? "," : "") + one.member("text", item).finish();
    }
    return out + "]";
}

std::string files_json(const liabilities::InclusionReport& report)
{
    std::string kinds = "[";
    for (const auto& [name, kind] : report.files) {
        json::ObjectWriter one;
        kinds += (kinds.size() > 1 ? "," : "") +
                 one.member("file", name).member("kind", liabilities::to_string(kind)).finish();
    }
    return kinds + "]";
}

// --format json: one document {"files","proven","not_proven","failed","ok"}.
void write_json(std::ostream& out, const liabilities::InclusionReport& report)
{
    json::ObjectWriter json;
    json.raw_member("files", files_json(report))
        .raw_member("proven", json_array(report.proven))
        .raw_member("not_proven", json_array(report.not_proven))
        .raw_member("failed", json_array(report.failed))
        .member("ok", report.failed.empty());
    out << json.finish() << "\n";
}

// --format jsonl: one {"result","text"} per finding, then {"summary":true,"files",counts,"ok"}.
void write_jsonl(std::ostream& out, const liabilities::InclusionReport& report)
{
    for (const auto& [result, lines] :
         {std::pair{"proven", &report.proven}, std::pair{"not_proven", &report.not_proven},
          std::pair{"failed", &report.failed}}) {
        for (const auto& line : *lines) {
            json::ObjectWriter one;
            out << one.member("result", result).member("text", line).finish() << "\n";
        }
    }
    json::ObjectWriter summary;
    summary.member("summary", true)
        .raw_member("files", files_json(report))
        .member("proven", static_cast<long long>(report.proven.size()))
        .member("not_proven", static_cast<long long>(report.not_proven.size()))
        .member("failed", static_cast<long long>(report.failed.size()))
        .member("ok", report.failed.empty());
    out << summary.finish() << "\n";
}

}  // namespace

int run_inclusion(const Args& args, Streams streams)
{
    const CommandSpec spec{"inclusion",
                           "FILE... [--account ID --nonce HEX] [--two-digit-assets LIST] [--format table|json|jsonl]",
                           "Check your own inclusion in an exchange's published liabilities, offline, from the\n"
                           "files it gave you (each file's kind is recognised from its content):\n"
                           "  OKX v1 proof file: your leaf from your nonce and the path to the root;\n"
                           "  OKX v2 user file (+ the full tree): your user hash, your leaves, and that they are\n"
                           "    leaves of the tree, whose every parent is recomputed;\n"
                           "  BitMEX tree (+ a nonces file, or --account and --nonce): every parent recomputed,\n"
                           "    the total, and your leaves found and summed;\n"
                           "  Binance or Gate user config + the price table (CexAssetsInfo config or\n"
                           "    cex_assets_info.csv): your total equity and debt recomputed. The Poseidon\n"
                           "    Merkle path is not checked (no C or C++ implementation).\n"
                           "Prints what was PROVEN, what was NOT PROVEN and why, and what FAILED. FILE - reads\n"
                           "stdin.\n"
                           "Exit 0 when every check held, 1 when something does not recompute, 2 on a usage\n"
                           "error, an unreadable file or a file of no known kind."};
    po::options_description options("options");
    options.add_options()("file", po::value<std::vector<std::string>>()->required(),
                          "the files (positional; - = stdin)")(
        "account", po::value<std::uint64_t>(), "BitMEX account id")("nonce", po::value<std::string>(),
                                                                    "BitMEX account nonce (64 hex digits)")(
        "two-digit-assets", po::value<std::string>(), "symbols counted in hundredths (default: Binance's list)");
    const FormatSpec formats{
        {OutputFormat::table, OutputFormat::json, OutputFormat::jsonl}, OutputFormat::table, OutputFormat::json};
    add_format_option(options, formats);
    po::positional_options_description positional;
    positional.add("file", -1);
    int exit_code = kExitOk;
    const auto vm = parse_options(spec, options, positional, args, streams, exit_code);
    if (!vm) return exit_code;
    const std::optional<OutputFormat> format = chosen_format(*vm, formats, spec, streams.err);
    if (!format) return kExitUsage;
    liabilities::InclusionOptions check;
    check.two_digit_assets = liabilities::default_two_digit_assets();
    if (vm->count("two-digit-assets")) {
        check.two_digit_assets.clear();
        std::string_view rest = (*vm)["two-digit-assets"].as<std::string>();
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto symbol = csv::trim(rest.substr(0, comma));
            if (!symbol.empty()) check.two_digit_assets.insert(csv::upper(symbol));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    if (vm->count("account")) check.account = (*vm)["account"].as<std::uint64_t>();
    if (vm->count("nonce")) {
        const std::string text = (*vm)["nonce"].as<std::string>();
        const auto bytes = from_hex(text);
        if (!bytes || bytes->size() != 32) {
            streams.err << "porwatch inclusion: --nonce must be 64 hex digits\n";
            return kExitUsage;
        }
        Hash256 nonce{};
        std::copy(bytes->begin(), bytes->end(), nonce.begin());
        check.nonce = nonce;
    }
    std::vector<liabilities::InclusionFile> files;
    for (const auto& path : (*vm)["file"].as<std::vector<std::string>>()) {
        Result<std::string> text = read_whole_file(path, "liabilities file", /*stdin_dash=*/true);
        if (!text) {
            streams.err << "porwatch inclusion: " << text.error().message << "\n";
            return kExitUsage;
        }
        files.push_back({path, std::move(*text)});
    }
    Result<liabilities::InclusionReport> report = liabilities::check_inclusion(files, check);
    if (!report) {
        streams.err << "porwatch inclusion: " << report.error().message << "\n";
        return kExitUsage;
    }
    const int code = report->failed.empty() ? kExitOk : kExitVerifyFailed;
    if (*format == OutputFormat::json) {
        write_json(streams.out, *report);
        return code;
    }
    if (*format == OutputFormat::jsonl) {
        write_jsonl(streams.out, *report);
        return code;
    }
    for (const auto& [name, kind] : report->files)
        streams.out << "file        " << name << ": " << liabilities::to_string(kind) << "\n";
    for (const auto& line : report->proven) streams.out << "PROVEN      " << valid_utf8(line) << "\n";
    for (const auto& line : report->not_proven) streams.out << "NOT PROVEN  " << valid_utf8(line) << "\n";
    for (const auto& line : report->failed) streams.out << "FAILED      " << valid_utf8(line) << "\n";
    return code;
}

}  // namespace porwatch::cli
