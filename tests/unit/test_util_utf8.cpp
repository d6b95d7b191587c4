#include <doctest/doctest.h>

#include "porwatch/util/utf8.hpp"

using porwatch::clean_utf8;
using porwatch::untrusted_text;

namespace {
const std::string kFffd = "\xEF\xBF\xBD";
}

TEST_SUITE("util")
{
TEST_CASE("util::clean_utf8 keeps valid text and replaces ill-formed sequences and controls")
{
    CHECK(clean_utf8("plain ascii").text == "plain ascii");
    CHECK(clean_utf8("plain ascii").replaced == 0);
    CHECK(clean_utf8("Gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x9A\x80").text == "Gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x9A\x80");
    const auto nul_ff = clean_utf8(std::string("a\x00\xff" "b", 4));
    CHECK(nul_ff.text == "a" + kFffd + kFffd + "b");
    CHECK(nul_ff.replaced == 2);
    CHECK(clean_utf8("\x1b[31mred").text == kFffd + "[31mred");       // terminal escapes
    CHECK(clean_utf8("line\nforged").text == "line" + kFffd + "forged");
    CHECK(clean_utf8("\x7f").text == kFffd);
    CHECK(clean_utf8("\xC2\x85").text == kFffd);                       // C1 control NEL
    CHECK(clean_utf8("\xC0\xAF").text == kFffd + kFffd);               // overlong '/'
    CHECK(clean_utf8("\xED\xA0\x80").text == kFffd + kFffd + kFffd);   // a surrogate
    CHECK(clean_utf8("\xF4\x90\x80\x80").replaced == 4);               // above U+10FFFF
    CHECK(clean_utf8("\xE2\x82").text == kFffd);                       // truncated: one subpart
    CHECK(clean_utf8("\xE2\x82x").text == kFffd + "x");
}

TEST_CASE("util::untrusted_text cuts at a character boundary and says when it replaced")
{
    CHECK(untrusted_text("ok") == "ok");
    CHECK(untrusted_text(std::string("\x00\xff", 2)) == kFffd + kFffd + " [2 invalid or control characters replaced]");
    CHECK(untrusted_text("\xE2\x82\xAC\xE2\x82\xAC", 4) == "\xE2\x82\xAC…");
}
}
