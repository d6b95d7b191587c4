// The evidence codec's lists: assets, strings, endpoints, disagreements, and proof nodes
// joined into one byte string (the EVM proofs and checks are evidence_codec_evm.cpp).
#include "porwatch/store/evidence_codec.hpp"

#include "codec_json.hpp"
#include "porwatch/rlp/rlp.hpp"

namespace porwatch::store::codec {
namespace {

using detail::Object;
using detail::parse_array;
using detail::put;
using detail::put_u64;
using detail::render;
using detail::Writer;

}  // namespace

std::string assets_json(const std::vector<chain::AssetInfo>& assets)
{
    return render([&](Writer& w) {
        w.begin_array();
        for (const auto& a : assets) {
            w.begin_object();
            put(w, "asset", a.asset);
            put_u64(w, "decimals", a.decimals);
            if (!a.contract.empty()) put(w, "contract", a.contract);
            w.end_object();
        }
        w.end_array();
    });
}

Result<std::vector<chain::AssetInfo>> parse_assets(std::string_view json)
{
    return parse_array<chain::AssetInfo>(
        json, "assets", [](const rapidjson::Value& v, std::string where) -> Result<chain::AssetInfo> {
            Object o(v, std::move(where));
            chain::AssetInfo a{o.str("asset"), static_cast<unsigned>(o.u64("decimals")),
                               o.has("contract") ? o.str("contract") : ""};
            if (auto s = o.status(); !s) return s.error();
            return a;
        });
}

std::string strings_json(const std::vector<std::string>& strings)
{
    return render([&](Writer& w) {
        w.begin_array();
        for (const auto& s : strings) w.string(s);
        w.end_array();
    });
}

Result<std::vector<std::string>> parse_strings(std::string_view json)
{
    return parse_array<std::string>(json, "strings",
                                    [](const rapidjson::Value& v, const std::string& where) -> Result<std::string> {
                                        if (!v.IsString()) return Error{where + " is not a string"};
                                        return std::string(v.GetString(), v.GetStringLength());
                                    });
}

std::string endpoints_json(const std::vector<chain::EndpointReport>& endpoints)
{
    return render([&](Writer& w) {
        w.begin_array();
        for (const auto& e : endpoints) {
            w.begin_object();
            put(w, "endpoint", e.endpoint);
            put_u64(w, "height", e.height);
            put(w, "block_hash", e.block_hash);
            put(w, "error", e.error);
            if (e.error_kind) put(w, "error_kind", chain::to_string(*e.error_kind));
            w.end_object();
        }
        w.end_array();
    });
}

std::string disagreements_json(const std::vector<chain::Disagreement>& disagreements)
{
    return render([&](Writer& w) {
        w.begin_array();
        for (const auto& d : disagreements) {
            w.begin_object();
            put(w, "address", d.address);
            put(w, "asset", d.asset);
            put(w, "endpoint", d.endpoint);
            put(w, "units", d.units);  // integer string: money is never a JSON number
            w.end_object();
        }
        w.end_array();
    });
}

Result<std::vector<chain::EndpointReport>> parse_endpoints(std::string_view json)
{
    return parse_array<chain::EndpointReport>(
        json, "endpoints", [](const rapidjson::Value& v, std::string where) -> Result<chain::EndpointReport> {
            Object o(v, std::move(where));
            chain::EndpointReport e;
            e.endpoint = o.str("endpoint");
            e.height = o.u64("height");
            e.block_hash = o.str("block_hash");
            e.error = o.str("error");
            if (auto s = o.status(); !s) return s.error();
            return e;  // error_kind is shown, not read back: the kind stays with the message
        });
}
Bytes join_nodes(const std::vector<Bytes>& nodes)
{
    Bytes out;
    std::size_t size = 0;
    for (const auto& n : nodes) size += n.size();
    out.reserve(size);
    for (const auto& n : nodes) out.insert(out.end(), n.begin(), n.end());
    return out;
}

Result<std::vector<Bytes>> split_nodes(ByteView joined)
{
    std::vector<Bytes> out;
    while (!joined.empty()) {
        auto length = rlp::item_length(joined);
        if (!length) return Error{"proof nodes: " + length.error().message};
        out.emplace_back(joined.begin(), joined.begin() + static_cast<std::ptrdiff_t>(*length));
        joined = joined.subspan(*length);
    }
    return out;
}

}  // namespace porwatch::store::codec
