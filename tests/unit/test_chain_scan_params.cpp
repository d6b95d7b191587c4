// scantxoutset params built straight from script bytes (pure).
#include <doctest/doctest.h>

#include "../../src/chain/bitcoin_rpc.hpp"

using namespace porwatch;

TEST_SUITE("chain")
{
    TEST_CASE("chain::scan_params writes one raw(<hex>) descriptor per script")
    {
        const Bytes a = {0x00, 0x14, 0xab, 0xff};
        const Bytes b = {0x51};
        CHECK(chain::btc::scan_params({&a, &b}) == R"j(["start",["raw(0014abff)","raw(51)"]])j");
        CHECK(chain::btc::scan_params({}) == R"j(["start",[]])j");
    }
}
