// OKX's Merkle-era node format, shared by the tree and the user files: amounts and balances
// as text, a balances object, and a parent's rounded sums and hash (okx.hpp has the formulas).
#include "okx_node.hpp"

#include <algorithm>
#include <array>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/util/hex.hpp"

namespace porwatch::liabilities {
namespace okx_node {

using detail::at;

Error fail(LiabilityError code, const std::string& file, std::size_t line, const std::string& what)
{
    return Error{code, at(file, line) + what};
}

const Units kRoundUnit = boost::multiprecision::pow(Units(10), kOkxScale - kOkxDecimals);

namespace {

Units round_down_8(const Units& value)
{
    return value - value % kRoundUnit;
}

}  // namespace

std::string sha256_hex(std::string_view text)
{
    return to_hex(crypto::sha256(crypto::as_bytes(text)));
}

bool is_lower_hash(std::string_view text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_zero(const OkxBalances& b)
{
    return std::all_of(b.begin(), b.end(), [](const Units& u) { return u == 0; });
}

std::string describe(const OkxBalances& b)
{
    std::string text;
    for (std::size_t i = 0; i < kOkxCoins.size(); ++i) {
        text += (i ? ", " : "") + std::string(kOkxCoins[i]) + " " + okx_amount_text(b[i]);
    }
    return text;
}

Result<OkxBalances> parse_balances(const JsonValue& value, const std::string& file, std::size_t line)
{
    if (!value.is_object()) return fail(LiabilityError::malformed, file, line, "balances must be an object");
    OkxBalances out{};
    std::array<bool, 3> seen{};
    for (const auto& [coin, amount] : value.members) {
        const auto it = std::find(kOkxCoins.begin(), kOkxCoins.end(), coin);
        if (it == kOkxCoins.end()) {
            return fail(LiabilityError::malformed, file, line,
                        "unexpected coin '" + coin + "' (OKX's Merkle-era tree hashes exactly BTC, ETH and USDT)");
        }
        const auto i = static_cast<std::size_t>(it - kOkxCoins.begin());
        if (seen[i]) return fail(LiabilityError::malformed, file, line, "coin " + coin + " given twice");
        seen[i] = true;
        if (!amount.is_string()) return fail(LiabilityError::malformed, file, line, coin + " must be a decimal string");
        auto parsed = parse_published_decimal(amount.text, kOkxScale);
        if (!parsed) {
            return fail(LiabilityError::malformed, file, line,
                        coin + " '" + amount.text + "': " + parsed.error().message);
        }
        out[i] = *parsed;
    }
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (!seen[i]) return fail(LiabilityError::malformed, file, line, "balances lack " + std::string(kOkxCoins[i]));
    }
    return out;
}

std::pair<OkxBalances, std::string> combine(const std::string& left_hash, const OkxBalances& left,
                                            const std::string& right_hash, const OkxBalances& right,
                                            unsigned parent_height)
{
    OkxBalances sums{};
    std::string text = left_hash + right_hash;
    for (std::size_t i = 0; i < sums.size(); ++i) {
        sums[i] = round_down_8(left[i] + right[i]);
        text += okx_amount_text(sums[i]);
    }
    text += std::to_string(parent_height);
    return {sums, sha256_hex(text)};
}

Result<std::string> string_member(const JsonValue& object, std::string_view key, const std::string& file)
{
    const JsonValue* v = object.find(key);
    if (!v || !v->is_string()) {
        return fail(LiabilityError::malformed, file, object.line, "'" + std::string(key) + "' must be a string");
    }
    return v->text;
}

}  // namespace okx_node

std::string okx_amount_text(const Units& amount)
{
    std::string text = format_decimal(amount, kOkxScale);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

std::string okx_balances_text(const OkxBalances& balances)
{
    std::string text = "{";
    for (std::size_t i = 0; i < kOkxCoins.size(); ++i) {
        text += (i ? ",\"" : "\"") + std::string(kOkxCoins[i]) + "\":\"" + okx_amount_text(balances[i]) + "\"";
    }
    return text + "}";
}

}  // namespace porwatch::liabilities
