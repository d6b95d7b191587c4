#include "evm_evidence.hpp"

#include <algorithm>
#include <cctype>

#include "evm_rpc.hpp"

namespace porwatch::chain::evm {
namespace {

// One eth_call whose revert is an answer. Returns the return data, or "" with `reverted` set.
Result<std::string> call_or_revert(RpcClient& rpc, const std::string& to, const std::string& data,
                                   const std::string& hash, std::string& reverted)
{
    auto v = rpc.call("eth_call", call_params(to, data, hash));
    if (!v) return v.error();
    if (v->is_error()) {
        if (!is_revert(*v)) {
            return Error{ChainError::rpc, "eth_call " + data.substr(0, 10) + " to " + to + " at " + rpc.endpoint() +
                                              ": RPC error " + std::to_string(v->error_code) + ": " + v->error_message};
        }
        // Evidence by code and data (is_revert); the message is only shown, already cleaned.
        reverted = "reverted: " + v->error_message +
                   (v->error_data && *v->error_data != "0x" ? " (data " + v->error_data->substr(0, 74) + ")" : "");
        return std::string();
    }
    const std::string_view text = json_text(*v->value);
    const bool hex = text.size() >= 2 && text.size() % 2 == 0 && text.substr(0, 2) == "0x" &&
                     std::all_of(text.begin() + 2, text.end(),
                                 [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
    if (!hex) {
        return Error{ChainError::malformed,
                     "eth_call to " + to + " at " + rpc.endpoint() + ": result is not 0x-hex data"};
    }
    return std::string(text);
}

Result<bool> has_code(RpcClient& rpc, const std::string& account, const std::string& hash)
{
    auto code = rpc.call_ok("eth_getCode", "[" + json_quote(account) + "," + block_param(hash) + "]");
    if (!code) return code.error();
    const std::string_view text = json_text(*code->value);
    if (text.size() < 2 || text.substr(0, 2) != "0x") {
        return Error{ChainError::malformed, "eth_getCode of " + account + " at " + rpc.endpoint() + ": not hex data"};
    }
    return text != "0x";
}

Result<OwnerCheck> check_owners(RpcClient& rpc, const std::string& account, const std::string& hash)
{
    OwnerCheck check;
    check.address = account;
    auto code = has_code(rpc, account, hash);
    if (!code) return code.error();
    check.has_code = *code;
    if (!check.has_code) return check;
    std::string reverted;
    auto owners = call_or_revert(rpc, account, kGetOwners, hash, reverted);
    if (!owners) return owners.error();
    auto threshold = call_or_revert(rpc, account, kGetThreshold, hash, reverted);
    if (!threshold) return threshold.error();
    if (!reverted.empty()) {
        check.error = "getOwners()/getThreshold() " + reverted;
        return check;
    }
    auto list = decode_address_array(*owners);
    auto m = decode_uint256(*threshold);
    if (!list || !m || *m == 0 || *m > list->size()) {
        check.error = "getOwners()/getThreshold() answer is not a Safe's (owners " +
                      (list ? std::to_string(list->size()) : list.error().message) + ", threshold " +
                      (m ? porwatch::to_string(*m) : m.error().message) + ")";
        return check;
    }
    check.answers_safe = true;
    check.owners = std::move(list.value());
    check.threshold = static_cast<std::uint64_t>(*m);
    return check;
}

Result<SignatureCheck> check_signature(RpcClient& rpc, const std::string& account, const ContractSignature& sig,
                                       const std::string& hash)
{
    SignatureCheck check;
    check.address = account;
    check.hash = sig.hash;
    check.signature = sig.signature.substr(0, 2) == "0x" ? sig.signature : "0x" + sig.signature;
    auto data = is_valid_signature_calldata(sig.hash, sig.signature);
    if (!data) {
        check.error = data.error().message;
        return check;
    }
    auto code = has_code(rpc, account, hash);
    if (!code) return code.error();
    check.has_code = *code;
    if (!check.has_code) return check;
    std::string reverted;
    auto returned = call_or_revert(rpc, account, *data, hash, reverted);
    if (!returned) return returned.error();
    check.error = reverted;
    check.returned = *returned;
    check.valid = reverted.empty() && check.returned == kEip1271Magic;
    return check;
}

}  // namespace

Result<Evidence> read_evidence(RpcClient& rpc, const std::vector<EvmTarget>& targets, const std::string& hash)
{
    Evidence out;
    for (const auto& t : targets) {
        if (t.check_owners) {
            auto check = check_owners(rpc, t.address, hash);
            if (!check) return check.error();
            out.owners.push_back(std::move(check.value()));
        }
        for (const auto& sig : t.contract_signatures) {
            auto check = check_signature(rpc, t.address, sig, hash);
            if (!check) return check.error();
            out.signatures.push_back(std::move(check.value()));
        }
    }
    return out;
}

}  // namespace porwatch::chain::evm
