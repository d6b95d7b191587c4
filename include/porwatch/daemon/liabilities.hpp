// The liabilities stage of a watch cycle: read every [liabilities] file, hash it, recompute it
// when its content changed (liabilities::parse_liabilities), and run the zk verifier when one
// is configured and anything it depends on changed (a liabilities file, its settings, or a
// file of its working directory, by name, size and modification time). run_cycle then assesses
// every configured asset's ratio against the snapshot (snapshot::assess_solvency).
//
// Fail closed: an unreadable file, one that does not recompute, or a failing zk verifier is a
// FileResult with the reason; the ratios it could feed are `liabilities_failed`, never left out.
// The zk verifier's verdict gates every file of the section: a failed verdict fails them all.
//
// File reading and the verifier's process are the edges here. Thread-safety: a
// LiabilitiesCache belongs to one caller.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "porwatch/daemon/notify.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/liabilities/zk_verifier.hpp"

namespace porwatch::daemon {

class LiabilitiesCache {
public:
    // Load every configured file (in config order). `cover` keeps a watchdog fed while the
    // zk verifier runs (may be empty).
    std::vector<liabilities::FileResult>
    load(const liabilities::Settings& settings,
         const std::function<std::unique_ptr<StageCover>(std::string, std::chrono::milliseconds)>& cover = {});

    // How many times the zk verifier ran (tests).
    std::size_t verifier_runs() const { return m_verifier_runs; }

private:
    struct Cached {
        std::string sha256;
        std::string settings_key;  // what else the result depends on (asset, two-digit list)
        liabilities::FileResult result;
    };
    std::map<std::string, Cached> m_files;
    std::string m_zk_key;  // the file hashes and verifier settings of the last run
    liabilities::ZkVerdict m_zk;
    std::size_t m_verifier_runs = 0;
};

}  // namespace porwatch::daemon
