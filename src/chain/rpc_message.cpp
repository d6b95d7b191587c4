// The JSON-RPC 2.0 request body (rpc_message.hpp). Written by hand, not with json::Writer: the
// params are JSON already and a batch of 100k calls is on the scan's hot path.
#include "rpc_message.hpp"

#include "rpc_json.hpp"

namespace porwatch::chain {

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

}  // namespace porwatch::chain
