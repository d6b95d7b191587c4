#include "script.hpp"

#include <algorithm>
#include <string>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/util/hex.hpp"
#include "secp.hpp"

namespace porwatch::proof::detail {
namespace {

enum Opcode : std::uint8_t {
    OP_0 = 0x00,
    OP_PUSHDATA1 = 0x4c,
    OP_PUSHDATA2 = 0x4d,
    OP_PUSHDATA4 = 0x4e,
    OP_1NEGATE = 0x4f,
    OP_1 = 0x51,
    OP_16 = 0x60,
    OP_NOP = 0x61,
    OP_IF = 0x63,
    OP_NOTIF = 0x64,
    OP_ELSE = 0x67,
    OP_ENDIF = 0x68,
    OP_VERIFY = 0x69,
    OP_DROP = 0x75,
    OP_DUP = 0x76,
    OP_EQUAL = 0x87,
    OP_EQUALVERIFY = 0x88,
    OP_SHA256 = 0xa8,
    OP_HASH160 = 0xa9,
    OP_CHECKSIG = 0xac,
    OP_CHECKSIGVERIFY = 0xad,
    OP_CHECKMULTISIG = 0xae,
    OP_CHECKMULTISIGVERIFY = 0xaf,
    OP_CLTV = 0xb1,
    OP_CSV = 0xb2,
    OP_CHECKSIGADD = 0xba,
};

Error fail(std::string message)
{
    return Error{std::move(message)};
}

// Read one opcode and its push data at `pos`. False on a truncated push.
bool get_op(ByteView script, std::size_t& pos, std::uint8_t& opcode, Bytes& data)
{
    data.clear();
    if (pos >= script.size()) return false;
    opcode = script[pos++];
    if (opcode > OP_PUSHDATA4) return true;
    std::size_t size = opcode;
    std::size_t width = opcode == OP_PUSHDATA1 ? 1 : opcode == OP_PUSHDATA2 ? 2 : opcode == OP_PUSHDATA4 ? 4 : 0;
    if (width > 0) {
        if (script.size() - pos < width) return false;
        size = 0;
        for (std::size_t i = 0; i < width; ++i) size |= std::size_t{script[pos + i]} << (8 * i);
        pos += width;
    }
    if (script.size() - pos < size) return false;
    data.assign(script.begin() + static_cast<std::ptrdiff_t>(pos),
                script.begin() + static_cast<std::ptrdiff_t>(pos + size));
    pos += size;
    return true;
}

bool is_minimal_push(const Bytes& data, std::uint8_t opcode)
{
    if (data.empty()) return opcode == OP_0;
    if (data.size() == 1 && data[0] >= 1 && data[0] <= 16) return false;  // use OP_1..OP_16
    if (data.size() == 1 && data[0] == 0x81) return false;  // use OP_1NEGATE
    if (data.size() <= 75) return opcode == data.size();
    if (data.size() <= 255) return opcode == OP_PUSHDATA1;
    if (data.size() <= 65535) return opcode == OP_PUSHDATA2;
    return true;
}

// CScriptNum with MINIMALDATA; fails on non-minimal encodings or more than `max_size` bytes.
Result<std::int64_t> script_num(const Bytes& data, std::size_t max_size)
{
    if (data.size() > max_size) return fail("script number overflow");
    if (!data.empty() && (data.back() & 0x7f) == 0 && (data.size() <= 1 || (data[data.size() - 2] & 0x80) == 0)) {
        return fail("non-minimal script number");
    }
    std::int64_t value = 0;
    for (std::size_t i = 0; i < data.size(); ++i) value |= std::int64_t{data[i]} << (8 * i);
    if (!data.empty() && (data.back() & 0x80) != 0) {
        value &= ~(std::int64_t{0x80} << (8 * (data.size() - 1)));
        value = -value;
    }
    return value;
}

Bytes encode_num(std::int64_t value)
{
    Bytes out;
    if (value == 0) return out;
    const bool negative = value < 0;
    std::uint64_t abs = negative ? static_cast<std::uint64_t>(-value) : static_cast<std::uint64_t>(value);
    while (abs > 0) {
        out.push_back(static_cast<std::uint8_t>(abs & 0xff));
        abs >>= 8;
    }
    if ((out.back() & 0x80) != 0)
        out.push_back(negative ? 0x80 : 0x00);
    else if (negative)
        out.back() |= 0x80;
    return out;
}

// One signature check. Empty signature → false (no error); a non-empty failing signature
// is an error under NULLFAIL.
Result<bool> check_sig(const Bytes& sig, const Bytes& pubkey, ByteView script_code, SigVersion version,
                       const SpendContext& context)
{
    if (sig.empty()) return false;
    bool valid = false;
    if (version == SigVersion::tapscript) {
        if (pubkey.size() != 32) return fail("unsupported tapscript key type");
        if (sig.size() != 64 && !(sig.size() == 65 && sig[64] == kSighashAll)) {
            return fail("unsupported sighash type (BIP-322 requires SIGHASH_DEFAULT or SIGHASH_ALL)");
        }
        const std::uint8_t type = sig.size() == 65 ? kSighashAll : kSighashDefault;
        const Hash256 digest = taproot_sighash(context.tx, context.index, context.spent, type, context.leaf_hash);
        valid = schnorr_verify(pubkey, ByteView(sig).first(64), digest);
    } else {
        if (sig.back() != kSighashAll) return fail("unsupported sighash type (BIP-322 requires SIGHASH_ALL)");
        if (pubkey.size() == 33 ? (pubkey[0] != 2 && pubkey[0] != 3) : (pubkey.size() != 65 || pubkey[0] != 4)) {
            return fail("public key is not strictly encoded");
        }
        const Hash256 digest = version == SigVersion::base ? legacy_sighash(context.tx, context.index, script_code)
                                                           : segwit_v0_sighash(context.tx, context.index, script_code,
                                                                               context.spent[context.index].value);
        valid = ecdsa_verify_der(pubkey, ByteView(sig).first(sig.size() - 1), digest);
    }
    if (!valid) return fail("invalid signature");
    return true;
}

Status check_multisig(Stack& stack, ByteView script, SigVersion version, const SpendContext& context)
{
    if (version == SigVersion::tapscript) return fail("OP_CHECKMULTISIG is disabled in tapscript");
    auto pop_num = [&](std::int64_t limit) -> Result<std::int64_t> {
        if (stack.empty()) return fail("stack underflow");
        auto n = script_num(stack.back(), 4);
        stack.pop_back();
        if (!n) return n.error();
        if (*n < 0 || *n > limit) return fail("bad multisig count");
        return n;
    };
    auto key_count = pop_num(20);
    if (!key_count) return key_count.error();
    if (stack.size() < static_cast<std::size_t>(*key_count)) return fail("stack underflow");
    Stack keys(stack.end() - *key_count, stack.end());
    stack.resize(stack.size() - static_cast<std::size_t>(*key_count));
    auto sig_count = pop_num(*key_count);
    if (!sig_count) return sig_count.error();
    if (stack.size() < static_cast<std::size_t>(*sig_count) + 1) return fail("stack underflow");
    Stack sigs(stack.end() - *sig_count, stack.end());
    stack.resize(stack.size() - static_cast<std::size_t>(*sig_count));
    if (!stack.back().empty()) return fail("multisig dummy element is not empty (NULLDUMMY)");
    stack.pop_back();
    // Keys and signatures are matched in order, as consensus does.
    std::size_t key = 0;
    bool success = true;
    for (std::size_t s = 0; s < sigs.size() && success;) {
        if (sigs.size() - s > keys.size() - key) {
            success = false;
            break;
        }
        auto ok = check_sig(sigs[s], keys[key], script, version, context);
        // A non-matching key is expected while scanning; only an empty signature is "false".
        if (ok && *ok)
            ++s;
        else if (!ok && ok.error().message != "invalid signature")
            return ok.error();
        else if (sigs[s].empty())
            success = false;
        ++key;
    }
    if (!success) {
        for (const auto& sig : sigs) {
            if (!sig.empty()) return fail("invalid signature");  // NULLFAIL
        }
    }
    stack.push_back(success ? Bytes{1} : Bytes{});
    return Ok{};
}

}  // namespace

bool cast_to_bool(const Bytes& value)
{
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != 0) return !(i == value.size() - 1 && value[i] == 0x80);
    }
    return false;
}

