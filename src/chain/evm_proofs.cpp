#include "evm_proofs.hpp"

#include <algorithm>
#include <cstring>
#include <future>
#include <set>
#include <unordered_set>

#include "evm_batch.hpp"
#include "evm_header.hpp"
#include "porwatch/address/address.hpp"
#include "porwatch/ethproof/account.hpp"
#include "porwatch/ethproof/select.hpp"
#include "porwatch/util/hex.hpp"
#include "quorum.hpp"

namespace porwatch::chain::evm {
namespace {

// Holders per eth_getProof of a token contract; replies stay small (≈ 4 KB per storage proof).
constexpr std::size_t kSlotsPerCall = 32;
// Proof replies are ≈ 8 KB per account: keep batches far below max_response_mb.
constexpr std::size_t kProofBatch = 100;

// One eth_getProof call: an account (its ETH balance) or a token contract with holders' keys.
struct Request {
    std::size_t account = 0;  // index into agreed.accounts (account requests)
    std::optional<std::size_t> token;  // index into config.tokens (token requests)
    std::vector<std::size_t> holders;  // indexes into agreed.accounts (token requests)
    std::vector<Hash256> keys;  // their mapping keys, in the same order
};

struct Plan {
    std::vector<Request> requests;
    std::size_t accounts_selected = 0;
};

std::string hex0x(ByteView b)
{
    return "0x" + to_hex(b);
}

Bytes address_bytes(const std::string& eip55)
{
    auto b = from_hex(eip55, HexPrefix::allowed);
    return b ? std::move(b.value()) : Bytes{};
}

Plan make_plan(const config::EvmChainConfig& config, const AgreedBalances& agreed, std::uint64_t seed)
{
    Plan plan;
    const std::size_t width = 1 + config.tokens.size();
    const std::size_t n = agreed.accounts.size();
    std::vector<Units> column(n);
    auto select = [&](std::size_t k) {
        for (std::size_t i = 0; i < n; ++i) column[i] = agreed.units[i * width + k];
        return ethproof::select_accounts(config.proofs, column, seed);
    };
    const auto eth = select(0);
    plan.accounts_selected = eth.size();
    for (const std::size_t i : eth) plan.requests.push_back(Request{i, std::nullopt, {}, {}});
    for (std::size_t t = 0; t < config.tokens.size(); ++t) {
        const auto& token = config.tokens[t];
        if (!token.balance_slot) continue;
        const auto holders = select(t + 1);
        for (std::size_t begin = 0; begin < holders.size(); begin += kSlotsPerCall) {
            Request r;
            r.token = t;
            for (std::size_t j = begin; j < std::min(holders.size(), begin + kSlotsPerCall); ++j) {
                r.holders.push_back(holders[j]);
                r.keys.push_back(
                    ethproof::mapping_slot(address_bytes(*agreed.accounts[holders[j]]), *token.balance_slot));
            }
            plan.requests.push_back(std::move(r));
        }
    }
    return plan;
}

Result<std::vector<Bytes>> node_list(const rapidjson::Value* list, const char* what)
{
    if (!list || !list->IsArray())
        return Error{ChainError::malformed, std::string("eth_getProof reply without ") + what};
    std::vector<Bytes> out;
    out.reserve(list->Size());
    for (const auto& node : list->GetArray()) {
        auto bytes = from_hex(json_text(node), HexPrefix::allowed);
        if (!bytes || bytes->empty())
            return Error{ChainError::malformed, std::string(what) + " holds a node that is not hex"};
        out.push_back(std::move(bytes.value()));
    }
    return out;
}

// Proves one endpoint's answers and collects the evidence into `data`.
class EndpointProver {
public:
    EndpointProver(RpcClient& rpc, const config::EvmChainConfig& config, const AgreedBalances& agreed, const Plan& plan,
                   ProofData* data)
        : m_rpc(rpc), m_config(config), m_agreed(agreed), m_plan(plan), m_data(data)
    { }

