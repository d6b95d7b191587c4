// One watch cycle, the same for `porwatch scan --once` and every run of `porwatch run`:
//
//   address files (SHA-256 of each) → ownership verdicts (re-verified only for files whose
//   hash changed) → scan plan → every chain scanned concurrently at a pinned block →
//   assemble → liabilities files and each asset's reserve ratio (daemon/liabilities.hpp) →
//   store (snapshot, book diff, verdicts and the AlertStage's rows in ONE transaction) →
//   retention.
//
// Fail closed: an unreadable address file or a book the config cannot scan is a cycle that
// failed with that reason (stored as a `failed` snapshot with no chains), never an empty
// book; a node that is down is a failed chain (the snapshot is partial or failed, with the
// node's error), never a zero.
//
// Verdict cache: BookCache keeps the verdicts of each file in memory keyed by the file's
// content hash. A new process re-verifies every file once at its first cycle (verification
// is pure CPU; the stored verdict history is not trusted as a cache), then only changed files.
// The entries themselves are not cached: every load parses each file again (parsing is pure,
// so the same bytes give the same entries, and it is cheap next to verifying), so that a
// daemon holds one copy of the book, not two.
//
// Thread-safety: run_cycle() is called from one thread; it scans chains on worker threads
// internally. A BookCache belongs to one caller.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "porwatch/addressbook/book.hpp"
#include "porwatch/config/config.hpp"
#include "porwatch/daemon/notify.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/proof/message_policy.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/snapshot/snapshot.hpp"
#include "porwatch/store/store.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::daemon {

// The address book of one cycle, with a verdict for every entry.
struct LoadedBook {
    std::vector<addressbook::BookEntry> entries;
    std::vector<proof::ProofResult> verdicts;  // parallel to entries
    std::map<std::string, std::string> file_hashes;  // path → hex SHA-256 of the content
    // path → the exact bytes read (stored for export); run_cycle moves them into the snapshot's
    // book_files, so after it this map is empty.
    std::map<std::string, std::string> file_contents;
    std::vector<std::string> reverified_files;  // files verified in this load
    // Files whose content did not change but whose final verdicts did (a message aged past
    // its file's message_max_age, or the policy itself changed).
    std::vector<std::string> policy_changed_files;
};

// Address files and their verdicts across cycles.
class BookCache {
public:
    // Read every file of `paths` (in order), hash it, parse it, and verify ownership of its
    // rows unless the same content was verified before; then apply each file's message
    // policy (`messages`, by path) at `now` to the verdicts, every load (a message ages).
    // Fails (naming the file) when a file cannot be read or is not a CSV of a known layout.
    Result<LoadedBook> load(const std::vector<std::string>& paths, const proof::VerifyPolicy& policy,
                            const proof::MessagePolicies& messages = {}, std::int64_t now = 0);

    // Forget every cached verdict (the next load re-verifies everything).
    void clear() { m_files.clear(); }

private:
    // Shared pointers: carrying a file over to the next cache copies no verdict. Never null
    // once loaded, except `final`.
    struct File {
        std::string sha256;
        // The signatures' verdicts, before the message policy.
        std::shared_ptr<const std::vector<proof::ProofResult>> verdicts;
        // After it, as last returned; null when the file has no message policy (= verdicts).
        std::shared_ptr<const std::vector<proof::ProofResult>> final;
    };
    std::map<std::string, File> m_files;
};

// What the alert stage sees of a cycle, while the snapshot's transaction is open.
struct StoredCycle {
    const snapshot::Snapshot& snapshot;
    const LoadedBook* book;  // nullptr when the book could not be loaded
    const store::WriteReport& report;  // snapshot_id and the book diff (book_events)
    std::int64_t now;  // cycle time, UTC unix seconds
};

// Persists a later stage's rows (alert_state, alert_outbox) atomically with the snapshot.
// An Error rolls the snapshot back too: return Ok after logging a failure that must not.
using AlertStage = std::function<Status(store::SnapshotTransaction& tx, const StoredCycle& cycle)>;

struct CycleHooks {
    std::function<std::int64_t()> now;  // UTC unix seconds; required
    std::function<bool()> stop_requested;  // checked between stages; may be empty
    std::function<void()> heartbeat;  // called between stages; may be empty
    // Keeps the watchdog fed during the scan stage, for chain::scan_bound() of the slowest
    // chain (CycleContext::cover); may be empty.
    std::function<std::unique_ptr<StageCover>(std::string stage, std::chrono::milliseconds timeout)> cover;
    AlertStage alert_stage;  // may be empty (no alerts configured)
};

class LiabilitiesCache;

struct CycleOptions {
    store::Store* store = nullptr;  // nullptr: do not store (scan --once, no database)
    // [liabilities]: the files and their ratios (daemon/liabilities.hpp); nullptr or no file
    // configured: none. The cache keeps verified files between cycles (nullptr: a fresh one).
    const liabilities::Settings* liabilities = nullptr;
    LiabilitiesCache* liabilities_cache = nullptr;
    std::optional<store::RetentionPolicy> retention;  // applied after each stored snapshot
    proof::VerifyPolicy verify_policy;
};

struct CycleResult {
    snapshot::Snapshot snapshot;  // always set; failed with no chains on `error`
    std::optional<LoadedBook> book;  // nullopt when the files could not be loaded
    std::string error;  // why the cycle stopped before scanning, or ""
    bool aborted = false;  // stop requested before the snapshot was stored
    std::optional<store::WriteReport> stored;  // set when written
    std::string store_error;  // why storing failed ("" when it did not)
    std::optional<store::RetentionReport> retention;
    std::string retention_error;

    // True when the address files or the config made scanning impossible (exit 2 for scan).
    bool input_error() const { return !error.empty(); }
};

// Run one cycle with `config`. Never fails as a call: every outcome is in the result.
CycleResult run_cycle(const config::Config& config, BookCache& books, const CycleOptions& options,
                      const CycleHooks& hooks);

// Returns: one line for logs and STATUS=, e.g.
// "complete: LTC 7.625 @ 104, ETH 10 @ 55; 100 addresses, 5 verified" (plus, when book rows
// with published amounts are not scanned, "; UNSCANNED CLAIMS: USDT 89000000.000000 (5 rows:
// no source for USDT in [ethereum] …)") or
// "partial: LTC 7.625 @ 104; ethereum failed: connect to http://127.0.0.1:8545 …".
std::string summary_line(const CycleResult& result);

// Returns: "value 123.45678900 USD (BTC, ETH); LTC UNPRICED: stale: …" for the summary line:
// the total over priced assets, INCOMPLETE when something the config prices is missing, and
// every unpriced asset and unusable feed with its reason.
std::string value_note(const snapshot::Valuation& valuation);

// Returns: "" when the book did not change, else e.g.
// "book: 2 added (ltc1q…, ltc1q…), 1 removed (0xAb…)" listing at most `max_listed` of each.
std::string book_diff_line(const store::WriteReport& report, std::size_t max_listed = 3);

}  // namespace porwatch::daemon
