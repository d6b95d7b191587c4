// The chain stage's result types by name: the frozen names of ChainStatus, ChainError and
// FeedStatus, signed feed answers as text, and the degraded note. Pure (no RPC, no clock): the
// snapshot, prices and store stages link this file without the scanners (porwatch_pure).
#include "porwatch/chain/prices.hpp"
#include "porwatch/chain/result.hpp"

namespace porwatch::chain {

std::string_view to_string(ChainStatus status)
{
    switch (status) {
    case ChainStatus::complete: return "complete";
    case ChainStatus::failed: return "failed";
    case ChainStatus::disputed: return "disputed";
    }
    return "failed";
}

std::optional<ChainStatus> chain_status_from_string(std::string_view name)
{
    return enum_from_name(kAllChainStatuses, name, [](ChainStatus s) { return to_string(s); });
}

std::string_view to_string(ChainError kind)
{
    switch (kind) {
    case ChainError::connect: return "connect";
    case ChainError::timeout: return "timeout";
    case ChainError::auth: return "auth";
    case ChainError::http: return "http";
    case ChainError::rpc: return "rpc";
    case ChainError::malformed: return "malformed";
    case ChainError::wrong_chain: return "wrong_chain";
    case ChainError::syncing: return "syncing";
    case ChainError::reverted: return "reverted";
    case ChainError::too_large: return "too_large";
    case ChainError::proof: return "proof";
    }
    return "connect";
}

std::string degraded_note(const ChainResult& result)
{
    if (!result.degraded) return "";
    std::size_t counted = 0;
    std::string down;
    for (const auto& e : result.endpoints) {
        if (e.error.empty()) {
            ++counted;
        } else {
            down += "; " + e.error;
        }
    }
    return "degraded: " + std::to_string(counted) + " of " + std::to_string(result.endpoints.size()) +
           " endpoints answered (quorum " + std::to_string(result.quorum) + ")" + down;
}

std::string to_string(const SignedUnits& value)
{
    return (value.negative && value.magnitude != 0 ? "-" : "") + porwatch::to_string(value.magnitude);
}

std::string_view to_string(FeedStatus status)
{
    switch (status) {
    case FeedStatus::read: return "read";
    case FeedStatus::unread: return "unread";
    case FeedStatus::disputed: return "disputed";
    }
    return "unread";
}

std::optional<FeedStatus> feed_status_from_string(std::string_view name)
{
    return enum_from_name(kAllFeedStatuses, name, [](FeedStatus s) { return to_string(s); });
}

}  // namespace porwatch::chain
