#include <doctest/doctest.h>

#include "porwatch/config/config.hpp"
#include "test_support.hpp"

using namespace porwatch;

TEST_SUITE("config")
{
    TEST_CASE("config::parse_config reads every documented key")
    {
        const std::string text = "database = /tmp/p.db\n"
                                 "interval = 30\n"
                                 "addresses = a.csv   # first\n"
                                 "addresses = b.csv\n"
                                 "[litecoin]\n"
                                 "network = regtest\n"
                                 "rpc_url = http://127.0.0.1:1\n"
                                 "rpc_url = http://127.0.0.1:2\n"
                                 "rpc_user = u\n"
                                 "rpc_password_file = /run/pw\n"
                                 "confirmations = 6\n"
                                 "scan_chunk_size = 10\n"
                                 "rpc_timeout = 7\n"
                                 "[ethereum]\n"
                                 "rpc_url = https://node.example\n"
                                 "chain_id = 31337\n"
                                 "block = finalized\n"
                                 "token = TST:0x00000000000000000000000000000000000a11ce:18\n"
                                 "batch_size = 50\n"
                                 "[alerts]\n"
                                 "anything = kept raw\n";
        const auto c = config::parse_config(text, "p.conf");
        REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message));
        CHECK(c->database == "/tmp/p.db");
        CHECK(c->interval_s == 30);
        CHECK(c->addresses == std::vector<std::string>{"a.csv", "b.csv"});
        REQUIRE(c->litecoin);
        CHECK_FALSE(c->bitcoin);
        CHECK(c->litecoin->network == address::Network::regtest);
        CHECK(c->litecoin->rpc_urls.size() == 2);
        CHECK(c->litecoin->auth.user == "u");
        CHECK(c->litecoin->confirmations == 6);
        CHECK(c->litecoin->scan_chunk_size == 10);
        CHECK(c->litecoin->limits.rpc_timeout_s == 7);
        REQUIRE(c->ethereum);
        CHECK(c->ethereum->chain_id == 31337);
        CHECK(c->ethereum->confirmations == 12);
        CHECK(c->ethereum->block == config::EvmBlock::finalized);
        REQUIRE(c->ethereum->tokens.size() == 1);
        CHECK(c->ethereum->tokens[0].symbol == "TST");
        CHECK(c->ethereum->tokens[0].decimals == 18);
        CHECK(c->ethereum->batch_size == 50);
        REQUIRE(c->extra.count("alerts") == 1);
        CHECK(c->extra.at("alerts")[0].line == 21);
    }

    TEST_CASE("config::parse_config defaults")
    {
        const auto c = config::parse_config("[bitcoin]\nnetwork = main\nrpc_url = http://h:1\n", "x");
        REQUIRE(c.ok());
        CHECK(c->bitcoin->confirmations == 1);
        CHECK(c->bitcoin->scan_chunk_size == config::UtxoChainConfig::kDefaultScanChunkSize);
        CHECK(c->interval_s == 600);
    }

    TEST_CASE("config::parse_config reports unknown keys with their line")
    {
        const auto c =
            config::parse_config("database = x\n\n[bitcoin]\nnetwork = main\nrpc_ulr = http://h\n", "f.conf");
        REQUIRE_FALSE(c.ok());
        CHECK(c.error().message == "f.conf:5: unknown key 'rpc_ulr' in section [bitcoin]");
        const auto top = config::parse_config("# c\ndatabse = x\n", "f.conf");
        CHECK(top.error().message == "f.conf:2: unknown key 'databse' at top level");
        const auto section = config::parse_config("[dogecoin]\n", "f.conf");
        CHECK(section.error().message == "f.conf:1: unknown section [dogecoin]");
        const auto evm_key_in_utxo = config::parse_config("[litecoin]\nchain_id = 1\n", "f.conf");
        CHECK(evm_key_in_utxo.error().message == "f.conf:2: unknown key 'chain_id' in section [litecoin]");
    }

    TEST_CASE("config::parse_config rejects bad values with their line")
    {
        auto msg = [](const std::string& text) {
            const auto c = config::parse_config(text, "f");
            return c.ok() ? std::string("ok") : c.error().message;
        };
        CHECK(msg("[bitcoin]\nnetwork = main\nrpc_url = http://h\nconfirmations = -1\n") ==
              "f:4: key 'confirmations' must be an integer from 0 to 1000000, got '-1'");
        CHECK(msg("[bitcoin]\nnetwork = testnet3\nrpc_url = http://h\n") ==
              "f:2: unknown network 'testnet3' for bitcoin (accepted: main, mainnet, test, testnet, testnet4, signet, "
              "regtest)");
        CHECK(msg("[litecoin]\nnetwork = signet\nrpc_url = http://h\n") ==
              "f:2: unknown network 'signet' for litecoin (accepted: main, mainnet, test, testnet, regtest)");
        CHECK(msg("[bitcoin]\nnetwork = main\n") == "f:1: section [bitcoin] needs at least one rpc_url");
        CHECK(msg("[bitcoin]\nnetwork = main\nrpc_url = ftp://h\n").find("f:3: rpc_url must be http://") == 0);
        CHECK(msg("[bitcoin]\nnetwork = main\nnetwork = test\n") ==
              "f:3: key 'network' in section [bitcoin] given twice (first on line 2)");
        CHECK(msg("[ethereum]\nrpc_url = http://h\n") == "f:1: section [ethereum] needs 'chain_id'");
        CHECK(msg("[ethereum]\nrpc_url = http://h\nchain_id = 1\ntoken = USDT:0x12:6\n").find("f:4: token address") ==
              0);
        CHECK(msg("[ethereum]\nrpc_url = http://h\nchain_id = 1\nblock = pending\n") ==
              "f:4: block must be 'latest', 'finalized' or 'safe'");
        CHECK(msg("[bitcoin]\nnetwork = main\nrpc_url = http://h\nrpc_user = u\n") ==
              "f:1: rpc_user and rpc_password_file go together in [bitcoin]");
        CHECK(msg("interval = ten\n") ==
              "f:1: key 'interval' must be a duration from 1s to 2678400s (90s, 10m, 1h, 7d or seconds), got 'ten'");
        CHECK(msg("interval = 0\n").rfind("f:1: key 'interval' must be a duration", 0) == 0);
        CHECK(msg("interval = 10x\n").rfind("f:1: key 'interval' must be a duration", 0) == 0);
        CHECK(msg("just text\n") == "f:1: expected 'key = value', got 'just text'");
    }

    TEST_CASE("config::parse_config [book \"PATH\"] sections: message policies of one addresses file")
    {
        const auto c = config::parse_config(
            "addresses = /etc/porwatch/okx.csv\naddresses = /etc/porwatch/htx.csv\n"
            "[book \"/etc/porwatch/okx.csv\"]\nmessage = I am an OKX address\nmessage_max_age = 400d\n"
            "[book \"/etc/porwatch/htx.csv\"]\nmessage = (huobi|htx|King will be back!)   # comment\n"
            "[bitcoin]\nnetwork = testnet4\nrpc_url = http://h\n",
            "f");
        REQUIRE_MESSAGE(c.ok(), c.error().message);
        REQUIRE(c->books.size() == 2);
        const auto& okx = c->books.at("/etc/porwatch/okx.csv");
        CHECK(okx.message == "I am an OKX address");
        CHECK(okx.message_max_age_days == 400U);
        CHECK(okx.line == 3);
        CHECK(c->books.at("/etc/porwatch/htx.csv").message == "(huobi|htx|King will be back!)");
        CHECK_FALSE(c->books.at("/etc/porwatch/htx.csv").message_max_age_days);
        CHECK(c->addresses.size() == 2);  // the sections add options, never files
        CHECK(c->bitcoin->network == address::Network::testnet4);

        auto msg = [](const std::string& text) {
            const auto r = config::parse_config(text, "f");
            return r.ok() ? std::string("ok") : r.error().message;
        };
        CHECK(msg("addresses = a.csv\n[book \"b.csv\"]\nmessage = x\n") ==
              "f:2: [book \"b.csv\"] names no 'addresses' file (the path must be written the same)");
        CHECK(msg("addresses = a.csv\n[book a.csv]\n") == "f:2: a book section is [book \"PATH\"], got [book a.csv]");
        CHECK(msg("addresses = a.csv\n[book \"a.csv\"]\nmessage = ([a-z]\n")
                  .rfind("f:3: message '([a-z]' is not an ECMAScript regular expression: ", 0) == 0);
        CHECK(msg("addresses = a.csv\n[book \"a.csv\"]\nmessage_max_age = 36h\n") ==
              "f:3: message_max_age must be whole days from 1d to 100000d (400d, 2w, or seconds that are whole days), "
              "got '36h'");
        CHECK(msg("addresses = a.csv\n[book \"a.csv\"]\nmessage_max_age = 0d\n") ==
              "f:3: message_max_age must be whole days from 1d to 100000d (400d, 2w, or seconds that are whole days), "
              "got '0d'");
        CHECK(msg("addresses = a.csv\n[book \"a.csv\"]\nlabel = x\n") ==
              "f:3: unknown key 'label' in section [book \"a.csv\"] (message, message_max_age)");
        CHECK(msg("addresses = a.csv\n[book \"a.csv\"]\nmessage = x\nmessage = y\n") ==
              "f:4: key 'message' in section [book \"a.csv\"] given twice");
        CHECK(msg("addresses = a.csv\n[book \"a.csv\"]\n[book \"a.csv\"]\n") ==
              "f:3: section [book \"a.csv\"] given twice");
        // Existing configs without book sections are unchanged.
        CHECK(msg("addresses = a.csv\n") == "ok");
    }

    TEST_CASE("config::parse_config accepts the shipped example")
    {
        const auto c = config::load_config(test::source_path("config/porwatch.conf.example"));
        REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message));
        CHECK(c->bitcoin);
        CHECK(c->ethereum);
    }
}

