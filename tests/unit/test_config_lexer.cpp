#include <doctest/doctest.h>

#include "porwatch/config/config.hpp"

using namespace porwatch;

namespace {

std::string message(const std::string& text)
{
    const auto c = config::parse_config(text, "f");
    return c.ok() ? std::string("ok") : c.error().message;
}

}  // namespace

TEST_SUITE("config")
{
    TEST_CASE("config lexer: quoted values keep '#', '=' and spaces, unquoted '#' after a space is a comment")
    {
        const std::string text = "# a comment line\n"
                                 "   # an indented comment = with an equals sign\n"
                                 "addresses = \"/srv/por files/okx #3.csv\"   # the quoted path\n"
                                 "addresses = plain.csv# no space: data\n"
                                 "database = \"  spaced  \"\n"
                                 "[litecoin]   # header comment\n"
                                 "network = regtest\n"
                                 "rpc_url = \"http://u:Zq7/Kx#Vb@Pw%2FNm@127.0.0.1:1/v3/KEY?apikey=Q\"\n"
                                 "rpc_url = http://u:pa#ss@127.0.0.1:2/   # unquoted: '#' not after a space is data\n"
                                 "rpc_url = \"http://h:3/with \\\"quote\\\" and \\\\ backslash\"\n"
                                 "[alerts]\n"
                                 "webhook = \"https://hooks.example/T#x?token=a b\"  # kept raw, unquoted\n";
        const auto c = config::parse_config(text, "f");
        REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message));
        CHECK(c->addresses == std::vector<std::string>{"/srv/por files/okx #3.csv", "plain.csv# no space: data"});
        CHECK(c->database == "  spaced  ");
        REQUIRE(c->litecoin);
        REQUIRE(c->litecoin->rpc_urls.size() == 3);
        CHECK(c->litecoin->rpc_urls[0] == "http://u:Zq7/Kx#Vb@Pw%2FNm@127.0.0.1:1/v3/KEY?apikey=Q");
        CHECK(c->litecoin->rpc_urls[1] == "http://u:pa#ss@127.0.0.1:2/");
        CHECK(c->litecoin->rpc_urls[2] == "http://h:3/with \"quote\" and \\ backslash");
        REQUIRE(c->extra.count("alerts") == 1);
        CHECK(c->extra.at("alerts")[0].value == "https://hooks.example/T#x?token=a b");
        CHECK(c->extra.at("alerts")[0].line == 12);
    }

    TEST_CASE("config lexer: bad quoting is reported with its line, without echoing the value")
    {
        CHECK(message("[bitcoin]\nnetwork = main\nrpc_url = \"http://u:secret@h:1\n") ==
              "f:3: unterminated quoted value");
        CHECK(message("database = \"a\" b\n") == "f:1: text after the closing quote (start a comment with ' #')");
        const std::string bad_url = message("[bitcoin]\nnetwork = main\nrpc_url = http://u:Secr3t@\n");
        CHECK(bad_url.find("f:3: rpc_url must be") == 0);
        CHECK(bad_url.find("Secr3t") == std::string::npos);
    }

    TEST_CASE("config: quorum, scan_timeout, genesis_hash and testnet4")
    {
        const auto c =
            config::parse_config("[bitcoin]\nnetwork = testnet4\nrpc_url = http://a:1\nrpc_url = http://b:2\nrpc_url = "
                                 "http://c:3\nquorum = 2\n"
                                 "[ethereum]\nrpc_url = http://e:1\nchain_id = 1\nscan_timeout = 600\n"
                                 "genesis_hash = 0xD4E56740F876AEF8C010B86A40D5F56745A118D0906A34E69AEC8C0DB1CB8FA3\n",
                                 "f");
        REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message));
        CHECK(c->bitcoin->network == address::Network::testnet4);
        CHECK(c->bitcoin->quorum == 2);
        CHECK(c->bitcoin->limits.scan_timeout_s == 10800);  // UTXO default
        CHECK(c->ethereum->quorum == 0);  // default: every endpoint
        CHECK(c->ethereum->limits.scan_timeout_s == 600);
        CHECK(c->ethereum->genesis_hash == "0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");

        CHECK(message("[bitcoin]\nnetwork = main\nrpc_url = http://a:1\nquorum = 2\n") ==
              "f:4: key 'quorum' must be an integer from 1 to 1, got '2'");
        CHECK(message("[bitcoin]\nnetwork = main\nrpc_url = http://a:1\nquorum = 0\n") ==
              "f:4: key 'quorum' must be an integer from 1 to 1, got '0'");
        CHECK(message("[litecoin]\nnetwork = testnet4\nrpc_url = http://a:1\n") ==
              "f:2: unknown network 'testnet4' for litecoin (accepted: main, mainnet, test, testnet, regtest)");
        CHECK(message("[ethereum]\nrpc_url = http://a:1\nchain_id = 1\ngenesis_hash = 0x12\n") ==
              "f:4: genesis_hash must be 0x and 64 hex digits (block 0's hash)");
        CHECK(message("[ethereum]\nrpc_url = http://a:1\nchain_id = 1\nrpc_timeout = 900\nscan_timeout = 600\n") ==
              "f:5: scan_timeout (600 s) must be at least rpc_timeout (900 s) in [ethereum]");
    }
}
