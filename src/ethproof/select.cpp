#include <algorithm>
#include <numeric>
#include <random>

#include "porwatch/ethproof/select.hpp"

namespace porwatch::ethproof {

Result<ProofMode> parse_proof_mode(std::string_view text)
{
    const auto fail = [&] {
        return Error{"proofs must be all, off or sample:N (N from 1 to 1000000000), got '" + std::string(text) + "'"};
    };
    if (text == "all") return ProofMode{ProofMode::Kind::all, 0};
    if (text == "off") return ProofMode{ProofMode::Kind::off, 0};
    constexpr std::string_view kSample = "sample:";
    if (text.substr(0, kSample.size()) != kSample) return fail();
    auto n = parse_units(text.substr(kSample.size()));
    if (!n || *n < 1 || *n > 1000000000) return fail();
    return ProofMode{ProofMode::Kind::sample, static_cast<std::size_t>(*n)};
}

std::string to_string(const ProofMode& mode)
{
    switch (mode.kind) {
    case ProofMode::Kind::all: return "all";
    case ProofMode::Kind::off: return "off";
    case ProofMode::Kind::sample: return "sample:" + std::to_string(mode.sample);
    }
    return "off";
}

std::vector<std::size_t> select_accounts(const ProofMode& mode, std::span<const Units> balances, std::uint64_t seed)
{
    const std::size_t n = balances.size();
    std::vector<std::size_t> out;
    if (mode.kind == ProofMode::Kind::off) return out;
    if (mode.kind == ProofMode::Kind::all || mode.sample >= n) {
        out.resize(n);
        std::iota(out.begin(), out.end(), std::size_t{0});
        return out;
    }
    // A partial Fisher-Yates shuffle: the first `sample` of a random permutation.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < mode.sample; ++i) {
        std::uniform_int_distribution<std::size_t> pick(i, n - 1);
        std::swap(order[i], order[pick(rng)]);
    }
    out.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(mode.sample));
    // Large holders: balance × 100 > total (exact; a sum past 2^256-1 proves everyone).
    Units total = 0;
    bool overflow = false;
    for (const auto& b : balances) {
        auto sum = checked_add(total, b);
        if (!sum)
            overflow = true;
        else
            total = *sum;
    }
    using Wide = boost::multiprecision::uint512_t;
    for (std::size_t i = 0; i < n; ++i) {
        if (overflow || Wide(balances[i]) * 100 > Wide(total)) out.push_back(i);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace porwatch::ethproof