Status eval_script(Stack& stack, ByteView script, SigVersion version, const SpendContext& context)
{
    std::vector<bool> exec;  // OP_IF nesting; all true = executing
    std::size_t pos = 0;
    std::uint8_t opcode = 0;
    Bytes data;
    auto executing = [&] { return std::find(exec.begin(), exec.end(), false) == exec.end(); };
    auto need = [&](std::size_t n) { return stack.size() >= n; };
    while (pos < script.size()) {
        if (!get_op(script, pos, opcode, data)) return fail("truncated script push");
        const bool run = executing();
        if (opcode <= OP_PUSHDATA4) {
            if (!run) continue;
            if (!is_minimal_push(data, opcode)) return fail("non-minimal push (MINIMALDATA)");
            stack.push_back(data);
            continue;
        }
        if (opcode == OP_IF || opcode == OP_NOTIF) {
            bool value = false;
            if (run) {
                if (!need(1)) return fail("OP_IF without a condition");
                const Bytes& top = stack.back();
                if (version != SigVersion::base && !(top.empty() || (top.size() == 1 && top[0] == 1))) {
                    return fail("OP_IF argument is not minimal (MINIMALIF)");
                }
                value = cast_to_bool(top) == (opcode == OP_IF);
                stack.pop_back();
            }
            exec.push_back(value);
            continue;
        }
        if (opcode == OP_ELSE || opcode == OP_ENDIF) {
            if (exec.empty()) return fail("unbalanced conditional");
            if (opcode == OP_ELSE)
                exec.back() = !exec.back();
            else
                exec.pop_back();
            continue;
        }
        const bool known = opcode == OP_1NEGATE || (opcode >= OP_1 && opcode <= OP_16) || opcode == OP_NOP ||
                           opcode == OP_VERIFY || opcode == OP_DROP || opcode == OP_DUP || opcode == OP_EQUAL ||
                           opcode == OP_EQUALVERIFY || opcode == OP_SHA256 || opcode == OP_HASH160 ||
                           (opcode >= OP_CHECKSIG && opcode <= OP_CHECKMULTISIGVERIFY) || opcode == OP_CLTV ||
                           opcode == OP_CSV || (opcode == OP_CHECKSIGADD && version == SigVersion::tapscript);
        if (!known) return fail("unsupported script opcode 0x" + to_hex(Bytes{opcode}));
        if (!run) continue;
        if (opcode == OP_1NEGATE || (opcode >= OP_1 && opcode <= OP_16)) {
            stack.push_back(encode_num(opcode == OP_1NEGATE ? -1 : opcode - OP_1 + 1));
        } else if (opcode == OP_NOP) {
        } else if (opcode == OP_VERIFY || opcode == OP_DROP) {
            if (!need(1)) return fail("stack underflow");
            const bool value = cast_to_bool(stack.back());
            stack.pop_back();
            if (opcode == OP_VERIFY && !value) return fail("OP_VERIFY failed");
        } else if (opcode == OP_DUP) {
            if (!need(1)) return fail("stack underflow");
            stack.push_back(stack.back());
        } else if (opcode == OP_EQUAL || opcode == OP_EQUALVERIFY) {
            if (!need(2)) return fail("stack underflow");
            const bool equal = stack[stack.size() - 1] == stack[stack.size() - 2];
            stack.resize(stack.size() - 2);
            if (opcode == OP_EQUALVERIFY && !equal) return fail("OP_EQUALVERIFY failed (wrong key or script)");
            if (opcode == OP_EQUAL) stack.push_back(equal ? Bytes{1} : Bytes{});
        } else if (opcode == OP_SHA256 || opcode == OP_HASH160) {
            if (!need(1)) return fail("stack underflow");
            Bytes digest;
            if (opcode == OP_SHA256) {
                const auto h = crypto::sha256(stack.back());
                digest.assign(h.begin(), h.end());
            } else {
                const auto h = crypto::hash160(stack.back());
                digest.assign(h.begin(), h.end());
            }
            stack.back() = std::move(digest);
        } else if (opcode == OP_CHECKSIG || opcode == OP_CHECKSIGVERIFY) {
            if (!need(2)) return fail("stack underflow");
            auto ok = check_sig(stack[stack.size() - 2], stack.back(), script, version, context);
            if (!ok) return ok.error();
            stack.resize(stack.size() - 2);
            if (opcode == OP_CHECKSIGVERIFY && !*ok) return fail("signature check failed");
            if (opcode == OP_CHECKSIG) stack.push_back(*ok ? Bytes{1} : Bytes{});
        } else if (opcode == OP_CHECKSIGADD) {
            if (!need(3)) return fail("stack underflow");
            auto n = script_num(stack[stack.size() - 2], 4);
            if (!n) return n.error();
            auto ok = check_sig(stack[stack.size() - 3], stack.back(), script, version, context);
            if (!ok) return ok.error();
            stack.resize(stack.size() - 3);
            stack.push_back(encode_num(*n + (*ok ? 1 : 0)));
        } else if (opcode == OP_CHECKMULTISIG || opcode == OP_CHECKMULTISIGVERIFY) {
            if (auto status = check_multisig(stack, script, version, context); !status) return status;
            if (opcode == OP_CHECKMULTISIGVERIFY) {
                const bool value = cast_to_bool(stack.back());
                stack.pop_back();
                if (!value) return fail("multisig check failed");
            }
        } else if (opcode == OP_CLTV || opcode == OP_CSV) {
            if (!need(1)) return fail("stack underflow");
            auto n = script_num(stack.back(), 5);
            if (!n) return n.error();
            if (*n < 0) return fail("negative lock time");
            const TxIn& input = context.tx.inputs[context.index];
            if (opcode == OP_CLTV) {
                const std::int64_t lock = context.tx.lock_time;
                if ((*n < 500000000) != (lock < 500000000) || *n > lock || input.sequence == 0xffffffffU) {
                    return fail("OP_CHECKLOCKTIMEVERIFY not satisfied");
                }
            } else if ((*n & (std::int64_t{1} << 31)) == 0) {
                constexpr std::uint32_t kDisable = 1U << 31;
                constexpr std::uint32_t kType = 1U << 22;
                constexpr std::uint32_t kMask = kType | 0xffffU;
                const auto wanted = static_cast<std::uint32_t>(*n) & kMask;
                const std::uint32_t have = input.sequence & kMask;
                if (context.tx.version < 2 || (input.sequence & kDisable) != 0 || (wanted & kType) != (have & kType) ||
                    wanted > have) {
                    return fail("OP_CHECKSEQUENCEVERIFY not satisfied");
                }
            }
        }
    }
    if (!exec.empty()) return fail("unbalanced conditional");
    return Ok{};
}

std::optional<MultisigScript> parse_multisig(ByteView script)
{
    std::size_t pos = 0;
    std::uint8_t opcode = 0;
    Bytes data;
    if (!get_op(script, pos, opcode, data) || opcode < OP_1 || opcode > OP_16) return std::nullopt;
    MultisigScript result;
    result.m = opcode - OP_1 + 1;
    while (get_op(script, pos, opcode, data) && (opcode == 33 || opcode == 65)) {
        result.keys.push_back(data);
    }
    const int n = opcode - OP_1 + 1;
    if (opcode < OP_1 || opcode > OP_16 || n != static_cast<int>(result.keys.size()) || n < result.m) {
        return std::nullopt;
    }
    if (!get_op(script, pos, opcode, data) || opcode != OP_CHECKMULTISIG || pos != script.size()) {
        return std::nullopt;
    }
    return result;
}

}  // namespace porwatch::proof::detail
