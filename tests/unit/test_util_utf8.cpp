// UTF-8 validity per Unicode table 3-7, and the U+FFFD replacement of ill-formed subparts.
#include <doctest/doctest.h>

#include "porwatch/util/utf8.hpp"

using namespace porwatch;

TEST_SUITE("util")
{
TEST_CASE("util::first_invalid_utf8 accepts well-formed text and finds the first bad byte")
{
    for (const char* ok : {"", "plain ascii", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEF\xBF\xBD",
                           "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "King will be back! \xE2\x9C\x93"}) {
        CAPTURE(ok);
        CHECK(is_valid_utf8(ok));
    }
    struct Bad { std::string text; std::size_t offset; };
    for (const auto& [text, offset] : {
             Bad{"ab\xFF", 2},                  // never a lead byte
             Bad{"\x80", 0},                    // stray continuation
             Bad{"\xC0\xAF", 0},                // overlong '/'
             Bad{"\xC1\xBF", 0},                // overlong
             Bad{"\xE0\x80\xAF", 0},            // overlong 3-byte
             Bad{"\xED\xA0\x80", 0},            // UTF-16 surrogate U+D800
             Bad{"\xF0\x8F\xBF\xBF", 0},        // overlong 4-byte
             Bad{"\xF4\x90\x80\x80", 0},        // above U+10FFFF
             Bad{"\xF5\x80\x80\x80", 0},        // above U+10FFFF
             Bad{"x\xE2\x9C", 1},               // truncated at the end
             Bad{"\xC3(", 0},                   // continuation missing
         }) {
        CAPTURE(text);
        REQUIRE(first_invalid_utf8(text));
        CHECK(*first_invalid_utf8(text) == offset);
    }
}

TEST_CASE("util::sanitize_utf8 replaces each maximal ill-formed subpart with U+FFFD")
{
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(sanitize_utf8("valid \xE2\x9C\x93") == "valid \xE2\x9C\x93");
    CHECK(sanitize_utf8("a\xFF" "b") == "a" + fffd + "b");
    CHECK(sanitize_utf8("\xE2\x9C(") == fffd + "(");             // a truncated sequence is one subpart
    CHECK(sanitize_utf8("\xF0\x90\x80") == fffd);
    CHECK(sanitize_utf8("\xC0\xAF") == fffd + fffd);              // C0 never starts a sequence
    CHECK(is_valid_utf8(sanitize_utf8("\xED\xA0\x80\x80\xFE\xFF")));
}
}
