// Which balances porwatch proves against the state root (`[ethereum] proofs`):
//   all        every account (and every holder of a token with a balance slot);
//   sample:N   N accounts drawn at random, plus every account above 1 % of the asset's total;
//   off        none.
// The draw is seeded by the caller with a fresh random number after the balances were read,
// so a node cannot know which of its answers will be checked. The large holders are always
// proven: a lie big enough to matter is never left to chance.
//
// Pure. Thread-safety: functions over values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "porwatch/util/amount.hpp"
#include "porwatch/util/result.hpp"

namespace porwatch::ethproof {

struct ProofMode {
    enum class Kind {
        off,
        sample,
        all
    };
    Kind kind = Kind::sample;
    std::size_t sample = 64;

    friend bool operator==(const ProofMode&, const ProofMode&) = default;
};

inline constexpr std::size_t kDefaultSample = 64;

// Parse "all", "off" or "sample:N" (N from 1 to 10^9). Fails naming the accepted forms.
Result<ProofMode> parse_proof_mode(std::string_view text);
// Returns: "all", "off" or "sample:N".
std::string to_string(const ProofMode& mode);

// Returns: the indexes (ascending, unique) of the accounts to prove for one asset, given every
// account's balance of it: per `mode`, the sample drawn with `seed` (the same accounts for every
// asset with the same seed) plus, for `sample`, every account holding more than 1 % of the sum.
std::vector<std::size_t> select_accounts(const ProofMode& mode, std::span<const Units> balances, std::uint64_t seed);

}  // namespace porwatch::ethproof
