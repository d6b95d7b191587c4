#include "rpc_reply.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string_view>

#include "porwatch/chain/result.hpp"
#include "porwatch/util/utf8.hpp"
#include "rpc_json.hpp"

namespace porwatch::chain {
namespace {

bool is_hex_data(std::string_view text)
{
    if (text.substr(0, 2) != "0x" || text.size() % 2 != 0) return false;
    return std::all_of(text.begin() + 2, text.end(),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

RpcValue reply_value(const std::shared_ptr<rapidjson::Document>& doc, const rapidjson::Value& reply)
{
    RpcValue out;
    out.doc = doc;
    static const rapidjson::Value kNull;
    out.value = &kNull;
    if (const auto* result = member(reply, "result")) out.value = result;
    const auto* error = member(reply, "error");
    if (!error || error->IsNull()) return out;
    out.has_error = true;
    std::string_view code_text = member(*error, "code") ? json_text(*member(*error, "code")) : "";
    const bool negative = !code_text.empty() && code_text.front() == '-';
    if (negative) code_text.remove_prefix(1);
    std::uint64_t magnitude = 1000000;
    rapidjson::Value code_value(code_text.data(), static_cast<rapidjson::SizeType>(code_text.size()));
    if (!json_uint(code_value, magnitude) || magnitude > 1000000) magnitude = 1000000;
    out.error_code = negative ? -static_cast<int>(magnitude) : static_cast<int>(magnitude);
    const auto* message = member(*error, "message");
    out.error_message = message && message->IsString() ? untrusted_text(json_text(*message), 500)
                        : error->IsString()            ? untrusted_text(json_text(*error), 500)
                                                       : std::string("(no message)");
    if (const auto* data = member(*error, "data"); data && is_hex_data(json_text(*data))) {
        out.error_data = std::string(json_text(*data));
    }
    return out;
}

bool is_jsonrpc_reply(const rapidjson::Value& value)
{
    if (value.IsArray()) return true;
    return value.IsObject() && (member(value, "result") || member(value, "error"));
}

Result<std::vector<RpcValue>> match_batch(const std::shared_ptr<rapidjson::Document>& doc, std::size_t request_count,
                                          const std::string& context)
{
    const auto& root = *doc;
    if (!root.IsArray()) {
        const RpcValue v = reply_value(doc, root);
        return Error{
            v.is_error() ? ChainError::rpc : ChainError::malformed,
            context + ": node answered a batch with a single reply" +
                (v.is_error() ? " (error " + std::to_string(v.error_code) + ": " + v.error_message + ")" : "")};
    }
    if (root.Size() != request_count) {
        return Error{ChainError::malformed, context + ": " + std::to_string(root.Size()) + " replies for " +
                                                std::to_string(request_count) + " requests"};
    }
    std::vector<RpcValue> out(request_count);
    std::vector<bool> seen(request_count, false);
    for (const auto& element : root.GetArray()) {
        std::uint64_t id = 0;
        const auto* id_value = element.IsObject() ? member(element, "id") : nullptr;
        if (!id_value || !json_uint(*id_value, id) || id >= request_count || seen[id]) {
            return Error{ChainError::malformed, context + ": reply with a missing, unknown or repeated id"};
        }
        seen[id] = true;
        out[id] = reply_value(doc, element);
    }
    return out;
}

}  // namespace porwatch::chain
