// OKX's Merkle-era files: the real v1 proof, v2 tree and v2 user file recompute exactly as
// SOURCE.txt says, and every kind of damage is rejected with the line (and entry) named.
#include <doctest/doctest.h>

#include "porwatch/liabilities/okx.hpp"
#include "test_liabilities_support.hpp"

using namespace porwatch;
using namespace porwatch::liabilities;
using porwatch::test::joined;
using porwatch::test::liabilities_sample;
using porwatch::test::location;
using porwatch::test::replaced;
using porwatch::test::text_lines;

namespace {

const std::string kTree = "okx/okx_v2_full-liabilities-merkle-tree.txt";
const std::string kProof = "okx/okx_v1_merkle_proof_file.json";
const std::string kUser = "okx/okx_v2_user_info_file.json";

Units coins(const std::string& text)
{
    return *parse_decimal(text, kOkxScale);
}

std::string tree_error(const std::string& text)
{
    auto tree = parse_okx_tree(text, "tree.txt");
    REQUIRE_FALSE(tree.ok());
    return tree.error().message;
}

std::string proof_error(const std::string& text)
{
    auto proof = parse_okx_proof(text, "proof.json");
    REQUIRE(proof.ok());
    auto check = verify_okx_proof(*proof, "proof.json");
    REQUIRE_FALSE(check.ok());
    return check.error().message;
}

}  // namespace

