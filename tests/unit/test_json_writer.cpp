// json::Writer: the one JSON writer. Output is valid JSON whatever the bytes given, members keep
// their order, absent optionals are null, exact digits stay exact.
#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <limits>

#include "porwatch/json/writer.hpp"

using namespace porwatch;

TEST_SUITE("json")
{
    TEST_CASE("json::Writer: members in order, integers of every width, optionals as null")
    {
        json::ObjectWriter w;
        w.member("s", "text")
            .member("i", -5)
            .member("u", std::numeric_limits<std::uint64_t>::max())
            .member("b", true)
            .member("none", std::optional<std::string>{})
            .member("some", std::optional<std::string>{"x"})
            .member("n", std::optional<unsigned>{7})
            .null_member("z")
            .strings_member("list", {"a", "b"});
        CHECK(w.finish() == R"({"s":"text","i":-5,"u":18446744073709551615,"b":true,"none":null,"some":"x","n":7,)"
                            R"("z":null,"list":["a","b"]})");
    }

    TEST_CASE("json::Writer: ill-formed UTF-8 and control characters still give valid JSON")
    {
        json::ObjectWriter w;
        w.member("bad\xff", std::string("a\xc3\x28z\x01\"\n", 7));
        const std::string text = w.finish();
        rapidjson::Document doc;
        doc.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
        REQUIRE_FALSE(doc.HasParseError());
        const auto& member = *doc.MemberBegin();
        CHECK(std::string(member.name.GetString()) == "bad\xef\xbf\xbd");  // U+FFFD
        CHECK(std::string(member.value.GetString(), member.value.GetStringLength()) ==
              std::string("a\xef\xbf\xbd(z\x01\"\n"));
        CHECK(text.find("\\u0001") != std::string::npos);
    }

    TEST_CASE("json::Writer: exact digits, raw values and nesting")
    {
        json::Writer w;
        w.begin_array()
            .number("115792089237316195423570985008687907853269984665640564039457584007913129639935")
            .raw(R"({"k":[1,2]})")
            .begin_object()
            .raw_member("r", "[]")
            .number_member("d", "-12")
            .end_object()
            .end_array();
        CHECK(w.str() ==
              R"([115792089237316195423570985008687907853269984665640564039457584007913129639935,{"k":[1,2]},)"
              R"({"r":[],"d":-12}])");
    }
}
