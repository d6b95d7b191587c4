// Reading the RPC credentials (rpc_cookie_file, rpc_password_file) for RpcClient, on every
// call: a node rewrites its cookie when it starts, and a password may be rotated.
#include "rpc_client.hpp"

#include "porwatch/util/read_file.hpp"

namespace porwatch::chain {
namespace {

// Read a credential file for `key` (rpc_cookie_file, rpc_password_file), its content minus
// trailing newlines. Fails (ChainError::auth) saying which: missing, permission denied (and for
// whom), or not in the expected format. The secret itself is never in a message.
Result<std::string> read_credential(const std::string& path, std::string_view key, bool cookie)
{
    Result<std::string> read = read_whole_file(path, key);
    if (!read) {
        std::string hint;
        if (read.error().is(FileError::missing) && cookie) {
            hint = " (the node writes it when it starts: is it running, with this datadir?)";
        } else if (read.error().is(FileError::permission_denied)) {
            hint = cookie ? "; let porwatch read it: bitcoind -rpccookieperms=group and porwatch in the node's "
                            "group (SupplementaryGroups=, see systemd/README.md)"
                          : "; hand it in with LoadCredential= (see systemd/README.md)";
        }
        return Error{ChainError::auth, read.error().message + hint};
    }
    std::string text = std::move(*read);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty()) return Error{ChainError::auth, std::string(key) + " " + path + ": is empty"};
    if (text.find_first_of("\r\n") != std::string::npos || text.find('\0') != std::string::npos ||
        (cookie && (text.find(':') == std::string::npos || text.front() == ':'))) {
        return Error{ChainError::auth,
                     std::string(key) + " " + path + ": unreadable format (expected one line" +
                         (cookie ? " USER:PASSWORD, as bitcoind's __cookie__:HEX)" : ", the password)")};
    }
    return text;
}

}  // namespace

Status RpcClient::load_credentials()
{
    // Messages name the file, not the endpoint: exchange() prefixes "METHOD at ENDPOINT" once.
    if (!m_auth.cookie_file.empty()) {
        // The cookie is rewritten on every node start, so it is read on every call.
        Result<std::string> cookie = read_credential(m_auth.cookie_file, "rpc_cookie_file", /*cookie=*/true);
        if (!cookie) return cookie.error();
        m_userpwd = std::move(*cookie);
    } else if (!m_auth.user.empty()) {
        // Also re-read per call: a LoadCredential= copy or a rotated password takes effect at once.
        Result<std::string> password = read_credential(m_auth.password_file, "rpc_password_file", /*cookie=*/false);
        if (!password) return password.error();
        m_userpwd = m_auth.user + ":" + *password;
    } else {
        m_userpwd = m_url_userpwd;
    }
    return Ok{};
}

}  // namespace porwatch::chain
