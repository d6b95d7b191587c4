// The JSON-RPC 2.0 envelope: the request body and the reply's result / error (rpc_message.hpp).
#include "rpc_message.hpp"

#include <algorithm>
#include <cctype>

#include "porwatch/util/utf8.hpp"

namespace porwatch::chain {
namespace {

bool is_hex_data(std::string_view text)
{
    if (text.substr(0, 2) != "0x" || text.size() % 2 != 0) return false;
    return std::all_of(text.begin() + 2, text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::string rpc_body(std::string_view method, std::string_view params, std::size_t id)
{
    std::string body = R"({"jsonrpc":"2.0","id":)";
    body += std::to_string(id);
    body += R"(,"method":)";
    body += json_quote(method);
    body += R"(,"params":)";
    body += params;
    body += '}';
    return body;
}

RpcValue to_value(const std::shared_ptr<rapidjson::Document>& doc, const rapidjson::Value& reply)
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
                        : error->IsString()          ? untrusted_text(json_text(*error), 500)
                                                     : std::string("(no message)");
    if (const auto* data = member(*error, "data"); data && is_hex_data(json_text(*data))) {
        out.error_data = std::string(json_text(*data));
    }
    return out;
}

bool is_jsonrpc_reply(const rapidjson::Value& v)
{
    if (v.IsArray()) return true;
    return v.IsObject() && (member(v, "result") || member(v, "error"));
}

}  // namespace porwatch::chain
