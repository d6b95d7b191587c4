#include "porwatch/store/evidence_codec.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "porwatch/rlp/rlp.hpp"
#include "porwatch/util/amount.hpp"
#include "porwatch/util/utf8.hpp"

namespace porwatch::store::codec {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, const char* key, std::string_view value)
{
    w.Key(key);
    const std::string text = valid_utf8(value);
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}
void put(Writer& w, const char* key, const Units& value) { put(w, key, to_string(value)); }
void put_u64(Writer& w, const char* key, std::uint64_t value)
{
    w.Key(key);
    w.Uint64(value);
}
void put_bool(Writer& w, const char* key, bool value)
{
    w.Key(key);
    w.Bool(value);
}
void put_strings(Writer& w, const char* key, const std::vector<std::string>& values)
{
    w.Key(key);
    w.StartArray();
    for (const auto& v : values) {
        const std::string text = valid_utf8(v);
        w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    }
    w.EndArray();
}

template <typename Body>
std::string render(Body body)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    body(w);
    return std::string(buffer.GetString(), buffer.GetSize());
}

// Reads one object's fields; the first problem is kept, naming `where` and the field.
class Object {
public:
    Object(const rapidjson::Value& v, std::string where) : m_v(v), m_where(std::move(where))
    {
        if (!v.IsObject()) fail("", "is not an object");
    }
    std::string str(const char* key)
    {
        const auto* v = find(key);
        if (v && !v->IsString()) fail(key, "is not a string");
        return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
    }
    Units units(const char* key)
    {
        const std::string text = str(key);
        auto u = parse_units(text);
        if (!u && m_error.empty() && find(key)) fail(key, "is not a decimal integer");
        return u ? *u : Units{0};
    }
    std::optional<Units> optional_units(const char* key)
    {
        const auto* v = find(key, /*required=*/false);
        if (!v || v->IsNull()) return std::nullopt;
        return units(key);
    }
    std::uint64_t u64(const char* key)
    {
        const auto* v = find(key);
        if (v && !v->IsUint64()) fail(key, "is not an unsigned integer");
        return v && v->IsUint64() ? v->GetUint64() : 0;
    }
    bool boolean(const char* key)
    {
        const auto* v = find(key);
        if (v && !v->IsBool()) fail(key, "is not true or false");
        return v && v->IsBool() && v->GetBool();
    }
    std::vector<std::string> strings(const char* key)
    {
        std::vector<std::string> out;
        const auto* v = find(key);
        if (!v) return out;
        if (!v->IsArray()) {
            fail(key, "is not an array");
            return out;
        }
        for (const auto& s : v->GetArray()) {
            if (!s.IsString()) fail(key, "holds a value that is not a string");
            else out.emplace_back(s.GetString(), s.GetStringLength());
        }
        return out;
    }
    const rapidjson::Value* array(const char* key)
    {
        const auto* v = find(key);
        if (v && !v->IsArray()) fail(key, "is not an array");
        return v && v->IsArray() ? v : nullptr;
    }
    bool has(const char* key) const { return m_v.IsObject() && m_v.HasMember(key) && !m_v[key].IsNull(); }
    Status status() const { return m_error.empty() ? Status(Ok{}) : Status(Error{m_error}); }

private:
    const rapidjson::Value* find(const char* key, bool required = true)
    {
        if (!m_v.IsObject()) return nullptr;
        const auto it = m_v.FindMember(key);
        if (it == m_v.MemberEnd()) {
            if (required) fail(key, "is missing");
            return nullptr;
        }
        return &it->value;
    }
    void fail(const char* key, const std::string& why)
    {
        if (m_error.empty()) m_error = m_where + (*key ? std::string(".") + key : "") + " " + why;
    }

    const rapidjson::Value& m_v;
    std::string m_where;
    std::string m_error;
};

Result<rapidjson::Document> parse(std::string_view json, const char* what)
{
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError()) return Error{std::string(what) + " is not JSON (offset " + std::to_string(doc.GetErrorOffset()) + ")"};
    return doc;
}

// Apply `read(element, where)` to every element of the array `json`.
template <typename T, typename Read>
Result<std::vector<T>> parse_array(std::string_view json, const char* what, Read read)
{
    auto doc = parse(json, what);
    if (!doc) return doc.error();
    if (!doc->IsArray()) return Error{std::string(what) + " is not an array"};
    std::vector<T> out;
    for (rapidjson::SizeType i = 0; i < doc->Size(); ++i) {
        auto item = read((*doc)[i], std::string(what) + "[" + std::to_string(i) + "]");
        if (!item) return item.error();
        out.push_back(std::move(item.value()));
    }
    return out;
}

}  // namespace

std::string assets_json(const std::vector<chain::AssetInfo>& assets)
{
    return render([&](Writer& w) {
        w.StartArray();
        for (const auto& a : assets) {
            w.StartObject();
            put(w, "asset", a.asset);
            put_u64(w, "decimals", a.decimals);
            if (!a.contract.empty()) put(w, "contract", a.contract);
            w.EndObject();
        }
        w.EndArray();
    });
}