    // Returns: the error that fails the chain, if any. Counts go to `counts`.
    Status run(const BlockRef& pin, ProofSummary& counts)
    {
        auto header = eth_get_verified_header(m_rpc, pin.hash);
        if (!header) return header.error();
        m_state_root = header->header.state_root;
        {
            m_data->header_rlp = header->rlp;
            counts.header_verified = true;
            counts.header_fork = std::string(ethproof::to_string(*ethproof::header_fork(header->header)));
            counts.state_root = hex0x(m_state_root);
        }
        m_block = "block " + std::to_string(pin.number) + " " + pin.hash;
        const std::string block = block_param(pin.hash);
        auto make = [&](std::size_t i) {
            const Request& r = m_plan.requests[i];
            if (!r.token)
                return RpcCall{"eth_getProof", "[" + json_quote(*m_agreed.accounts[r.account]) + ",[]," + block + "]"};
            std::string keys = "[";
            for (const auto& k : r.keys) keys += (keys.size() > 1 ? "," : "") + json_quote(hex0x(k));
            keys += "]";
            return RpcCall{"eth_getProof",
                           "[" + json_quote(m_config.tokens[*r.token].contract.text) + "," + keys + "," + block + "]"};
        };
        auto take = [&](std::size_t i, const rapidjson::Value& v) { return check(m_plan.requests[i], v, counts); };
        const std::size_t batch = std::min<std::size_t>(std::max<std::size_t>(m_config.batch_size, 1), kProofBatch);
        Status s = run_batches(m_rpc, m_plan.requests.size(), batch, make, take);
        if (m_failure) return *m_failure;  // the mismatch itself, not wrapped in the batch context
        return s;
    }

private:
    Status mismatch(const std::string& what)
    {
        m_failure = Error{ChainError::proof,
                          "proof does not match: " + what + " (" + m_block + ", endpoint " + m_rpc.endpoint() + ")"};
        return *m_failure;
    }

    void keep_nodes(const std::vector<Bytes>& nodes)
    {
        for (const auto& n : nodes) {
            if (m_seen.insert(crypto_key(n)).second) m_data->nodes.push_back(n);
        }
    }

    static std::string crypto_key(const Bytes& node) { return std::string(node.begin(), node.end()); }

    Result<ethproof::AccountState> account(const std::string& address, const rapidjson::Value& v)
    {
        auto nodes = node_list(member(v, "accountProof"), "accountProof");
        if (!nodes) return nodes.error();
        auto state = ethproof::prove_account(m_state_root, address_bytes(address), trie::ProofNodes(*nodes));
        if (!state)
            return mismatch(address + ": " + state.error().message + " (state root " + hex0x(m_state_root) + ")")
                .error();
        keep_nodes(*nodes);
        if (m_accounts_kept.insert(address).second) {
            m_data->accounts.push_back(ProvenAccount{address, state->exists, state->nonce, state->balance,
                                                     hex0x(state->storage_root), hex0x(state->code_hash)});
        }
        return state;
    }

