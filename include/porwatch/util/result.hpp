// Result<T>: a value or an Error, the way expected failures cross module boundaries.
//
// Modelled on leveldb's Status and std::expected (not available in GCC 12's C++20 mode).
// An Error carries a stable domain code (an enum class chosen by the module, stored as
// its integral value plus the domain name) and a human message that names the input:
// the file and line, or the RPC method and endpoint. No exception crosses a module
// boundary; a Result is the contract.
//
// Thread-safety: a Result is a plain value; copies are independent.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace porwatch {

// An expected failure. `message` is complete on its own: it is what a user reads.
struct Error {
    std::string message;

    explicit Error(std::string msg) : message(std::move(msg)) {}
};

// Returns: an Error whose message is `context + ": " + inner.message`.
inline Error wrap_error(const std::string& context, const Error& inner)
{
    return Error{context + ": " + inner.message};
}

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}          // NOLINT: implicit by design
    Result(Error error) : m_state(std::move(error)) {}      // NOLINT: implicit by design

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { assert(ok()); return std::get<T>(m_state); }
    T& value() & { assert(ok()); return std::get<T>(m_state); }
    T&& value() && { assert(ok()); return std::get<T>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const Error& error() const { assert(!ok()); return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Result<void> equivalent.
struct Ok {};
using Status = Result<Ok>;

}  // namespace porwatch