Result<std::vector<chain::AssetInfo>> parse_assets(std::string_view json)
{
    return parse_array<chain::AssetInfo>(json, "assets", [](const rapidjson::Value& v, std::string where) -> Result<chain::AssetInfo> {
        Object o(v, std::move(where));
        chain::AssetInfo a{o.str("asset"), static_cast<unsigned>(o.u64("decimals")), o.has("contract") ? o.str("contract") : ""};
        if (auto s = o.status(); !s) return s.error();
        return a;
    });
}

std::string strings_json(const std::vector<std::string>& strings)
{
    return render([&](Writer& w) {
        w.StartArray();
        for (const auto& s : strings) {
            const std::string text = valid_utf8(s);
            w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
        }
        w.EndArray();
    });
}

Result<std::vector<std::string>> parse_strings(std::string_view json)
{
    return parse_array<std::string>(json, "strings", [](const rapidjson::Value& v, const std::string& where) -> Result<std::string> {
        if (!v.IsString()) return Error{where + " is not a string"};
        return std::string(v.GetString(), v.GetStringLength());
    });
}

std::string endpoints_json(const std::vector<chain::EndpointReport>& endpoints)
{
    return render([&](Writer& w) {
        w.StartArray();
        for (const auto& e : endpoints) {
            w.StartObject();
            put(w, "endpoint", e.endpoint);
            put_u64(w, "height", e.height);
            put(w, "block_hash", e.block_hash);
            put(w, "error", e.error);
            if (e.error_kind) put(w, "error_kind", chain::to_string(*e.error_kind));
            w.EndObject();
        }
        w.EndArray();
    });
}

std::string disagreements_json(const std::vector<chain::Disagreement>& disagreements)
{
    return render([&](Writer& w) {
        w.StartArray();
        for (const auto& d : disagreements) {
            w.StartObject();
            put(w, "address", d.address);
            put(w, "asset", d.asset);
            put(w, "endpoint", d.endpoint);
            put(w, "units", d.units);   // integer string: money is never a JSON number
            w.EndObject();
        }
        w.EndArray();
    });
}

Result<std::vector<chain::EndpointReport>> parse_endpoints(std::string_view json)
{
    return parse_array<chain::EndpointReport>(json, "endpoints", [](const rapidjson::Value& v, std::string where)
                                                                     -> Result<chain::EndpointReport> {
        Object o(v, std::move(where));
        chain::EndpointReport e;
        e.endpoint = o.str("endpoint");
        e.height = o.u64("height");
        e.block_hash = o.str("block_hash");
        e.error = o.str("error");
        if (auto s = o.status(); !s) return s.error();
        return e;   // error_kind is shown, not read back: the kind stays with the message
    });
}

