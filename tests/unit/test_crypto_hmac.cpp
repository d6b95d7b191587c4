#include <doctest/doctest.h>

#include <string>

#include "porwatch/crypto/hash.hpp"
#include "porwatch/crypto/hmac.hpp"
#include "porwatch/util/hex.hpp"

using namespace porwatch;
using namespace porwatch::crypto;

namespace {
std::string hmac_hex(const Bytes& key, std::string_view message)
{
    return to_hex(hmac_sha256(key, as_bytes(message)));
}
}  // namespace

TEST_SUITE("crypto")
{
    // RFC 4231 section 4: the HMAC-SHA-256 rows of test cases 1, 2, 3, 6 and 7.
    TEST_CASE("crypto::hmac_sha256 RFC 4231 vectors")
    {
        CHECK(hmac_hex(Bytes(20, 0x0b), "Hi There") ==
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        CHECK(hmac_hex(Bytes{'J', 'e', 'f', 'e'}, "what do ya want for nothing?") ==
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        CHECK(hmac_hex(Bytes(20, 0xaa), std::string(50, '\xdd')) ==
              "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
        CHECK(hmac_hex(Bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First") ==
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        CHECK(hmac_hex(Bytes(131, 0xaa),
                       "This is a test using a larger than block-size key and a larger than "
                       "block-size data. The key needs to be hashed before being used by the HMAC "
                       "algorithm.") == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }
}
