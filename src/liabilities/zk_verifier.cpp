// Running an exchange's zk verifier and reading its verdict (zk_verifier.hpp).
#include "porwatch/liabilities/zk_verifier.hpp"

#include "porwatch/util/utf8.hpp"
#include "text_lines.hpp"

namespace porwatch::liabilities {
namespace {

constexpr std::size_t kDetailBytes = 300;

bool starts_with(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}
bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

bool is_success(std::string_view line)
{
    return starts_with(line, "result: Ok(") || line == "All proofs verify passed!!!" ||
           starts_with(line, "successfully verify the global proof") ||
           line == "Total sum and non-negative constraint validation passed" ||
           line == "Inclusion constraint validation passed" || line == "verify pass!!!";
}

bool is_failure(std::string_view line)
{
    return starts_with(line, "result: Err(") || contains(line, "validation failed") ||
           starts_with(line, "proof verify failed") || starts_with(line, "verify failed") ||
           starts_with(line, "panic") || contains(line, "panicked");
}

std::string shown(std::string_view line)
{
    return clean_utf8(line.substr(0, kDetailBytes)).text;
}

}  // namespace

ZkVerdict judge_verifier_output(const ProcessResult& result)
{
    ZkVerdict verdict;
    const std::string ended = result.describe();
    if (result.output_truncated) {
        verdict.detail =
            "its output passed " + std::to_string(kZkOutputLimit >> 20) + " MiB and was not judged (" + ended + ")";
        return verdict;
    }
    std::string success;
    std::string failure;
    for (const auto& [raw, number] : detail::split_lines(result.output)) {
        const std::string_view line = csv::trim(raw);
        if (failure.empty() && is_failure(line)) failure = shown(line);
        if (is_success(line)) success = shown(line);
    }
    if (!failure.empty()) {
        verdict.detail = "'" + failure + "' (" + ended + ")";
    } else if (success.empty()) {
        verdict.detail = "no result line in its output (" + ended + "; an exit code alone is not a verdict)";
    } else if (!result.succeeded()) {
        verdict.detail = "'" + success + "' but " + ended;
    } else {
        verdict.status = ZkStatus::passed;
        verdict.detail = "'" + success + "' (" + ended + ")";
    }
    return verdict;
}

ZkVerdict run_zk_verifier(const ZkVerifierSettings& settings)
{
    ProcessRequest request;
    request.program = settings.program;
    request.args = settings.args;
    request.payload = "\n";
    request.timeout = std::chrono::seconds(settings.timeout_s);
    request.output_limit = kZkOutputLimit;
    request.working_directory = settings.working_directory;
    Result<ProcessResult> ran = run_process(request, "zk verifier");
    if (!ran) return ZkVerdict{ZkStatus::failed, clean_utf8(ran.error().message).text};
    return judge_verifier_output(*ran);
}

}  // namespace porwatch::liabilities
