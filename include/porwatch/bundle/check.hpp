// `porwatch check`: re-verify a bundle (porwatch/bundle/json.hpp), offline and optionally
// against the user's own nodes.
//
// Offline, from the bundle alone: each address file's bytes against its SHA-256; every row's
// signature re-verified (a row the bundle calls verified must verify); each EVM header hashed
// to its block hash; every account and storage proof walked to the header's state root and its
// balance compared with the bundle's; every UTXO balance equal to the sum of its outpoints;
// every total re-summed from the balances and the book (snapshot::assemble, the code that made
// it) and compared exactly; with prices, the price block's timestamp against the header the
// bundle proves, each feed's verdict against its reading, and every value re-computed
// (snapshot::value_totals) and compared exactly.
// Online (with a config), against the user's nodes: the EVM balances, header and proofs read
// again at the same block hash (scan_evm_chain pinned there, proofs = all); the UTXO chain's
// block at the bundle's height, and each outpoint with gettxout where it is still unspent; the
// price feeds read again at the bundle's price block and judged by the checker's [prices].
//
// Every part ends ok, failed (with the reason), or not checked (with why: a file whose bytes
// the database did not keep, a spent outpoint, a node that no longer has the block's state).
//
// check_offline is pure; check_online does JSON-RPC (chain stage). Thread-safety: functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "porwatch/config/config.hpp"
#include "porwatch/store/export.hpp"

namespace porwatch::bundle {

enum class PartStatus {
    ok,
    failed,
    not_checked
};
std::string_view to_string(PartStatus status);  // "ok", "FAILED", "not checked"

struct Part {
    std::string name;  // "signatures", "header ethereum", "outpoints litecoin (online)", …
    PartStatus status = PartStatus::ok;
    std::string detail;  // what was checked, or why it failed / was not checked
};

struct CheckReport {
    std::vector<Part> parts;
    // Online: a node the config names did not answer (connect, timeout, auth, HTTP): the parts
    // it should have re-checked were not (exit 3 in the CLI), never taken as ok.
    bool unreachable = false;

    bool failed() const;
    std::size_t count(PartStatus status) const;
    void add(std::string name, PartStatus status, std::string detail)
    {
        parts.push_back(Part{std::move(name), status, std::move(detail)});
    }
};

// Re-check everything the bundle can show by itself. `inconsistencies` come from reading the
// file (bundle::ReadBundle) and are failed parts.
CheckReport check_offline(const store::SnapshotExport& bundle, const std::vector<std::string>& inconsistencies = {});

// Re-check against the nodes of `config` ([ethereum], [bitcoin], [litecoin]); adds to `report`.
// A chain of the bundle the config has no section for is a part not checked.
void check_online(const store::SnapshotExport& bundle, const config::Config& config, CheckReport& report);

}  // namespace porwatch::bundle
