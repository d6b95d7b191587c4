#include "tx.hpp"

#include "codec.hpp"
#include "porwatch/crypto/hash.hpp"

namespace porwatch::proof::detail {

bool Tx::has_witness() const
{
    for (const auto& input : inputs) {
        if (!input.witness.empty()) return true;
    }
    return false;
}

namespace {

void write_input_base(Bytes& out, const TxIn& input)
{
    out.insert(out.end(), input.prev_txid.begin(), input.prev_txid.end());
    write_le32(out, input.prev_index);
    write_varbytes(out, input.script_sig);
    write_le32(out, input.sequence);
}

void write_output(Bytes& out, const TxOut& output)
{
    write_le64(out, static_cast<std::uint64_t>(output.value));
    write_varbytes(out, output.script_pubkey);
}

std::optional<std::vector<Bytes>> read_stack(ByteReader& reader)
{
    const auto count = reader.compact_size();
    if (!count || *count > 10000) return std::nullopt;
    std::vector<Bytes> items;
    for (std::uint64_t i = 0; i < *count; ++i) {
        auto item = reader.varbytes();
        if (!item) return std::nullopt;
        items.push_back(std::move(*item));
    }
    return items;
}

}  // namespace

Bytes serialize(const Tx& tx, WithWitness witness)
{
    const bool segwit = witness == WithWitness::yes && tx.has_witness();
    Bytes out;
    write_le32(out, static_cast<std::uint32_t>(tx.version));
    if (segwit) {
        out.push_back(0x00);
        out.push_back(0x01);
    }
    write_compact_size(out, tx.inputs.size());
    for (const auto& input : tx.inputs) write_input_base(out, input);
    write_compact_size(out, tx.outputs.size());
    for (const auto& output : tx.outputs) write_output(out, output);
    if (segwit) {
        for (const auto& input : tx.inputs) {
            write_compact_size(out, input.witness.size());
            for (const auto& item : input.witness) write_varbytes(out, item);
        }
    }
    write_le32(out, tx.lock_time);
    return out;
}

std::optional<Tx> deserialize_tx(ByteView data)
{
    ByteReader reader(data);
    Tx tx;
    const auto version = reader.le32();
    if (!version) return std::nullopt;
    tx.version = static_cast<std::int32_t>(*version);
    bool segwit = false;
    if (reader.peek() == 0x00) {
        reader.u8();
        if (reader.u8() != 0x01) return std::nullopt;
        segwit = true;
    }
    const auto input_count = reader.compact_size();
    if (!input_count || *input_count == 0 || *input_count > 10000) return std::nullopt;
    for (std::uint64_t i = 0; i < *input_count; ++i) {
        TxIn input;
        const auto txid_bytes = reader.bytes(32);
        const auto index = reader.le32();
        auto script = reader.varbytes();
        const auto sequence = reader.le32();
        if (!txid_bytes || !index || !script || !sequence) return std::nullopt;
        std::copy(txid_bytes->begin(), txid_bytes->end(), input.prev_txid.begin());
        input.prev_index = *index;
        input.script_sig = std::move(*script);
        input.sequence = *sequence;
        tx.inputs.push_back(std::move(input));
    }
    const auto output_count = reader.compact_size();
    if (!output_count || *output_count > 10000) return std::nullopt;
    for (std::uint64_t i = 0; i < *output_count; ++i) {
        const auto value = reader.le64();
        auto script = reader.varbytes();
        if (!value || !script) return std::nullopt;
        tx.outputs.push_back(TxOut{static_cast<std::int64_t>(*value), std::move(*script)});
    }
    if (segwit) {
        for (auto& input : tx.inputs) {
            auto stack = read_stack(reader);
            if (!stack) return std::nullopt;
            input.witness = std::move(*stack);
        }
        if (!tx.has_witness()) return std::nullopt;  // a marker with no witness is invalid
    }
    const auto lock_time = reader.le32();
    if (!lock_time || !reader.at_end()) return std::nullopt;
    tx.lock_time = *lock_time;
    return tx;
}

std::vector<Bytes> parse_witness_stack(ByteView data, bool& ok)
{
    ByteReader reader(data);
    auto stack = read_stack(reader);
    ok = stack.has_value() && reader.at_end();
    return ok ? std::move(*stack) : std::vector<Bytes>{};
}

Hash256 txid(const Tx& tx)
{
    return crypto::double_sha256(serialize(tx, WithWitness::no));
}

Hash256 legacy_sighash(const Tx& tx, std::size_t index, ByteView script_code)
{
    // SIGHASH_ALL: every scriptSig blanked except this input's, which carries the script code.
    Tx copy = tx;
    for (std::size_t i = 0; i < copy.inputs.size(); ++i) {
        copy.inputs[i].script_sig = i == index ? Bytes(script_code.begin(), script_code.end()) : Bytes{};
        copy.inputs[i].witness.clear();
    }
    Bytes data = serialize(copy, WithWitness::no);
    write_le32(data, kSighashAll);
    return crypto::double_sha256(data);
}

Hash256 segwit_v0_sighash(const Tx& tx, std::size_t index, ByteView script_code, std::int64_t amount)
{
    Bytes prevouts;
    Bytes sequences;
    Bytes outputs;
    for (const auto& input : tx.inputs) {
        prevouts.insert(prevouts.end(), input.prev_txid.begin(), input.prev_txid.end());
        write_le32(prevouts, input.prev_index);
        write_le32(sequences, input.sequence);
    }
    for (const auto& output : tx.outputs) write_output(outputs, output);
    const TxIn& input = tx.inputs[index];
    Bytes data;
    write_le32(data, static_cast<std::uint32_t>(tx.version));
    const Hash256 hash_prevouts = crypto::double_sha256(prevouts);
    const Hash256 hash_sequence = crypto::double_sha256(sequences);
    const Hash256 hash_outputs = crypto::double_sha256(outputs);
    data.insert(data.end(), hash_prevouts.begin(), hash_prevouts.end());
    data.insert(data.end(), hash_sequence.begin(), hash_sequence.end());
    data.insert(data.end(), input.prev_txid.begin(), input.prev_txid.end());
    write_le32(data, input.prev_index);
    write_varbytes(data, script_code);
    write_le64(data, static_cast<std::uint64_t>(amount));
    write_le32(data, input.sequence);
    data.insert(data.end(), hash_outputs.begin(), hash_outputs.end());
    write_le32(data, tx.lock_time);
    write_le32(data, kSighashAll);
    return crypto::double_sha256(data);
}

Hash256 taproot_sighash(const Tx& tx, std::size_t index, const SpentOutputs& spent, std::uint8_t hash_type,
                        const std::optional<Hash256>& leaf_hash)
{
    Bytes prevouts;
    Bytes amounts;
    Bytes scripts;
    Bytes sequences;
    Bytes outputs;
    for (std::size_t i = 0; i < tx.inputs.size(); ++i) {
        const TxIn& input = tx.inputs[i];
        prevouts.insert(prevouts.end(), input.prev_txid.begin(), input.prev_txid.end());
        write_le32(prevouts, input.prev_index);
        write_le64(amounts, static_cast<std::uint64_t>(spent[i].value));
        write_varbytes(scripts, spent[i].script_pubkey);
        write_le32(sequences, input.sequence);
    }
    for (const auto& output : tx.outputs) write_output(outputs, output);
    Bytes data;
    data.push_back(0x00);  // epoch
    data.push_back(hash_type);
    write_le32(data, static_cast<std::uint32_t>(tx.version));
    write_le32(data, tx.lock_time);
    for (const Bytes* part : {&prevouts, &amounts, &scripts, &sequences}) {
        const Hash256 digest = crypto::sha256(*part);
        data.insert(data.end(), digest.begin(), digest.end());
    }
    const Hash256 outputs_digest = crypto::sha256(outputs);
    data.insert(data.end(), outputs_digest.begin(), outputs_digest.end());
    data.push_back(leaf_hash ? 0x02 : 0x00);  // spend_type = ext_flag·2, no annex
    write_le32(data, static_cast<std::uint32_t>(index));
    if (leaf_hash) {
        data.insert(data.end(), leaf_hash->begin(), leaf_hash->end());
        data.push_back(0x00);  // key_version
        write_le32(data, 0xffffffffU);  // codesep_pos: no OP_CODESEPARATOR executed
    }
    return crypto::tagged_sha256("TapSighash", data);
}

}  // namespace porwatch::proof::detail
