#include <doctest/doctest.h>

#include "porwatch/util/redact.hpp"

using porwatch::percent_decode;
using porwatch::redact_url;
using porwatch::split_url;

TEST_SUITE("util")
{
    TEST_CASE("util::redact_url keeps scheme, host and port, drops user info, paths and queries")
    {
        CHECK(redact_url("http://127.0.0.1:8332") == "http://127.0.0.1:8332");
        CHECK(redact_url("http://127.0.0.1:8332/") == "http://127.0.0.1:8332");
        CHECK(redact_url("http://user:s3cret@127.0.0.1:8332/wallet/x") == "http://***@127.0.0.1:8332/…");
        CHECK(redact_url("http://user:p@ss@word@node.example:8332") == "http://***@node.example:8332");
        CHECK(redact_url("https://mainnet.infura.io/v3/0123456789abcdef") == "https://mainnet.infura.io/…");
        CHECK(redact_url("https://hooks.example/x?token=abc") == "https://hooks.example/…");
        CHECK(redact_url("https://hooks.example?token=abc") == "https://hooks.example/…");
        CHECK(redact_url("https://[::1]:8545") == "https://[::1]:8545");
        CHECK(redact_url("http://***@127.0.0.1:8545/…") == "http://***@127.0.0.1:8545/…");  // idempotent
    }

    TEST_CASE("util::redact_url hides passwords with '/', '#', '@', '?' and percent-escapes")
    {
        const std::string url = "http://u:Zq7/Kx#Vb@Pw%2FNm?q@127.0.0.1:8545/v3/PATHKEY?apikey=QUERYKEY#frag";
        const std::string shown = redact_url(url);
        CHECK(shown == "http://***@127.0.0.1:8545/…");
        for (const char* secret : {"Zq7", "Kx#Vb", "Pw%2FNm", "PATHKEY", "QUERYKEY", "frag"}) {
            CHECK(shown.find(secret) == std::string::npos);
        }
    }

    TEST_CASE("util::split_url is what the transports connect to")
    {
        const auto parts = split_url("http://u:a/b@c#d@127.0.0.1:8545/v3/KEY?x=1");
        REQUIRE(parts);
        CHECK(parts->scheme == "http");
        REQUIRE(parts->userinfo);
        CHECK(*parts->userinfo == "u:a/b@c#d");
        CHECK(parts->host_port == "127.0.0.1:8545");
        CHECK(parts->rest == "/v3/KEY?x=1");
        const auto plain = split_url("https://node.example/v3/KEY");
        REQUIRE(plain);
        CHECK_FALSE(plain->userinfo);
        CHECK(plain->host_port == "node.example");
        CHECK(plain->rest == "/v3/KEY");
        CHECK(percent_decode("pw%2Fx%40y%zz%4") == "pw/x@y%zz%4");
    }

    TEST_CASE("util::redact_url never echoes text it cannot parse")
    {
        CHECK(redact_url("") == "<url>");
        CHECK(redact_url("user:password") == "<url>");
        CHECK(redact_url("s3cret@host/path") == "<url>");
        CHECK(redact_url("http://user:pw@/x") == "<url>");
        CHECK(redact_url("1http://host") == "<url>");
        CHECK(redact_url("http://host:port/") == "<url>");
        CHECK(redact_url("http://ho st/") == "<url>");
    }
}
