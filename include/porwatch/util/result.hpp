// Result<T>: a value or an Error, the way expected failures cross module boundaries.
//
// Modelled on leveldb's Status and std::expected (not available in GCC 12's C++20 mode).
// An Error carries a human message that names the input (the file and line, or the RPC
// method and endpoint) and, optionally, a stable domain code: an enum class chosen by the
// module (e.g. chain::ChainError), stored as its integral value plus the domain's name.
// Callers that react to a kind of failure match on the code (Error::is), never on the
// message. No exception crosses a module boundary; a Result is the contract.
//
// A module opts in by declaring, next to its enum, in the enum's namespace:
//   constexpr std::string_view error_domain(MyError) { return "my-module"; }
// (found by argument-dependent lookup; the returned view must point to static storage).
//
// Thread-safety: a Result is a plain value; copies are independent.
#pragma once

#include <cassert>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace porwatch {

template <typename Code>
concept ErrorCode = std::is_enum_v<Code> && requires(Code c)
{
    {
        error_domain(c)
        } -> std::convertible_to<std::string_view>;
};

// An expected failure. `message` is complete on its own: it is what a user reads.
// `domain` is "" for an untyped error (Error{message}); otherwise it names the enum whose
// value `code` holds.
struct Error {
    std::string message;
    std::string_view domain;  // static storage (error_domain's return value)
    int code = 0;

    explicit Error(std::string msg) : message(std::move(msg)) { }
    template <ErrorCode Code>
    Error(Code c, std::string msg) : message(std::move(msg)), domain(error_domain(c)), code(static_cast<int>(c))
    { }

    bool typed() const { return !domain.empty(); }
    // Returns: true when this error carries code `c`.
    template <ErrorCode Code> bool is(Code c) const { return domain == error_domain(c) && code == static_cast<int>(c); }
    // Returns: the code when this error belongs to Code's domain, else nullopt.
    template <ErrorCode Code> std::optional<Code> code_as() const
    {
        if (!typed() || domain != error_domain(Code{})) return std::nullopt;
        return static_cast<Code>(code);
    }
};

// Returns: an Error whose message is `context + ": " + inner.message`, with inner's code.
inline Error wrap_error(const std::string& context, const Error& inner)
{
    Error out{context + ": " + inner.message};
    out.domain = inner.domain;
    out.code = inner.code;
    return out;
}

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) { }  // NOLINT: implicit by design
    Result(Error error) : m_state(std::move(error)) { }  // NOLINT: implicit by design

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const&
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    T& value() &
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    T&& value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_state));
    }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const Error& error() const
    {
        assert(!ok());
        return std::get<Error>(m_state);
    }

private:
    std::variant<T, Error> m_state;
};

// Result<void> equivalent.
struct Ok { };
using Status = Result<Ok>;

}  // namespace porwatch