TEST_SUITE("config")
{
    TEST_CASE("config::parse_config: every failure carries its kind (ConfigError), matched by code, and names the line")
    {
        const std::string eth = "[ethereum]\nrpc_url = http://127.0.0.1:1\nchain_id = 1\n";
        const std::string feed = "feed = ETH:0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419\n";
        const struct {
            std::string text;
            config::ConfigError kind;
            std::string line;
        } cases[] = {
            {"[litecoin\n", config::ConfigError::syntax, "c.conf:1:"},
            {"database\n", config::ConfigError::syntax, "c.conf:1:"},
            {"database = \"x\n", config::ConfigError::syntax, "c.conf:1:"},
            {"[nowhere]\n", config::ConfigError::unknown, "c.conf:1:"},
            {"colour = blue\n", config::ConfigError::unknown, "c.conf:1:"},
            {"interval = 5\ninterval = 6\n", config::ConfigError::repeated, "c.conf:2:"},
            {"interval = soon\n", config::ConfigError::value, "c.conf:1:"},
            {eth + "confirmations = -1\n", config::ConfigError::value, "c.conf:4:"},
            {"[ethereum]\nchain_id = 1\n", config::ConfigError::missing, "c.conf:1:"},
            {"[prices]\n" + feed, config::ConfigError::missing, "c.conf:1:"},
            {eth + "[prices]\n" + feed + feed, config::ConfigError::repeated, "c.conf:6:"},
            {eth + "[prices]\n" + feed + "bounds = BTC:1:2\n", config::ConfigError::conflict, "c.conf:6:"},
            {eth + "token = TST:0x00000000000000000000000000000000000a11ce:18:mask=0xff\n",
             config::ConfigError::conflict, "c.conf:4:"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto parsed = config::parse_config(c.text, "c.conf");
            REQUIRE_FALSE(parsed.ok());
            CHECK(parsed.error().is(c.kind));
            CHECK(parsed.error().code_as<config::ConfigError>() == c.kind);
            CHECK(parsed.error().message.rfind(c.line, 0) == 0);
        }
    }
}
