// verify_input: the script-verification driver (scriptSig, scriptPubKey, P2SH, witness v0,
// taproot key and script path) on top of eval_script. Mirrors Bitcoin Core's VerifyScript
// with the BIP-322 flags, for the subset of scripts eval_script runs.
#include <algorithm>

#include "codec.hpp"
#include "porwatch/crypto/hash.hpp"
#include "script.hpp"
#include "secp.hpp"

namespace porwatch::proof::detail {
namespace {

Error fail(std::string message)
{
    return Error{std::move(message)};
}

bool is_push_only(ByteView script)
{
    for (std::size_t pos = 0; pos < script.size();) {
        const std::uint8_t opcode = script[pos++];
        if (opcode > 0x60) return false;
        std::size_t size = opcode <= 0x4b ? opcode : 0;
        const std::size_t width = opcode == 0x4c ? 1 : opcode == 0x4d ? 2 : opcode == 0x4e ? 4 : 0;
        if (script.size() - pos < width) return false;
        for (std::size_t i = 0; i < width; ++i) size |= std::size_t{script[pos + i]} << (8 * i);
        pos += width;
        if (script.size() - pos < size) return false;
        pos += size;
    }
    return true;
}

bool is_p2sh(ByteView spk)
{
    return spk.size() == 23 && spk[0] == 0xa9 && spk[1] == 0x14 && spk[22] == 0x87;
}

// A witness program: OP_n (0..16) followed by one 2..40-byte push and nothing else.
bool witness_program(ByteView spk, int& version, Bytes& program)
{
    if (spk.size() < 4 || spk.size() > 42) return false;
    if (spk[0] != 0x00 && (spk[0] < 0x51 || spk[0] > 0x60)) return false;
    if (static_cast<std::size_t>(spk[1]) + 2 != spk.size()) return false;
    version = spk[0] == 0 ? 0 : spk[0] - 0x50;
    program.assign(spk.begin() + 2, spk.end());
    return true;
}

Status require_clean_true(const Stack& stack)
{
    if (stack.size() != 1) return fail("stack not clean after execution (CLEANSTACK)");
    if (!cast_to_bool(stack.back())) return fail("invalid signature (script returned false)");
    return Ok{};
}

Hash256 tap_branch(const Hash256& a, const Hash256& b)
{
    Bytes data;
    const bool a_first = std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    const Hash256& first = a_first ? a : b;
    const Hash256& second = a_first ? b : a;
    data.insert(data.end(), first.begin(), first.end());
    data.insert(data.end(), second.begin(), second.end());
    return crypto::tagged_sha256("TapBranch", data);
}

Status verify_taproot(Stack witness, const Bytes& program, const Tx& tx, std::size_t index, const SpentOutputs& spent)
{
    if (witness.empty()) return fail("invalid signature (empty witness)");
    if (witness.size() >= 2 && !witness.back().empty() && witness.back()[0] == 0x50) {
        return fail("unsupported witness script (taproot annex)");
    }
    if (witness.size() == 1) {
        const Bytes& sig = witness[0];
        if (sig.size() != 64 && !(sig.size() == 65 && sig[64] == kSighashAll)) {
            return fail("unsupported sighash type or bad signature size (BIP-322 requires DEFAULT or ALL)");
        }
        const std::uint8_t type = sig.size() == 65 ? kSighashAll : kSighashDefault;
        const Hash256 digest = taproot_sighash(tx, index, spent, type, std::nullopt);
        if (!schnorr_verify(program, ByteView(sig).first(64), digest)) return fail("invalid signature");
        return Ok{};
    }
    const Bytes control = witness.back();
    witness.pop_back();
    const Bytes script = witness.back();
    witness.pop_back();
    if (control.size() < 33 || (control.size() - 33) % 32 != 0 || control.size() > 33 + 128 * 32) {
        return fail("invalid taproot control block");
    }
    if ((control[0] & 0xfe) != 0xc0) return fail("unsupported witness script (unknown tapleaf version)");
    Bytes leaf_data{0xc0};
    write_varbytes(leaf_data, script);
    Hash256 node = crypto::tagged_sha256("TapLeaf", leaf_data);
    const Hash256 leaf = node;
    for (std::size_t offset = 33; offset < control.size(); offset += 32) {
        Hash256 sibling{};
        std::copy_n(control.begin() + static_cast<std::ptrdiff_t>(offset), 32, sibling.begin());
        node = tap_branch(node, sibling);
    }
    const ByteView internal = ByteView(control).subspan(1, 32);
    Bytes tweak_data(64);
    std::copy(internal.begin(), internal.end(), tweak_data.begin());
    std::copy(node.begin(), node.end(), tweak_data.begin() + 32);
    const Hash256 tweak = crypto::tagged_sha256("TapTweak", tweak_data);
    if (!taproot_tweak_check(program, control[0] & 1, internal, tweak)) {
        return fail("taproot commitment does not match the output key");
    }
    const SpendContext context{tx, index, spent, leaf};
    if (auto status = eval_script(witness, script, SigVersion::tapscript, context); !status) return status;
    return require_clean_true(witness);
}

Status verify_witness_program(const Stack& witness, int version, const Bytes& program, bool wrapped, const Tx& tx,
                              std::size_t index, const SpentOutputs& spent)
{
    const SpendContext context{tx, index, spent, std::nullopt};
    if (version == 0 && program.size() == 20) {
        if (witness.size() != 2) return fail("invalid signature (P2WPKH witness must have 2 items)");
        // The P2PKH-style script code BIP-143 prescribes for P2WPKH.
        Bytes script(25);
        script[0] = 0x76;
        script[1] = 0xa9;
        script[2] = 0x14;
        std::copy(program.begin(), program.end(), script.begin() + 3);
        script[23] = 0x88;
        script[24] = 0xac;
        Stack stack = witness;
        if (auto status = eval_script(stack, script, SigVersion::witness_v0, context); !status) return status;
        return require_clean_true(stack);
    }
    if (version == 0 && program.size() == 32) {
        if (witness.empty()) return fail("invalid signature (empty witness)");
        Stack stack(witness.begin(), witness.end() - 1);
        const Bytes& script = witness.back();
        const Hash256 digest = crypto::sha256(script);
        if (!std::equal(digest.begin(), digest.end(), program.begin(), program.end())) {
            return fail("witness script does not hash to the address");
        }
        if (auto status = eval_script(stack, script, SigVersion::witness_v0, context); !status) return status;
        return require_clean_true(stack);
    }
    if (version == 0) return fail("invalid witness program length");
    if (version == 1 && program.size() == 32 && !wrapped) return verify_taproot(witness, program, tx, index, spent);
    return fail("unsupported witness version " + std::to_string(version));
}

}  // namespace

Status verify_input(const Tx& tx, std::size_t index, const SpentOutputs& spent)
{
    const TxIn& input = tx.inputs[index];
    const Bytes& spk = spent[index].script_pubkey;
    if (!is_push_only(input.script_sig)) return fail("scriptSig is not push-only");
    const SpendContext context{tx, index, spent, std::nullopt};
    Stack stack;
    if (auto status = eval_script(stack, input.script_sig, SigVersion::base, context); !status) return status;
    const Stack after_sig = stack;
    int version = 0;
    Bytes program;
    if (witness_program(spk, version, program)) {
        if (!input.script_sig.empty()) return fail("scriptSig must be empty for a native segwit output");
        return verify_witness_program(input.witness, version, program, /*wrapped=*/false, tx, index, spent);
    }
    if (auto status = eval_script(stack, spk, SigVersion::base, context); !status) return status;
    if (stack.empty() || !cast_to_bool(stack.back())) return fail("invalid signature");
    if (is_p2sh(spk)) {
        stack = after_sig;
        if (stack.empty()) return fail("P2SH spend without a redeem script");
        const Bytes redeem = stack.back();
        stack.pop_back();
        if (witness_program(redeem, version, program)) {
            // The scriptSig must be exactly the push of the redeem script.
            if (after_sig.size() != 1) return fail("scriptSig of P2SH-wrapped segwit must only push the program");
            return verify_witness_program(input.witness, version, program, /*wrapped=*/true, tx, index, spent);
        }
        if (auto status = eval_script(stack, redeem, SigVersion::base, context); !status) return status;
    }
    if (!input.witness.empty()) return fail("unexpected witness for a non-segwit output");
    return require_clean_true(stack);
}

}  // namespace porwatch::proof::detail
