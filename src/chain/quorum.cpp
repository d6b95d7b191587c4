#include "quorum.hpp"

#include "porwatch/chain/scan.hpp"
#include "rpc_client.hpp"

#include <algorithm>
#include <map>

namespace porwatch::chain {

std::chrono::seconds scan_bound(const config::RpcLimits& limits)
{
    constexpr unsigned kMargin = 30;  // sleeps between attempts, thread joins
    return std::chrono::seconds{std::uint64_t{limits.scan_timeout_s} + limits.connect_timeout_s +
                                RpcClient::kCleanupSeconds + kMargin};
}

unsigned required_quorum(unsigned configured, std::size_t endpoints)
{
    return configured == 0 ? static_cast<unsigned>(endpoints) : configured;
}

void exclude(EndpointReport& report, const Error& error)
{
    report.error = error.message;
    report.error_kind = error.code_as<ChainError>().value_or(ChainError::connect);
}

Error short_of_quorum(const ChainResult& result, std::size_t counted)
{
    std::string why;
    std::optional<ChainError> kind;
    for (const auto& e : result.endpoints) {
        if (e.error.empty()) continue;
        if (!kind) kind = e.error_kind;
        why += (why.empty() ? "" : "; ") + e.error;
    }
    const std::string head = std::to_string(counted) + " of " + std::to_string(result.endpoints.size()) +
                             " endpoints answered, quorum is " + std::to_string(result.quorum);
    if (result.endpoints.size() == 1 && !why.empty()) return Error{kind.value_or(ChainError::connect), why};
    return Error{kind.value_or(ChainError::connect), head + (why.empty() ? "" : ": " + why)};
}

std::string describe_tips(const std::vector<EndpointReport>& endpoints, const std::vector<std::size_t>& indexes)
{
    std::string out;
    for (const std::size_t i : indexes) {
        if (!out.empty()) out += ", ";
        out += endpoints[i].endpoint + ": " + std::to_string(endpoints[i].height) + " " + endpoints[i].block_hash;
    }
    return out;
}

TipGroup largest_tip_group(const std::vector<EndpointReport>& endpoints, const std::vector<std::size_t>& live)
{
    std::map<std::pair<std::uint64_t, std::string>, std::vector<std::size_t>> groups;
    std::map<std::uint64_t, std::string> hash_at;
    TipGroup out;
    for (const std::size_t i : live) {
        const auto& e = endpoints[i];
        groups[{e.height, e.block_hash}].push_back(i);
        const auto [it, inserted] = hash_at.emplace(e.height, e.block_hash);
        if (!inserted && it->second != e.block_hash) out.fork = true;
    }
    // Ascending (height, hash): on equal size the later, higher group wins.
    for (const auto& [tip, members] : groups) {
        if (members.size() >= out.members.size()) out.members = members;
    }
    return out;
}

bool record_quorum(ChainResult& result, const std::string& address, const std::string& asset,
                   const std::vector<Units>& said, const std::vector<std::string>& names)
{
    bool differ = false;
    for (const auto& units : said) differ = differ || units != said.front();
    if (!differ) return false;
    for (std::size_t i = 0; i < said.size() && i < names.size(); ++i) {
        result.disagreements.push_back(Disagreement{address, asset, names[i], porwatch::to_string(said[i])});
    }
    return true;
}

}  // namespace porwatch::chain
