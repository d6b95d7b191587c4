// HMAC-SHA256 (RFC 2104), a thin wrapper over Crypto++'s HMAC<SHA256>. Used to sign webhook
// bodies the way GitHub does (`X-Porwatch-Signature: sha256=<hex>`).
//
// Pure and thread-safe. The key is only read; callers own and wipe it.
#pragma once

#include "porwatch/util/bytes.hpp"

namespace porwatch::crypto {

// Returns: HMAC-SHA256(key, message). Any key length is valid (RFC 2104 hashes long keys).
Hash256 hmac_sha256(ByteView key, ByteView message);

}  // namespace porwatch::crypto
