// What the fuzz targets share: the input as text, and an invariant check that stays on in
// release builds (assert() is compiled out under NDEBUG, which RelWithDebInfo sets; a broken
// invariant must still stop libFuzzer and keep the input as a crash file).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace porwatch::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

[[noreturn]] inline void invariant_failed(const char* what, const char* file, int line)
{
    std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
    std::abort();
}

}  // namespace porwatch::fuzz

#define FUZZ_CHECK(condition)                                                                                          \
    ((condition) ? static_cast<void>(0) : porwatch::fuzz::invariant_failed(#condition, __FILE__, __LINE__))
