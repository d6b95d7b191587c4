// BitMEX's liabilities tree: the real README samples recompute exactly as SOURCE.txt says, and
// every kind of damage is rejected with the line named.
#include <doctest/doctest.h>

#include "porwatch/liabilities/bitmex.hpp"
#include "porwatch/util/hex.hpp"
#include "test_liabilities_support.hpp"

using namespace porwatch;
using namespace porwatch::liabilities;
using porwatch::test::joined;
using porwatch::test::liabilities_sample;
using porwatch::test::location;
using porwatch::test::replaced;
using porwatch::test::text_lines;

namespace {

const std::string kTree = "bitmex/bitmex_pol_example_h100_tree.txt";
const std::string kReadmeTree = "bitmex/bitmex_pol_example_h100_tree_current_readme.txt";
const std::string kNonces = "bitmex/bitmex_pol_example_h100_nonces.txt";

std::string error_of(const std::string& text)
{
    auto tree = parse_bitmex_tree(text, "tree.txt");
    REQUIRE_FALSE(tree.ok());
    return tree.error().message;
}

}  // namespace

TEST_SUITE("liabilities")
{
    TEST_CASE("liabilities::parse_bitmex_tree recomputes the h100 sample to root 85b0a839…, 4 000 004 000 sat")
    {
        auto tree = parse_bitmex_tree(liabilities_sample(kTree), "tree.txt");
        REQUIRE(tree.ok());
        CHECK(tree->block_height == 100);
        CHECK(tree->nodes.size() == 15);
        CHECK(tree->leaf_count == 8);
        const Liabilities l = bitmex_liabilities(*tree, "btc");
        CHECK(l.root == "85b0a83970a74a6ad0ee5d4bec5d3afe0048d18b8342e31e2d3a45e0f17879c7");
        CHECK(l.height == std::optional<std::uint64_t>(100));
        REQUIRE(l.assets.size() == 1);
        CHECK(l.assets[0].asset == "BTC");
        CHECK(l.assets[0].decimals == 8);
        CHECK(l.assets[0].net == Units(4000004000ULL));
        CHECK(l.checked.find("all 7 parents of 8 leaves") != std::string::npos);
    }

    TEST_CASE("liabilities::parse_bitmex_tree accepts the current README's tree: another run, root ceb08dfd…")
    {
        auto tree = parse_bitmex_tree(liabilities_sample(kReadmeTree), "readme.txt");
        REQUIRE(tree.ok());
        const Liabilities l = bitmex_liabilities(*tree, "BTC");
        CHECK(l.root == "ceb08dfd693430ece544df853a989684056c0800088d61bfcc38c0d16cc1e1c7");
        CHECK(l.assets[0].net == Units(4000004000ULL));
    }

    TEST_CASE("liabilities::find_account_leaves finds each README account's leaves and sums them")
    {
        auto tree = parse_bitmex_tree(liabilities_sample(kTree), "tree.txt");
        REQUIRE(tree.ok());
        auto nonces = parse_bitmex_nonces(liabilities_sample(kNonces), "nonces.txt");
        REQUIRE(nonces.ok());
        REQUIRE(nonces->size() == 5);
        std::map<std::uint64_t, AccountLeaves> by_account;
        for (const auto& [account, nonce] : *nonces) by_account[account] = find_account_leaves(*tree, account, nonce);
        CHECK(by_account[1].leaf_indices == std::vector<std::size_t>{1, 4});
        CHECK(by_account[1].total == 1000);
        CHECK(to_hex(by_account[1].sub_nonce).substr(0, 8) == "64bce760");
        CHECK(by_account[2].leaf_indices == std::vector<std::size_t>{3, 5});
        CHECK(by_account[2].total == 3000);
        CHECK(to_hex(by_account[2].sub_nonce).substr(0, 8) == "42abd92d");
        CHECK(by_account[2].lines == std::vector<std::size_t>{12, 14});
        CHECK(by_account[3].leaf_indices.empty());
        CHECK(by_account[4].leaf_indices == std::vector<std::size_t>{0, 6, 7});
        CHECK(by_account[4].total == 4000000000ULL);
        CHECK(by_account[5].leaf_indices == std::vector<std::size_t>{2});
        CHECK(by_account[5].total == 0);
        // The current README's tree is from another run: account 2 has no leaf in it.
        auto other = parse_bitmex_tree(liabilities_sample(kReadmeTree), "readme.txt");
        REQUIRE(other.ok());
        for (const auto& [account, nonce] : *nonces)
            CHECK(find_account_leaves(*other, account, nonce).leaf_indices.empty());
    }

    TEST_CASE("liabilities::parse_bitmex_tree names the line of a flipped digit, a changed value, a missing node, a "
              "reordered level")
    {
        const std::string sample = liabilities_sample(kTree);
        auto lines = text_lines(sample);
        // Node i (breadth first) is on line i + 2: the root on line 2, the leaves on lines 9 to 16.
        SUBCASE("a flipped digit in a leaf's digest: its parent (line 5) no longer recomputes")
        {
            auto damaged = lines;
            damaged[9][0] = damaged[9][0] == 'a' ? 'b' : 'a';  // line 10: leaf 1 (child of node 3, line 5)
            const std::string message = error_of(joined(damaged));
            CHECK(location(message) == "tree.txt:5: ");
            CHECK(message.find("digest") != std::string::npos);
            CHECK(message.find("children on lines 9 and 10") != std::string::npos);
        }
        SUBCASE("a flipped digit in the root")
        {
            auto damaged = lines;
            damaged[1][5] = damaged[1][5] == '0' ? '1' : '0';
            CHECK(location(error_of(joined(damaged))) == "tree.txt:2: ");
        }
        SUBCASE("a changed value: the parent's sum no longer holds")
        {
            const std::string damaged = replaced(sample, ",1706\n", ",1707\n");  // leaf 5, line 14
            const std::string message = error_of(damaged);
            CHECK(location(message) == "tree.txt:7: ");
            CHECK(message.find("is not the sum of its children's 333 + 1707") != std::string::npos);
        }
        SUBCASE("a changed value with the sums patched all the way up: the digests catch it")
        {
            std::string damaged = replaced(sample, ",1706\n", ",1707\n");
            damaged = replaced(damaged, ",2039\n", ",2040\n");
            damaged = replaced(damaged, ",3036392007\n", ",3036392008\n");
            damaged = replaced(damaged, ",4000004000\n", ",4000004001\n");
            CHECK(location(error_of(damaged)) == "tree.txt:7: ");
        }
        SUBCASE("a missing node")
        {
            auto damaged = lines;
            damaged.erase(damaged.begin() + 12);
            const std::string message = error_of(joined(damaged));
            CHECK(location(message) == "tree.txt:15: ");
            CHECK(message.find("14 nodes") != std::string::npos);
            CHECK(message.find("missing or extra") != std::string::npos);
        }
        SUBCASE("a reordered level: two leaves swapped")
        {
            auto damaged = lines;
            std::swap(damaged[9], damaged[10]);
            CHECK(location(error_of(joined(damaged))) == "tree.txt:5: ");
        }
        SUBCASE("a reordered level: the two halves of level 2 swapped")
        {
            auto damaged = lines;
            std::swap(damaged[2], damaged[3]);
            CHECK(location(error_of(joined(damaged))) == "tree.txt:3: ");
        }
        SUBCASE("malformed lines")
        {
            CHECK(error_of("height:100\n") == "tree.txt:1: expected 'block_height:N' (a BitMEX liabilities tree)");
            CHECK(location(error_of(replaced(sample, "block_height:100", "block_height:1e2"))) == "tree.txt:1: ");
            CHECK(location(error_of(replaced(sample, ",963610032\n", ",-963610032\n"))) == "tree.txt:9: ");
            CHECK(location(error_of(replaced(sample, ",963610032\n", ",963610032,1\n"))) == "tree.txt:9: ");
            CHECK(location(error_of(replaced(sample, "69c492be", "69c492b"))) == "tree.txt:9: ");
        }
        SUBCASE("values past 2^64 − 1")
        {
            const std::string message = error_of(replaced(sample, ",963610032\n", ",18446744073709551616\n"));
            CHECK(location(message) == "tree.txt:9: ");
            const std::string two = "block_height:1\n" + std::string(64, '0') + ",0\n" + std::string(64, '1') +
                                    ",18446744073709551615\n" + std::string(64, '2') + ",1\n";
            const auto overflow = parse_bitmex_tree(two, "tree.txt");
            REQUIRE_FALSE(overflow.ok());
            CHECK(overflow.error().is(LiabilityError::overflow));
            CHECK(location(overflow.error().message) == "tree.txt:2: ");
        }
    }

    TEST_CASE("liabilities::parse_bitmex_nonces rejects a line that is not account,nonce")
    {
        CHECK(parse_bitmex_nonces("1,zz\n", "n.txt").error().message.rfind("n.txt:1: ", 0) == 0);
        CHECK(parse_bitmex_nonces("\n", "n.txt").error().message.rfind("n.txt:1: ", 0) == 0);
        CHECK(parse_bitmex_nonces("7," + std::string(64, 'a') + "\n", "n.txt")->front().first == 7);
    }
}