    Status check(const Request& r, const rapidjson::Value& v, ProofSummary& counts)
    {
        const std::size_t width = 1 + m_config.tokens.size();
        if (!r.token) {
            const std::string& address = *m_agreed.accounts[r.account];
            auto state = account(address, v);
            if (!state) return state.error();
            const Units& read = m_agreed.units[r.account * width];
            if (state->balance != read) {
                return mismatch(address + " ETH balance is " + porwatch::to_string(read) + " by eth_getBalance, " +
                                porwatch::to_string(state->balance) + " by its account proof");
            }
            ++counts.accounts_proven;
            ++counts.balances_proven;
            return Ok{};
        }
        const auto& token = m_config.tokens[*r.token];
        const bool first_chunk = m_contracts_proven.insert(token.contract.text).second;
        auto contract = account(token.contract.text, v);
        if (!contract) return contract.error();
        if (first_chunk) ++counts.accounts_proven;
        const auto* storage = member(v, "storageProof");
        if (!storage || !storage->IsArray() || storage->Size() != r.keys.size()) {
            return Error{ChainError::malformed, "eth_getProof of " + token.contract.text + ": " +
                                                    std::to_string(r.keys.size()) +
                                                    " storage keys asked, another number of storageProof entries"};
        }
        for (std::size_t j = 0; j < r.keys.size(); ++j) {
            auto nodes =
                node_list(member((*storage)[static_cast<rapidjson::SizeType>(j)], "proof"), "storageProof.proof");
            if (!nodes) return nodes.error();
            const std::string& holder = *m_agreed.accounts[r.holders[j]];
            auto value = ethproof::prove_storage(contract->storage_root, r.keys[j], trie::ProofNodes(*nodes));
            if (!value) {
                return mismatch(token.symbol + " balance of " + holder + ": " + value.error().message +
                                " (storage root " + hex0x(contract->storage_root) + " of " + token.contract.text + ")");
            }
            keep_nodes(*nodes);
            const Units balance = token.balance_mask ? Units(*value & *token.balance_mask) : *value;
            const Units& read = m_agreed.units[r.holders[j] * width + 1 + *r.token];
            if (balance != read) {
                return mismatch(holder + " " + token.symbol + " balance is " + porwatch::to_string(read) +
                                " by balanceOf, " + porwatch::to_string(balance) + " by its storage proof (slot " +
                                porwatch::to_string(*token.balance_slot) + " of " + token.contract.text + ")");
            }
            ++counts.slots_proven;
            ++counts.balances_proven;
            m_data->slots.push_back(ProvenSlot{token.symbol, token.contract.text, holder, *token.balance_slot,
                                               hex0x(r.keys[j]), *value, token.balance_mask, balance});
        }
        return Ok{};
    }

    RpcClient& m_rpc;
    const config::EvmChainConfig& m_config;
    const AgreedBalances& m_agreed;
    const Plan& m_plan;
    ProofData* m_data;  // never null
    Hash256 m_state_root{};
    std::string m_block;
    std::optional<Error> m_failure;
    std::unordered_set<std::string> m_seen;  // node bytes kept (dedup)
    std::set<std::string> m_accounts_kept;
    std::set<std::string> m_contracts_proven;
};

}  // namespace

ProofOutcome prove_balances(const std::vector<RpcClient*>& endpoints, const config::EvmChainConfig& config,
                            const AgreedBalances& agreed, const BlockRef& pin, std::uint64_t seed)
{
    ProofOutcome out;
    ProofSummary& s = out.summary;
    s.mode = ethproof::to_string(config.proofs);
    s.balances = agreed.units.size();
    for (const auto& t : config.tokens) {
        if (!t.balance_slot) s.unproven_assets.push_back(t.symbol);
    }
    const Plan plan = make_plan(config, agreed, seed);
    s.accounts_selected = plan.accounts_selected;
    // Every endpoint in parallel; the evidence of the first one whose checks all passed is kept.
    struct Checked {
        ProofSummary counts;
        ProofData data;
        std::optional<Error> error;
    };
    std::vector<std::future<Checked>> futures;
    for (RpcClient* rpc : endpoints) {
        futures.push_back(std::async(std::launch::async, [rpc, &config, &agreed, &plan, &pin] {
            Checked c;
            EndpointProver prover(*rpc, config, agreed, plan, &c.data);
            if (auto st = prover.run(pin, c.counts); !st) c.error = st.error();
            return c;
        }));
    }
    bool kept = false;
    for (auto& future : futures) {
        Checked c = future.get();
        out.errors.push_back(c.error);
        if (!c.error) {
            if (!kept) {
                kept = true;
                s.header_verified = c.counts.header_verified;
                s.header_fork = c.counts.header_fork;
                s.state_root = c.counts.state_root;
                s.accounts_proven = c.counts.accounts_proven;
                s.slots_proven = c.counts.slots_proven;
                s.balances_proven = c.counts.balances_proven;
                out.data = std::move(c.data);
            }
            ++s.endpoints_checked;
            continue;
        }
        if (c.error->is(ChainError::proof)) {
            ++s.failures;
            if (s.failure.empty()) s.failure = c.error->message;
            if (!out.failure) out.failure = c.error;
        }
    }
    return out;
}

}  // namespace porwatch::chain::evm
