#include <doctest/doctest.h>

#include <string_view>

#include "porwatch/util/result.hpp"

namespace sample {
enum class SampleError {
    first,
    second
};
constexpr std::string_view error_domain(SampleError)
{
    return "sample";
}
enum class OtherError {
    first
};
constexpr std::string_view error_domain(OtherError)
{
    return "other";
}
}  // namespace sample

TEST_SUITE("util")
{
    TEST_CASE("util::Error carries an optional typed code that survives wrap_error")
    {
        using sample::OtherError;
        using sample::SampleError;
        const porwatch::Error untyped{"plain message"};
        CHECK_FALSE(untyped.typed());
        CHECK_FALSE(untyped.is(SampleError::first));
        CHECK_FALSE(untyped.code_as<SampleError>());

        const porwatch::Error typed{SampleError::second, "it broke"};
        CHECK(typed.typed());
        CHECK(typed.is(SampleError::second));
        CHECK_FALSE(typed.is(SampleError::first));
        CHECK_FALSE(typed.is(OtherError::first));  // same value, other domain
        CHECK(typed.code_as<SampleError>() == SampleError::second);
        CHECK_FALSE(typed.code_as<OtherError>());

        const porwatch::Error wrapped = porwatch::wrap_error("context", typed);
        CHECK(wrapped.message == "context: it broke");
        CHECK(wrapped.is(SampleError::second));

        const porwatch::Result<int> result = porwatch::Error{SampleError::first, "x"};
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().is(SampleError::first));
    }
}
