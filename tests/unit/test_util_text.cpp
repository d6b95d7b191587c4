#include <doctest/doctest.h>

#include "porwatch/util/text.hpp"

using namespace porwatch;
using Strings = std::vector<std::string>;
using Views = std::vector<std::string_view>;

TEST_CASE("join puts the separator between items only")
{
    CHECK(join({}, ",") == "");
    CHECK(join({"LTC"}, ",") == "LTC");
    CHECK(join({"LTC", "ETH", "USDT"}, ", ") == "LTC, ETH, USDT");
    CHECK(join({"", ""}, "\n") == "\n");
}

TEST_CASE("split keeps every piece, split_list is join's inverse")
{
    CHECK(split("", ':') == Views{""});
    CHECK(split("VALUE:95:verified", ':') == Views{"VALUE", "95", "verified"});
    CHECK(split("a::b:", ':') == Views{"a", "", "b", ""});
    CHECK(split_list("", ',').empty());
    CHECK(split_list("LTC", ',') == Strings{"LTC"});
    const Strings lines{"BTC: no source", "USDT: unpriced (stale)"};
    CHECK(split_list(join(lines, "\n"), '\n') == lines);
}
