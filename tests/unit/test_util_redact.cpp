#include <doctest/doctest.h>

#include "porwatch/util/redact.hpp"

using porwatch::redact_url;

TEST_SUITE("util")
{
TEST_CASE("util::redact_url drops user info, paths and queries")
{
    CHECK(redact_url("http://127.0.0.1:8332") == "http://127.0.0.1:8332");
    CHECK(redact_url("http://127.0.0.1:8332/") == "http://127.0.0.1:8332");
    CHECK(redact_url("http://user:s3cret@127.0.0.1:8332/wallet/x") == "http://127.0.0.1:8332/…");
    CHECK(redact_url("http://user:p@ss@word@node.example:8332") == "http://node.example:8332");
    CHECK(redact_url("https://mainnet.infura.io/v3/0123456789abcdef") == "https://mainnet.infura.io/…");
    CHECK(redact_url("https://hooks.example/x?token=abc") == "https://hooks.example/…");
    CHECK(redact_url("https://[::1]:8545") == "https://[::1]:8545");
}

TEST_CASE("util::redact_url never echoes text it cannot parse")
{
    CHECK(redact_url("") == "<url>");
    CHECK(redact_url("user:password") == "<url>");
    CHECK(redact_url("s3cret@host/path") == "<url>");
    CHECK(redact_url("http://user:pw@/x") == "<url>");
    CHECK(redact_url("1http://host") == "<url>");
}
}
