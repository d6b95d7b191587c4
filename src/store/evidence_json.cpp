#include "evidence_json.hpp"

#include "porwatch/store/evidence_codec.hpp"

namespace porwatch::store::detail {

std::string endpoints_json(const snapshot::ChainResult& chain)
{
    return codec::endpoints_json(chain.endpoints);
}

std::string disagreements_json(const snapshot::ChainResult& chain)
{
    return codec::disagreements_json(chain.disagreements);
}

}  // namespace porwatch::store::detail
