// snapshot::detail::TextIndex: the open-addressing index of address texts the plan and the
// assembler use instead of maps of strings.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../../src/snapshot/text_index.hpp"

using porwatch::snapshot::detail::TextIndex;

TEST_SUITE("snapshot")
{
    TEST_CASE("snapshot::TextIndex keeps the first index of each text, across growth")
    {
        std::vector<std::string> texts;
        TextIndex index;
        const auto text_of = [&texts](std::size_t i) -> const std::string& { return texts[i]; };
        CHECK_FALSE(index.find("a", text_of));
        // 1000 distinct texts, each added twice: the second add finds the first index.
        for (int i = 0; i < 1000; ++i) {
            const std::string text = "0x" + std::to_string(i * 7919);
            const auto [at, fresh] = index.find_or_add(text, texts.size(), text_of);
            CHECK(fresh);
            CHECK(at == texts.size());
            texts.push_back(text);
        }
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const auto [at, fresh] = index.find_or_add(texts[i], 12345, text_of);
            CHECK_FALSE(fresh);
            CHECK(at == i);
            CHECK(index.find(texts[i], text_of) == i);
        }
        CHECK_FALSE(index.find("0x1", text_of));
        CHECK_FALSE(index.find("", text_of));
    }
}
