// BIP-322 Proof of Funds ("pof"): a finalized PSBT of to_sign whose input 0 spends to_spend:0
// and whose other inputs spend the UTXOs being proven. Every input's script is verified
// against the output it spends (from the PSBT's witness_utxo / non_witness_utxo). Whether
// those UTXOs exist on chain is not checked here; the verdict proves control of the address
// and of the listed outputs' scripts.
#include "codec.hpp"
#include "pof.hpp"
#include "script.hpp"

namespace porwatch::proof::detail {
namespace {

struct PsbtInput {
    std::optional<Tx> non_witness_utxo;
    std::optional<TxOut> witness_utxo;
    Bytes final_script_sig;
    std::vector<Bytes> final_witness;
};

// Read one PSBT map: (key, value) pairs up to the 0x00 separator.
template <typename OnPair> bool read_map(ByteReader& reader, OnPair&& on_pair)
{
    for (;;) {
        auto key = reader.varbytes();
        if (!key) return false;
        if (key->empty()) return true;
        auto value = reader.varbytes();
        if (!value || !on_pair(*key, *value)) return false;
    }
}

}  // namespace

Result<Tx> parse_pof_psbt(ByteView psbt, const Tx& to_spend, const Bytes& challenge, SpentOutputs& spent)
{
    ByteReader reader(psbt);
    const auto magic = reader.bytes(5);
    if (!magic || *magic != Bytes{0x70, 0x73, 0x62, 0x74, 0xff}) return Error{"not a PSBT (bad magic)"};
    std::optional<Tx> unsigned_tx;
    const bool global_ok = read_map(reader, [&](const Bytes& key, const Bytes& value) {
        if (key.size() == 1 && key[0] == 0x00) {
            unsigned_tx = deserialize_tx(value);
            return unsigned_tx.has_value();
        }
        return true;
    });
    if (!global_ok || !unsigned_tx) return Error{"PSBT has no readable unsigned transaction"};
    Tx tx = *unsigned_tx;
    spent.clear();
    const Hash256 to_spend_id = txid(to_spend);
    std::vector<PsbtInput> inputs(tx.inputs.size());
    for (std::size_t i = 0; i < tx.inputs.size(); ++i) {
        PsbtInput& input = inputs[i];
        const bool ok = read_map(reader, [&](const Bytes& key, const Bytes& value) {
            if (key.empty()) return false;
            switch (key[0]) {
            case 0x00: input.non_witness_utxo = deserialize_tx(value); return input.non_witness_utxo.has_value();
            case 0x01: {
                ByteReader r(value);
                const auto amount = r.le64();
                auto script = r.varbytes();
                if (!amount || !script || !r.at_end()) return false;
                input.witness_utxo = TxOut{static_cast<std::int64_t>(*amount), std::move(*script)};
                return true;
            }
            case 0x07: input.final_script_sig = value; return true;
            case 0x08: {
                bool stack_ok = false;
                input.final_witness = parse_witness_stack(value, stack_ok);
                return stack_ok;
            }
            default: return true;
            }
        });
        if (!ok) return Error{"PSBT input " + std::to_string(i) + " is malformed"};
    }
    // A funding transaction is given once even when several inputs spend its outputs.
    auto previous_tx = [&](const Hash256& id) -> const Tx* {
        for (const auto& input : inputs) {
            if (input.non_witness_utxo && txid(*input.non_witness_utxo) == id) return &*input.non_witness_utxo;
        }
        return nullptr;
    };
    for (std::size_t i = 0; i < tx.inputs.size(); ++i) {
        PsbtInput& input = inputs[i];
        TxIn& txin = tx.inputs[i];
        const Tx* funding = previous_tx(txin.prev_txid);
        if (i == 0) {
            if (txin.prev_txid != to_spend_id || txin.prev_index != 0)
                return Error{"input 0 does not spend to_spend:0"};
            spent.push_back(TxOut{0, challenge});
        } else if (funding && txin.prev_index < funding->outputs.size()) {
            spent.push_back(funding->outputs[txin.prev_index]);
        } else if (input.witness_utxo && !input.non_witness_utxo) {
            spent.push_back(*input.witness_utxo);
        } else {
            return Error{"PSBT input " + std::to_string(i) + " does not say which output it spends"};
        }
        if (input.final_script_sig.empty() && input.final_witness.empty()) {
            return Error{"PSBT input " + std::to_string(i) + " is not finalized"};
        }
        txin.script_sig = std::move(input.final_script_sig);
        txin.witness = std::move(input.final_witness);
    }
    return tx;
}

}  // namespace porwatch::proof::detail