TEST_SUITE("liabilities")
{
    TEST_CASE("liabilities::okx_amount_text writes decimals as OKX hashes them")
    {
        CHECK(okx_amount_text(coins("0")) == "0");
        CHECK(okx_amount_text(coins("0.1")) == "0.1");
        CHECK(okx_amount_text(coins("1.50000000")) == "1.5");
        CHECK(okx_amount_text(coins("95088.55505656")) == "95088.55505656");
        CHECK(okx_balances_text({coins("0.00005"), coins("0"), coins("0")}) ==
              R"({"BTC":"0.00005","ETH":"0","USDT":"0"})");
    }

    TEST_CASE("liabilities::parse_okx_tree recomputes the v2 sample: 23 parents, root BTC 0.00005 / ETH 0.1 / USDT "
              "1.42045977")
    {
        auto tree = parse_okx_tree(liabilities_sample(kTree), "tree.txt");
        REQUIRE(tree.ok());
        REQUIRE(tree->levels.size() == 6);
        CHECK(tree->levels[0].size() == 22);  // 21 leaves and the padding copy
        CHECK(tree->levels[0].back().padding);
        CHECK(tree->levels[0].back().line == 26);
        CHECK(tree->levels[1].back().padding);
        CHECK(tree->levels[3].back().padding);
        CHECK_FALSE(tree->levels[2].back().padding);
        const Liabilities l = okx_liabilities(*tree);
        CHECK(l.format == Format::okx_merkle);
        CHECK(l.root == "9e98ebde32ef22ded88a5fb2d5e53d76ed57cb9c6b2c966f250721defe6ab041");
        CHECK(l.nodes == 47);
        CHECK_FALSE(l.height.has_value());
        REQUIRE(l.assets.size() == 3);
        CHECK(l.assets[0] == AssetLiability{"BTC", 8, Units(5000), std::nullopt, std::nullopt});
        CHECK(l.assets[1] == AssetLiability{"ETH", 8, Units(10000000), std::nullopt, std::nullopt});
        CHECK(l.assets[2] == AssetLiability{"USDT", 8, Units(142045977), std::nullopt, std::nullopt});
        CHECK(l.checked.find("all 23 parents of 21 leaves") != std::string::npos);
    }

    TEST_CASE("liabilities::parse_okx_tree names the line of a flipped digit, a changed value, a missing node, a "
              "reordered level")
    {
        const std::string sample = liabilities_sample(kTree);
        const auto lines = text_lines(sample);
        // Heights 6..1 are on lines 1, 2-3, 4-7, 8-13, 14-25, 26-47, each height right to left:
        // the leftmost leaf is line 47, and its parent line 25.
        SUBCASE("a flipped digit in the leftmost leaf's hash")
        {
            auto damaged = lines;
            damaged[46][0] = damaged[46][0] == 'b' ? 'c' : 'b';
            const std::string message = tree_error(joined(damaged));
            CHECK(location(message) == "tree.txt:25: ");
            CHECK(message.find("does not recompute") != std::string::npos);
            CHECK(message.find("children on lines 47 and 46") != std::string::npos);
        }
        SUBCASE("a changed leaf value")
        {
            const std::string message =
                tree_error(replaced(sample, R"("USDT":"0.00039661"})", R"("USDT":"0.00039662"})"));
            CHECK(location(message) == "tree.txt:25: ");
            CHECK(message.find("are not the rounded sums") != std::string::npos);
        }
        SUBCASE("a missing node")
        {
            auto damaged = lines;
            damaged.erase(damaged.begin() + 30);
            const std::string message = tree_error(joined(damaged));
            CHECK(location(message) == "tree.txt:26: ");
            CHECK(message.find("height 1 has 21 nodes") != std::string::npos);
        }
        SUBCASE("a level listed left to right instead of right to left")
        {
            auto damaged = lines;
            std::reverse(damaged.begin() + 7, damaged.begin() + 13);
            CHECK(location(tree_error(joined(damaged))) == "tree.txt:13: ");
        }
        SUBCASE("two heights in the wrong order")
        {
            auto damaged = lines;
            std::swap(damaged[1], damaged[3]);
            CHECK(location(tree_error(joined(damaged))) == "tree.txt:2: ");
        }
        SUBCASE("a padding copy that carries a balance")
        {
            auto damaged = lines;
            damaged[25] = replaced(damaged[25], R"("USDT":"0"})", R"("USDT":"1"})");
            const std::string message = tree_error(joined(damaged));
            CHECK(location(message) == "tree.txt:26: ");
            CHECK(message.find("padding copy") != std::string::npos);
        }
        SUBCASE("malformed lines")
        {
            CHECK(location(tree_error(replaced(sample, R"("ETH":"0.1")", R"("ETH":"-0.1")"))) == "tree.txt:1: ");
            CHECK(location(tree_error(replaced(sample, R"("ETH":"0.1")", R"("ETH":0.1)"))) == "tree.txt:1: ");
            CHECK(location(tree_error(replaced(sample, R"("ETH":"0.1")", R"("SOL":"0.1")"))) == "tree.txt:1: ");
            CHECK(location(tree_error(replaced(sample, R"("ETH":"0.1",)", ""))) == "tree.txt:1: ");
            CHECK(location(tree_error(replaced(sample, "9e98ebde", "9E98EBDE"))) == "tree.txt:1: ");
            CHECK(location(tree_error(replaced(sample, "ab041,6,", "ab041,x,"))) == "tree.txt:1: ");
            CHECK(location(tree_error(replaced(sample, R"(1.42045977"})", R"(1.42045977")"))) == "tree.txt:1: ");
        }
    }

    TEST_CASE("liabilities::verify_okx_proof walks the real v1 proof to root ac6b39d2…, height 24")
    {
        auto proof = parse_okx_proof(liabilities_sample(kProof), "proof.json");
        REQUIRE(proof.ok());
        CHECK(proof->audit_id == "499930592");
        CHECK(proof->path.size() == 24);
        auto check = verify_okx_proof(*proof, "proof.json");
        REQUIRE(check.ok());
        CHECK(check->root == "ac6b39d2a0aa8112bd1aadff5e7d4b5c2b91cd54d595262ba4367f5d2db4160d");
        CHECK(check->root_height == 24);
        CHECK(check->root_balances ==
              OkxBalances{coins("95088.55505656"), coins("939953.49090361"), coins("3137909428.88369702")});
        CHECK(check->self == OkxBalances{coins("1.000069"), coins("0.99908176"), coins("19398.33550812")});
        CHECK(check->sibling_leaf_checked);
    }

    TEST_CASE("liabilities::verify_okx_proof names the entry that does not hold")
    {
        const std::string sample = liabilities_sample(kProof);
        const std::string self_changed = proof_error(replaced(sample, R"("BTC":"1.000069")", R"("BTC":"1.000070")"));
        CHECK(self_changed.rfind("proof.json:1: self: your leaf does not recompute", 0) == 0);
        // The type-4 entry (path[21], height 22) is a copy of the node the walk reached: any change
        // below it is caught there; above it, at the root.
        const std::string hash_flipped = proof_error(replaced(sample, "4676f98efc", "4676f98efd"));
        CHECK(hash_flipped.rfind("proof.json:1: path[21]: a padding entry (type 4) must be a zero-balance copy", 0) ==
              0);
        const std::string top_flipped = proof_error(replaced(sample, "c65ebe8bcc", "c65ebe8bcd"));
        CHECK(top_flipped.rfind("proof.json:1: path[23]: the path reaches", 0) == 0);
        const std::string nonce_changed = proof_error(replaced(sample, "543f877d61", "543f877d62"));
        CHECK(nonce_changed.rfind("proof.json:1: path[0]: the sibling leaf does not recompute", 0) == 0);
        const std::string padding_dropped = proof_error(replaced(
            sample,
            R"({"auditId":"499930592","balances":{"BTC":"0","ETH":"0","USDT":"0"},"type":4,"hash":"f4cdc4f3fff948cda71f58209a7104a0581d600119b74d13a2b6baf86ceac558","height":22},)",
            ""));
        CHECK(padding_dropped.find("path[21]: sibling at height 23 where the path is at height 22") !=
              std::string::npos);
        const std::string padding_weighed = proof_error(replaced(sample, R"({"BTC":"0","ETH":"0","USDT":"0"},"type":4)",
                                                                 R"({"BTC":"0","ETH":"0","USDT":"1"},"type":4)"));
        CHECK(padding_weighed.find("path[21]: a padding entry (type 4)") != std::string::npos);
        const std::string sides_swapped =
            proof_error(replaced(sample, R"("type":2,"hash":"b489257f)", R"("type":1,"hash":"b489257f)"));
        CHECK(sides_swapped.find("path[21]: a padding entry (type 4)") != std::string::npos);
    }

    TEST_CASE("liabilities::verify_okx_user recomputes the v2 user file and finds both leaves on tree lines 40 and 34")
    {
        auto user = parse_okx_user_info(liabilities_sample(kUser), "user.json");
        REQUIRE(user.ok());
        auto tree = parse_okx_tree(liabilities_sample(kTree), "tree.txt");
        REQUIRE(tree.ok());
        auto check = verify_okx_user(*user, &*tree, "user.json");
        REQUIRE(check.ok());
        CHECK(check->tree_lines == std::vector<std::size_t>{40, 34});
        CHECK(check->all_in_tree);
        auto alone = verify_okx_user(*user, nullptr, "user.json");
        REQUIRE(alone.ok());
        CHECK_FALSE(alone->all_in_tree);

        const std::string sample = liabilities_sample(kUser);
        auto other_nonce = parse_okx_user_info(replaced(sample, "b6f6ea75", "b6f6ea76"), "user.json");
        REQUIRE(other_nonce.ok());
        CHECK(verify_okx_user(*other_nonce, &*tree, "user.json")
                  .error()
                  .message.rfind("user.json:1: the user hash does not recompute", 0) == 0);
        auto other_leaf = parse_okx_user_info(replaced(sample, "9efbc1a68c", "9efbc1a68d"), "user.json");
        REQUIRE(other_leaf.ok());
        CHECK(location(verify_okx_user(*other_leaf, &*tree, "user.json").error().message) == "user.json:4: ");
    }
}
