#include <doctest/doctest.h>

#include "porwatch/util/utf8.hpp"

using porwatch::clean_utf8;
using porwatch::first_invalid_utf8;
using porwatch::is_valid_utf8;
using porwatch::untrusted_text;
using porwatch::valid_utf8;

namespace {
const std::string kFffd = "\xEF\xBF\xBD";
}

TEST_SUITE("util")
{
    TEST_CASE("util::clean_utf8 keeps valid text and replaces ill-formed sequences and controls")
    {
        CHECK(clean_utf8("plain ascii").text == "plain ascii");
        CHECK(clean_utf8("plain ascii").replaced == 0);
        CHECK(clean_utf8("Gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x9A\x80").text ==
              "Gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x9A\x80");
        const auto nul_ff = clean_utf8(std::string("a\x00\xff"
                                                   "b",
                                                   4));
        CHECK(nul_ff.text == "a" + kFffd + kFffd + "b");
        CHECK(nul_ff.replaced == 2);
        CHECK(clean_utf8("\x1b[31mred").text == kFffd + "[31mred");  // terminal escapes
        CHECK(clean_utf8("line\nforged").text == "line" + kFffd + "forged");
        CHECK(clean_utf8("\x7f").text == kFffd);
        CHECK(clean_utf8("\xC2\x85").text == kFffd);  // C1 control NEL
        CHECK(clean_utf8("\xC0\xAF").text == kFffd + kFffd);  // overlong '/'
        CHECK(clean_utf8("\xED\xA0\x80").text == kFffd + kFffd + kFffd);  // a surrogate
        CHECK(clean_utf8("\xF4\x90\x80\x80").replaced == 4);  // above U+10FFFF
        CHECK(clean_utf8("\xE2\x82").text == kFffd);  // truncated: one subpart
        CHECK(clean_utf8("\xE2\x82x").text == kFffd + "x");
    }

    TEST_CASE("util::untrusted_text cuts at a character boundary and says when it replaced")
    {
        CHECK(untrusted_text("ok") == "ok");
        CHECK(untrusted_text(std::string("\x00\xff", 2)) ==
              kFffd + kFffd + " [2 invalid or control characters replaced]");
        CHECK(untrusted_text("\xE2\x82\xAC\xE2\x82\xAC", 4) == "\xE2\x82\xAC…");
    }

    TEST_CASE("util::first_invalid_utf8 accepts well-formed text and finds the first bad byte")
    {
        for (const char* ok :
             {"", "plain ascii", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEF\xBF\xBD",
              "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "King will be back! \xE2\x9C\x93"}) {
            CAPTURE(ok);
            CHECK(is_valid_utf8(ok));
        }
        struct Bad {
            std::string text;
            std::size_t offset;
        };
        for (const auto& [text, offset] : {
                 Bad{"ab\xFF", 2},  // never a lead byte
                 Bad{"\x80", 0},  // stray continuation
                 Bad{"\xC0\xAF", 0},  // overlong '/'
                 Bad{"\xC1\xBF", 0},  // overlong
                 Bad{"\xE0\x80\xAF", 0},  // overlong 3-byte
                 Bad{"\xED\xA0\x80", 0},  // UTF-16 surrogate U+D800
                 Bad{"\xF0\x8F\xBF\xBF", 0},  // overlong 4-byte
                 Bad{"\xF4\x90\x80\x80", 0},  // above U+10FFFF
                 Bad{"\xF5\x80\x80\x80", 0},  // above U+10FFFF
                 Bad{"x\xE2\x9C", 1},  // truncated at the end
                 Bad{"\xC3(", 0},  // continuation missing
             }) {
            const std::string_view bad_text = text;  // CAPTURE's lambda cannot name a structured binding (clang)
            CAPTURE(bad_text);
            REQUIRE(first_invalid_utf8(text));
            CHECK(*first_invalid_utf8(text) == offset);
        }
    }

    TEST_CASE("util::valid_utf8 replaces each maximal ill-formed subpart with U+FFFD")
    {
        const std::string fffd = "\xEF\xBF\xBD";
        CHECK(valid_utf8("valid \xE2\x9C\x93") == "valid \xE2\x9C\x93");
        CHECK(valid_utf8("a\xFF"
                         "b") == "a" + fffd + "b");
        CHECK(valid_utf8("\xE2\x9C(") == fffd + "(");  // a truncated sequence is one subpart
        CHECK(valid_utf8("\xF0\x90\x80") == fffd);
        CHECK(valid_utf8("\xC0\xAF") == fffd + fffd);  // C0 never starts a sequence
        CHECK(is_valid_utf8(valid_utf8("\xED\xA0\x80\x80\xFE\xFF")));
    }
}
