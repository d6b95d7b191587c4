#include "quorum.hpp"

namespace porwatch::chain {

bool same_tip(const std::vector<EndpointReport>& endpoints)
{
    for (const auto& e : endpoints) {
        if (e.block_hash != endpoints.front().block_hash) return false;
    }
    return true;
}

std::string describe_tips(const std::vector<EndpointReport>& endpoints)
{
    std::string out;
    for (const auto& e : endpoints) {
        if (!out.empty()) out += ", ";
        out += e.endpoint + ": " + std::to_string(e.height) + " " + e.block_hash;
    }
    return out;
}

bool record_quorum(ChainResult& result, const std::string& address, const std::string& asset,
                   const std::vector<Units>& said)
{
    bool differ = false;
    for (const auto& units : said) differ = differ || units != said.front();
    if (!differ) return false;
    for (std::size_t i = 0; i < said.size() && i < result.endpoints.size(); ++i) {
        result.disagreements.push_back(Disagreement{address, asset, result.endpoints[i].endpoint, porwatch::to_string(said[i])});
    }
    return true;
}

std::string_view to_string(ChainStatus status)
{
    switch (status) {
    case ChainStatus::complete: return "complete";
    case ChainStatus::failed: return "failed";
    case ChainStatus::disputed: return "disputed";
    }
    return "failed";
}

}  // namespace porwatch::chain