std::string proven_json(const std::vector<chain::ProvenAccount>& accounts, const std::vector<chain::ProvenSlot>& slots)
{
    return render([&](Writer& w) {
        w.StartObject();
        w.Key("accounts");
        w.StartArray();
        for (const auto& a : accounts) {
            w.StartObject();
            put(w, "address", a.address);
            put_bool(w, "exists", a.exists);
            put_u64(w, "nonce", a.nonce);
            put(w, "balance", a.balance);
            put(w, "storage_root", a.storage_root);
            put(w, "code_hash", a.code_hash);
            w.EndObject();
        }
        w.EndArray();
        w.Key("slots");
        w.StartArray();
        for (const auto& s : slots) {
            w.StartObject();
            put(w, "asset", s.asset);
            put(w, "contract", s.contract);
            put(w, "holder", s.holder);
            put(w, "slot", s.slot);
            put(w, "key", s.key);
            put(w, "value", s.value);
            if (s.mask) {
                put(w, "mask", *s.mask);
            } else {
                w.Key("mask");
                w.Null();
            }
            put(w, "balance", s.balance);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    });
}

Result<std::pair<std::vector<chain::ProvenAccount>, std::vector<chain::ProvenSlot>>> parse_proven(std::string_view json)
{
    auto doc = parse(json, "proven");
    if (!doc) return doc.error();
    Object top(*doc, "proven");
    const auto* accounts = top.array("accounts");
    const auto* slots = top.array("slots");
    if (auto s = top.status(); !s) return s.error();
    std::pair<std::vector<chain::ProvenAccount>, std::vector<chain::ProvenSlot>> out;
    for (rapidjson::SizeType i = 0; i < accounts->Size(); ++i) {
        Object o((*accounts)[i], "proven.accounts[" + std::to_string(i) + "]");
        chain::ProvenAccount a{o.str("address"), o.boolean("exists"), o.u64("nonce"), o.units("balance"),
                               o.str("storage_root"), o.str("code_hash")};
        if (auto s = o.status(); !s) return s.error();
        out.first.push_back(std::move(a));
    }
    for (rapidjson::SizeType i = 0; i < slots->Size(); ++i) {
        Object o((*slots)[i], "proven.slots[" + std::to_string(i) + "]");
        chain::ProvenSlot p;
        p.asset = o.str("asset");
        p.contract = o.str("contract");
        p.holder = o.str("holder");
        p.slot = o.units("slot");
        p.key = o.str("key");
        p.value = o.units("value");
        p.mask = o.optional_units("mask");
        p.balance = o.units("balance");
        if (auto s = o.status(); !s) return s.error();
        out.second.push_back(std::move(p));
    }
    return out;
}

std::string contract_checks_json(const std::vector<chain::OwnerCheck>& owners,
                                 const std::vector<chain::SignatureCheck>& signatures)
{
    return render([&](Writer& w) {
        w.StartObject();
        w.Key("owner_checks");
        w.StartArray();
        for (const auto& o : owners) {
            w.StartObject();
            put(w, "address", o.address);
            put_bool(w, "has_code", o.has_code);
            put_bool(w, "safe", o.answers_safe);
            put_strings(w, "owners", o.owners);
            put_u64(w, "threshold", o.threshold);
            put(w, "error", o.error);
            w.EndObject();
        }
        w.EndArray();
        w.Key("signature_checks");
        w.StartArray();
        for (const auto& c : signatures) {
            w.StartObject();
            put(w, "address", c.address);
            put(w, "hash", c.hash);
            put(w, "signature", c.signature);
            put_bool(w, "has_code", c.has_code);
            put_bool(w, "valid", c.valid);
            put(w, "returned", c.returned);
            put(w, "error", c.error);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    });
}

Result<std::pair<std::vector<chain::OwnerCheck>, std::vector<chain::SignatureCheck>>> parse_contract_checks(
    std::string_view json)
{
    auto doc = parse(json, "contract_checks");
    if (!doc) return doc.error();
    Object top(*doc, "contract_checks");
    const auto* owners = top.array("owner_checks");
    const auto* signatures = top.array("signature_checks");
    if (auto s = top.status(); !s) return s.error();
    std::pair<std::vector<chain::OwnerCheck>, std::vector<chain::SignatureCheck>> out;
    for (rapidjson::SizeType i = 0; i < owners->Size(); ++i) {
        Object o((*owners)[i], "owner_checks[" + std::to_string(i) + "]");
        chain::OwnerCheck c;
        c.address = o.str("address");
        c.has_code = o.boolean("has_code");
        c.answers_safe = o.boolean("safe");
        c.owners = o.strings("owners");
        c.threshold = o.u64("threshold");
        c.error = o.str("error");
        if (auto s = o.status(); !s) return s.error();
        out.first.push_back(std::move(c));
    }
    for (rapidjson::SizeType i = 0; i < signatures->Size(); ++i) {
        Object o((*signatures)[i], "signature_checks[" + std::to_string(i) + "]");
        chain::SignatureCheck c;
        c.address = o.str("address");
        c.hash = o.str("hash");
        c.signature = o.str("signature");
        c.has_code = o.boolean("has_code");
        c.valid = o.boolean("valid");
        c.returned = o.str("returned");
        c.error = o.str("error");
        if (auto s = o.status(); !s) return s.error();
        out.second.push_back(std::move(c));
    }
    return out;
}

std::string proof_summary_json(const chain::ProofSummary& p)
{
    return render([&](Writer& w) {
        w.StartObject();
        put(w, "mode", p.mode);
        put_bool(w, "header_verified", p.header_verified);
        put(w, "header_fork", p.header_fork);
        put(w, "state_root", p.state_root);
        put_u64(w, "balances", p.balances);
        put_u64(w, "accounts_selected", p.accounts_selected);
        put_u64(w, "accounts_proven", p.accounts_proven);
        put_u64(w, "slots_proven", p.slots_proven);
        put_u64(w, "balances_proven", p.balances_proven);
        put_strings(w, "unproven_assets", p.unproven_assets);
        put_u64(w, "endpoints_checked", p.endpoints_checked);
        put_u64(w, "failures", p.failures);
        put(w, "failure", p.failure);
        w.EndObject();
    });
}

Result<chain::ProofSummary> parse_proof_summary(std::string_view json)
{
    auto doc = parse(json, "proofs");
    if (!doc) return doc.error();
    Object o(*doc, "proofs");
    chain::ProofSummary p;
    p.mode = o.str("mode");
    p.header_verified = o.boolean("header_verified");
    p.header_fork = o.str("header_fork");
    p.state_root = o.str("state_root");
    p.balances = o.u64("balances");
    p.accounts_selected = o.u64("accounts_selected");
    p.accounts_proven = o.u64("accounts_proven");
    p.slots_proven = o.u64("slots_proven");
    p.balances_proven = o.u64("balances_proven");
    p.unproven_assets = o.strings("unproven_assets");
    p.endpoints_checked = o.u64("endpoints_checked");
    p.failures = o.u64("failures");
    p.failure = o.str("failure");
    if (auto s = o.status(); !s) return s.error();
    return p;
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
