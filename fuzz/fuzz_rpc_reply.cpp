// Fuzz the JSON-RPC reply handling of the chain stage (src/chain/rpc_json.hpp, rpc_reply.hpp)
// on any reply body, as RpcClient hands it over after HTTP: parse_json(), then a single reply
// split into result/error, or a batch matched to its request ids. No network: the transport is
// not part of this. Invariants: error codes stay clamped to ±1000000, node text that reaches a
// message is valid UTF-8, a batch matches only as many requests as it has replies, and any
// valid UTF-8 string quoted by json_quote() parses back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "chain/rpc_json.hpp"
#include "chain/rpc_reply.hpp"
#include "fuzz_check.hpp"
#include "porwatch/util/utf8.hpp"

namespace {

using namespace porwatch::chain;

void check_value(const RpcValue& value)
{
    FUZZ_CHECK(value.value != nullptr);
    FUZZ_CHECK(std::abs(value.error_code) <= 1000000);
    FUZZ_CHECK(porwatch::is_valid_utf8(value.error_message));
    FUZZ_CHECK(value.is_error() || value.error_message.empty());
}

void check_quote(std::string_view text)
{
    if (!porwatch::is_valid_utf8(text)) return;
    const auto quoted = parse_json(json_quote(text));
    FUZZ_CHECK(quoted.ok());
    FUZZ_CHECK((*quoted)->IsString());
    FUZZ_CHECK(json_text(**quoted) == text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto text = porwatch::fuzz::as_text(data, size);
    check_quote(text);
    const auto doc = parse_json(text);
    if (!doc.ok() || !is_jsonrpc_reply(**doc)) return 0;
    const auto& root = **doc;
    if (root.IsObject()) {
        check_value(reply_value(*doc, root));
        // A node answering a batch with one object: always refused, never a reply list.
        FUZZ_CHECK(!match_batch(*doc, 1, "fuzz").ok());
        return 0;
    }
    const std::size_t replies = root.Size();
    if (const auto batch = match_batch(*doc, replies, "fuzz"); batch.ok()) {
        FUZZ_CHECK(batch->size() == replies);
        for (const auto& value : *batch) check_value(value);
    }
    FUZZ_CHECK(!match_batch(*doc, replies + 1, "fuzz").ok());
    return 0;
}
