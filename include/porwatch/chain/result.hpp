// What a chain scan observed: one chain, at one pinned block, with the evidence (height, block
// hash, every endpoint that was asked and what it said). The snapshot stage assembles these
// into a Snapshot (porwatch/snapshot/snapshot.hpp re-exports these types under its namespace).
//
// Invariant: a ChainScan whose status is not `complete` carries no balances that may be summed;
// the assembler drops them. Amounts are exact base units. Values; thread-safety: none needed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/util/amount.hpp"

namespace porwatch::chain {

// Persisted by name; names frozen: "complete", "failed", "disputed".
enum class ChainStatus { complete, failed, disputed };
std::string_view to_string(ChainStatus status);

// What one endpoint said, for quorum evidence. `endpoint` is redacted (no credentials).
struct EndpointReport {
    std::string endpoint;
    std::string block_hash;
    std::uint64_t height = 0;
    std::string error;           // "" when it answered
};

// A balance endpoints disagreed on: one row per endpoint that was asked.
struct Disagreement {
    std::string address;
    std::string asset;
    std::string endpoint;
    std::string units;           // what `endpoint` said (integer string)
};

struct ChainResult {
    address::Chain chain = address::Chain::bitcoin;
    address::Network network = address::Network::main;
    std::string chain_id;        // EVM chain id as decimal text; "" for UTXO chains
    ChainStatus status = ChainStatus::failed;
    std::uint64_t height = 0;
    std::string block_hash;
    std::vector<EndpointReport> endpoints;
    std::int64_t duration_ms = 0;
    unsigned attempts = 0;       // scan rounds run (> 1: the tip moved and the scan was redone)
    std::string error;           // why the chain failed or is disputed
    std::vector<Disagreement> disagreements;
};

struct AddressBalance {
    address::Chain chain = address::Chain::bitcoin;
    std::string address;         // canonical text (Address::text)
    std::string asset;
    Units units;
};

// An asset a chain scan read, with its base-unit decimals ("LTC"/8, "ETH"/18, "USDT"/6).
struct AssetInfo {
    std::string asset;
    unsigned decimals = 0;
};

// On-chain evidence for a contract wallet row (Safe-style owners), read at the pinned block.
struct OwnerCheck {
    std::string address;         // EIP-55
    bool has_code = false;
    bool answers_safe = false;   // getOwners() and getThreshold() both answered
    std::vector<std::string> owners;   // EIP-55
    std::uint64_t threshold = 0;
    std::string error;           // why it is not taken for a Safe (reverted, malformed); "" otherwise
    bool operator==(const OwnerCheck&) const = default;
};

// On-chain evidence for an EIP-1271 contract signature: isValidSignature(hash, signature)
// (selector 0x1626ba7e) called at the pinned block. Only the exact magic return value
// 0x1626ba7e (ABI bytes4, left-aligned in one 32-byte word) counts as valid.
struct SignatureCheck {
    std::string address;         // EIP-55 contract
    std::string hash;            // 0x + 64 hex: the bytes32 passed to isValidSignature
    std::string signature;       // 0x-prefixed hex, as passed
    bool has_code = false;
    bool valid = false;
    std::string returned;        // the return data ("" when the call reverted)
    std::string error;           // why the check could not run ("" when it ran), or "reverted: …"
    bool operator==(const SignatureCheck&) const = default;
};

// The outcome of scanning one chain.
//
// Balances (only when complete) are stored compactly, one row per address and one column per
// asset: units[i * assets.size() + k] is what addresses[i] holds of assets[k]. Each address
// appears once. (100k addresses × 3 assets as AddressBalance rows would repeat every address
// and asset name 300k times.)
struct ChainScan {
    ChainResult result;
    std::vector<AssetInfo> assets;
    std::vector<std::string> addresses;
    std::vector<Units> units;
    std::vector<OwnerCheck> owner_checks;
    std::vector<SignatureCheck> signature_checks;

    std::size_t balance_count() const { return units.size(); }
    // Row `i` of addresses × assets, expanded.
    AddressBalance balance(std::size_t i) const
    {
        const std::size_t width = assets.size();
        return AddressBalance{result.chain, addresses[i / width], assets[i % width].asset, units[i]};
    }
    void clear_balances()
    {
        addresses.clear();
        units.clear();
    }
};

}  // namespace porwatch::chain
