// Every enum persisted by name (SQLite, JSON, alert keys): each value's name parses back to the
// value, names are distinct and non-empty, and an unknown name is refused. The names are frozen:
// the expected spellings below are what databases and payloads already hold.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "porwatch/address/address.hpp"
#include "porwatch/addressbook/book.hpp"
#include "porwatch/alert/state.hpp"
#include "porwatch/chain/prices.hpp"
#include "porwatch/chain/result.hpp"
#include "porwatch/liabilities/liabilities.hpp"
#include "porwatch/prices/prices.hpp"
#include "porwatch/proof/verify.hpp"
#include "porwatch/snapshot/snapshot.hpp"

using namespace porwatch;

namespace {

// Round-trips every value of `all` and returns their names in order.
template <typename Enum, std::size_t N, typename ToString, typename FromString>
std::vector<std::string> round_trip(const std::array<Enum, N>& all, ToString to_name, FromString from_name)
{
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (const Enum value : all) {
        const std::string name(to_name(value));
        CHECK_FALSE(name.empty());
        CHECK(seen.insert(name).second);
        const auto back = from_name(name);
        REQUIRE(back.has_value());
        CHECK(*back == value);
        names.push_back(name);
    }
    CHECK_FALSE(from_name("no-such-name").has_value());
    CHECK_FALSE(from_name("").has_value());
    return names;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("frozen enum names round-trip and keep their spelling")
{
    CHECK(round_trip(
              proof::kAllProofStatuses, [](auto v) { return proof::to_string(v); },
              [](std::string_view n) { return proof::proof_status_from_string(n); }) ==
          Names{"verified", "failed", "unsupported", "unsigned", "owners-signed"});
    CHECK(round_trip(
              snapshot::kAllSnapshotStatuses, [](auto v) { return snapshot::to_string(v); },
              [](std::string_view n) { return snapshot::snapshot_status_from_string(n); }) ==
          Names{"complete", "partial", "failed"});
    CHECK(round_trip(
              snapshot::kAllSolvencyStatuses, [](auto v) { return snapshot::to_string(v); },
              [](std::string_view n) { return snapshot::solvency_status_from_string(n); }) ==
          Names{"ok", "reserves_missing", "liabilities_failed"});
    CHECK(round_trip(
              chain::kAllChainStatuses, [](auto v) { return chain::to_string(v); },
              [](std::string_view n) { return chain::chain_status_from_string(n); }) ==
          Names{"complete", "failed", "disputed"});
    CHECK(round_trip(
              chain::kAllFeedStatuses, [](auto v) { return chain::to_string(v); },
              [](std::string_view n) { return chain::feed_status_from_string(n); }) ==
          Names{"read", "unread", "disputed"});
    CHECK(round_trip(
              prices::kAllPriceStatuses, [](auto v) { return prices::to_string(v); },
              [](std::string_view n) { return prices::price_status_from_string(n); }) == Names{"priced", "unpriced"});
    CHECK(round_trip(
              address::kAllChains, [](auto v) { return address::to_string(v); },
              [](std::string_view n) { return address::chain_from_string(n); }) ==
          Names{"bitcoin", "litecoin", "ethereum", "tron"});
    CHECK(round_trip(
              address::kAllNetworks, [](auto v) { return address::to_string(v); },
              [](std::string_view n) { return address::network_from_string(n); }) ==
          Names{"main", "test", "signet", "regtest", "testnet4"});
    CHECK(round_trip(
              addressbook::kAllFileFormats, [](auto v) { return addressbook::to_string(v); },
              [](std::string_view n) { return addressbook::file_format_from_string(n); }) ==
          Names{"okx", "htx", "porwatch"});
    CHECK(round_trip(
              alert::kAllAlertPhases, [](auto v) { return alert::to_string(v); },
              [](std::string_view n) { return alert::alert_phase_from_string(n); }) ==
          Names{"ok", "pending", "firing"});
    CHECK(round_trip(
              liabilities::kAllFormats, [](auto v) { return liabilities::to_string(v); },
              [](std::string_view n) { return liabilities::format_from_string(n); }) ==
          Names{"bitmex", "okx-merkle", "cex-assets"});
}
