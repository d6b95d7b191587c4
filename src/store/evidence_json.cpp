#include "evidence_json.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "porwatch/store/evidence_codec.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::store::detail {

namespace {

void json_string(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* key,
                 const std::string& value)
{
    w.Key(key);
    const std::string text = valid_utf8(value);   // the database holds valid UTF-8 only
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

}  // namespace

std::string endpoints_json(const snapshot::ChainResult& chain) { return codec::endpoints_json(chain.endpoints); }

std::string disagreements_json(const snapshot::ChainResult& chain)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartArray();
    for (const auto& d : chain.disagreements) {
        w.StartObject();
        json_string(w, "address", d.address);
        json_string(w, "asset", d.asset);
        json_string(w, "endpoint", d.endpoint);
        json_string(w, "units", d.units);   // integer string: money is never a JSON number
        w.EndObject();
    }
    w.EndArray();
    return buffer.GetString();
}

}  // namespace porwatch::store::detail
