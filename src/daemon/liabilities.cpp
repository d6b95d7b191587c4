// LiabilitiesCache: the [liabilities] files of a cycle (daemon/liabilities.hpp).
#include "porwatch/daemon/liabilities.hpp"

#include <algorithm>
#include <filesystem>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/util/hex.hpp"
#include "porwatch/util/read_file.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::daemon {
namespace {

std::string settings_key(const liabilities::Settings& settings)
{
    std::string key = settings.bitmex_asset;
    for (const auto& s : settings.two_digit_assets) key += "," + s;
    return key;
}

// What the verifier's verdict depends on: its settings, the liabilities files' contents, and the
// files of its working directory (the proofs it reads), by name, size and modification time.
std::string verifier_key(const liabilities::ZkVerifierSettings& zk, const std::vector<liabilities::FileResult>& files)
{
    std::string key = zk.program + "\n" + zk.working_directory + "\n" + std::to_string(zk.timeout_s);
    for (const auto& a : zk.args) key += "\n" + a;
    for (const auto& f : files) key += "\n" + f.spec.path + "=" + f.sha256;
    if (zk.working_directory.empty()) return key;
    std::error_code ec;
    std::vector<std::string> entries;
    for (const auto& entry : std::filesystem::directory_iterator(zk.working_directory, ec)) {
        std::error_code item;
        if (!entry.is_regular_file(item)) continue;
        const auto size = entry.file_size(item);
        const auto time = entry.last_write_time(item).time_since_epoch().count();
        entries.push_back(entry.path().filename().string() + ":" + std::to_string(size) + ":" + std::to_string(time));
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& e : entries) key += "\n" + e;
    return key;
}

}  // namespace

std::vector<liabilities::FileResult>
LiabilitiesCache::load(const liabilities::Settings& settings,
                       const std::function<std::unique_ptr<StageCover>(std::string, std::chrono::milliseconds)>& cover)
{
    std::vector<liabilities::FileResult> out;
    std::map<std::string, Cached> next;
    const std::string key = settings_key(settings);
    for (const auto& spec : settings.files) {
        liabilities::FileResult result;
        result.spec = spec;
        // Missing, permission denied (naming porwatch's user) or not a file: util/read_file.hpp.
        Result<std::string> text = read_whole_file(spec.path, "liabilities file");
        if (!text) {
            result.error = untrusted_text(text.error().message);
            out.push_back(std::move(result));
            continue;
        }
        const std::string hash = to_hex(crypto::sha256(crypto::as_bytes(*text)));
        const auto cached = m_files.find(spec.path);
        if (cached != m_files.end() && cached->second.sha256 == hash && cached->second.settings_key == key &&
            cached->second.result.spec.format == spec.format) {
            result = cached->second.result;
            result.spec = spec;
        } else {
            result.sha256 = hash;
            Result<liabilities::Liabilities> parsed =
                liabilities::parse_liabilities(spec.format, *text, spec.path, settings);
            if (parsed) {
                result.liabilities = std::move(*parsed);
            } else {
                // Messages quote file content: keep them one clean, bounded line.
                result.error = untrusted_text(parsed.error().message, 2048);
            }
        }
        next[spec.path] = Cached{hash, key, result};
        out.push_back(std::move(result));
    }
    m_files = std::move(next);
    if (!settings.zk_verifier) return out;
    const std::string zk_key = verifier_key(*settings.zk_verifier, out);
    if (zk_key != m_zk_key) {
        std::unique_ptr<StageCover> covered;
        if (cover) covered = cover("zk verifier", std::chrono::seconds(settings.zk_verifier->timeout_s + 30));
        m_zk = liabilities::run_zk_verifier(*settings.zk_verifier);
        m_zk_key = zk_key;
        ++m_verifier_runs;
    }
    for (auto& f : out) {
        f.zk_status = m_zk.status;
        f.zk_detail = m_zk.detail;
        if (m_zk.status == liabilities::ZkStatus::failed && f.verified()) {
            f.liabilities.reset();
            f.error = "zk verifier " + settings.zk_verifier->program + ": " + m_zk.detail;
        }
    }
    return out;
}

}  // namespace porwatch::daemon
