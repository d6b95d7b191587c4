#include "evidence_json.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "porwatch/util/utf8.hpp"

namespace porwatch::store::detail {

namespace {

void json_string(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* key,
                 const std::string& value)
{
    w.Key(key);
    const std::string clean = sanitize_utf8(value);   // node errors may carry any bytes
    w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
}

}  // namespace

std::string endpoints_json(const snapshot::ChainResult& chain)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartArray();
    for (const auto& e : chain.endpoints) {
        w.StartObject();
        json_string(w, "endpoint", e.endpoint);
        w.Key("height");
        w.Uint64(e.height);
        json_string(w, "block_hash", e.block_hash);
        json_string(w, "error", e.error);
        w.EndObject();
    }
    w.EndArray();
    return buffer.GetString();
}

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
