#include "porwatch/daemon/notify.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace porwatch::daemon {
namespace {

// sd_notify failures are not actionable: a lost STATUS is cosmetic, and a lost WATCHDOG=1
// ends in the restart that the watchdog exists for.
void send(const char* state) { sd_notify(/*unset_environment=*/0, state); }

}  // namespace

SdNotifier::SdNotifier()
{
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(/*unset_environment=*/0, &usec) > 0 && usec > 0) {
        m_watchdog = std::chrono::microseconds(usec);
    }
}

void SdNotifier::ready() { send("READY=1"); }

void SdNotifier::reloading() { send("RELOADING=1"); }

void SdNotifier::stopping() { send("STOPPING=1"); }

void SdNotifier::watchdog() { send("WATCHDOG=1"); }

void SdNotifier::status(std::string_view text)
{
    // The protocol is newline-separated assignments: a newline in the text would start a new
    // one (e.g. a node's error message forging "READY=1"), so control characters become spaces.
    std::string message = "STATUS=";
    for (const char c : text) {
        message += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
    send(message.c_str());
}

}  // namespace porwatch::daemon
