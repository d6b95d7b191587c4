// URL redaction for log lines and error messages: endpoints are named without credentials.
//
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace porwatch {

// Returns: `url` reduced to scheme://host[:port], with "/…" appended when it had a path, query
// or fragment. User info (user:password@) is dropped, and so is the path, because API keys
// and webhook tokens live there (Infura's /v3/KEY, Slack's /services/T/B/TOKEN). Text that
// is not scheme://authority… is replaced by "<url>", so nothing unparsed is ever echoed.
std::string redact_url(std::string_view url);

}  // namespace porwatch
