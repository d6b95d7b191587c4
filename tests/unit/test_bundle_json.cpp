// The bundle file: written and read back without losing a byte of evidence; files that are not
// UTF-8 survive as hex; a balance that names another block than its chain is reported.
#include <doctest/doctest.h>

#include "porwatch/bundle/check.hpp"
#include "porwatch/bundle/json.hpp"

using namespace porwatch;

namespace {

store::SnapshotExport sample()
{
    store::SnapshotExport b;
    b.generator = "porwatch test";
    b.snapshot_id = 7;
    b.started_at = 1700000000;
    b.finished_at = 1700000009;
    b.status = "complete";
    b.book_recorded = true;
    b.files = {{"a.csv", "00ff", std::string("x,y\n\xff\xfe\n")},
               {"b.csv", "abcd", std::string("plain text\n")},
               {"c.csv", "ef01", std::nullopt}};
    store::RowVerdict row;
    row.file = "b.csv";
    row.line = 2;
    row.chain = address::Chain::ethereum;
    row.address = "0x00000000000000000000000000000000000a11CE";
    row.coin = "ETH";
    row.verdict.status = proof::ProofStatus::owners_signed;
    row.verdict.scheme = "owners";
    row.verdict.reason = "2 of 2";
    row.verdict.signers = {"0x1", "0x2"};
    b.rows = {row};
    store::ExportedChain eth;
    eth.result.chain = address::Chain::ethereum;
    eth.result.chain_id = "31337";
    eth.result.status = chain::ChainStatus::complete;
    eth.result.height = 55;
    eth.result.block_hash = "0x" + std::string(64, 'e');
    eth.result.endpoints = {{"http://127.0.0.1:8545", eth.result.block_hash, 55, "", std::nullopt}};
    chain::ProofSummary p;
    p.mode = "all";
    p.header_verified = true;
    eth.result.proofs = p;
    eth.result.response_bytes = 99;
    chain::ProofData data;
    data.header_rlp = Bytes{0xc0};
    data.nodes = {Bytes{0x80}, Bytes{0xc1, 0x80}};
    data.accounts = {{row.address, true, 1, Units(5), "0x" + std::string(64, '1'), "0x" + std::string(64, '2')}};
    data.slots = {{"TST", row.address, row.address, Units(0), "0x" + std::string(64, '3'), (Units(1) << 255) + 4,
                   (Units(1) << 255) - 1, Units(4)}};
    eth.evidence = snapshot::ChainEvidence{address::Chain::ethereum, {{"ETH", 18}, {"TST", 18, row.address}}, 12, data};
    eth.owner_checks = {{row.address, true, true, {"0x1", "0x2"}, 2, ""}};
    eth.signature_checks = {{row.address, "0x" + std::string(64, '4'), "0xab", true, true, "0x1626ba7e", ""}};
    b.chains = {eth};
    b.balances = {{address::Chain::ethereum, row.address, "ETH", Units(5)}};
    b.outpoints = {{address::Chain::litecoin, "rltc1q…", std::string(64, 'a'), 3, Units(125), 90}};
    snapshot::AssetTotal t;
    t.asset = "ETH";
    t.chain = address::Chain::ethereum;
    t.decimals = 18;
    t.units = Units(5);
    t.addresses = 1;
    b.totals = {t};
    b.unscanned = {snapshot::Unscanned{"no source", "USDT", "ethereum", 5, 5, Units(89), 6}};
    return b;
}

// The sample priced: 3 ETH at 2000 USD (8-decimal feed) read at another block than the
// Ethereum scan's, so the price block's header is not in the bundle.
store::SnapshotExport priced_sample()
{
    store::SnapshotExport b = sample();
    b.balances[0].units = Units(3) * Units(1000000000000000000ULL);
    b.totals[0].units = b.balances[0].units;
    store::ExportedPrices p;
    p.total.quote = "USD";
    p.total.value = prices::Value(600000000000LL);  // 6000.00000000 USD
    p.total.verified_value = 0;
    p.total.complete = true;
    p.total.priced = {"ETH"};
    p.total.price_height = 54;
    p.total.price_block_hash = "0x" + std::string(64, 'd');
    p.block_timestamp = 1700000000;
    store::PriceRow f;
    f.asset = "ETH";
    f.feed = "0x00000000000000000000000000000000000fEEd0";
    f.status = "priced";
    f.feed_status = "read";
    f.description = "ETH / USD";
    f.decimals = 8;
    f.round_id = "18446744073709562301";
    f.answer = "200000000000";
    f.started_at = "1699999900";
    f.updated_at = "1699999900";
    f.age_s = 100;
    p.feeds = {f};
    snapshot::AssetValue v;
    v.asset = "ETH";
    v.chain = address::Chain::ethereum;
    v.value = p.total.value;
    v.verified_value = 0;
    p.values = {v};
    b.prices = p;
    return b;
}

const bundle::Part* find_part(const bundle::CheckReport& report, const std::string& name)
{
    for (const auto& p : report.parts) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

}  // namespace

TEST_SUITE("bundle")
{
    TEST_CASE("bundle::write_bundle/read_bundle: every field comes back")
    {
        const auto b = sample();
        const std::string json = bundle::write_bundle(b);
        CHECK(json.find("\"content_hex\":\"782c790afffe0a\"") != std::string::npos);  // not UTF-8: hex
        CHECK(json.find("\"content\":\"plain text\\n\"") != std::string::npos);
        auto read = bundle::read_bundle(json, "b.json");
        REQUIRE_MESSAGE(read, (read ? "" : read.error().message));
        const auto& r = read->bundle;
        CHECK(read->inconsistencies.empty());
        CHECK(r.snapshot_id == 7);
        CHECK(r.files.size() == 3);
        CHECK(r.files[0].content == b.files[0].content);
        CHECK(r.files[1].content == b.files[1].content);
        CHECK_FALSE(r.files[2].content);
        REQUIRE(r.rows.size() == 1);
        CHECK(r.rows[0].verdict == b.rows[0].verdict);
        REQUIRE(r.chains.size() == 1);
        const auto& e = r.chains[0];
        CHECK(e.result.proofs == b.chains[0].result.proofs);
        CHECK(e.result.response_bytes == 99);
        REQUIRE(e.evidence);
        CHECK(e.evidence->assets[1].contract == b.rows[0].address);
        CHECK(e.evidence->confirmations == 12);
        CHECK(e.evidence->proof_data->nodes == b.chains[0].evidence->proof_data->nodes);
        CHECK(e.evidence->proof_data->slots == b.chains[0].evidence->proof_data->slots);
        CHECK(e.owner_checks == b.chains[0].owner_checks);
        CHECK(e.signature_checks == b.chains[0].signature_checks);
        CHECK(r.outpoints == b.outpoints);
        CHECK(r.totals.size() == 1);
        CHECK(r.unscanned == b.unscanned);
    }

    TEST_CASE("bundle::write_bundle/read_bundle: an [evm.NAME] chain keeps its name, the others write none")
    {
        auto b = sample();
        store::ExportedChain arb = b.chains[0];
        arb.result.source = "arbitrum";
        arb.result.chain_id = "42161";
        b.chains.push_back(arb);
        const std::string json = bundle::write_bundle(b);
        CHECK(json.find("\"source\":\"arbitrum\"") != std::string::npos);
        CHECK(json.find("\"source\":\"\"") == std::string::npos);
        auto read = bundle::read_bundle(json, "b.json");
        REQUIRE_MESSAGE(read, (read ? "" : read.error().message));
        REQUIRE(read->bundle.chains.size() == 2);
        CHECK(read->bundle.chains[0].result.source.empty());
        CHECK(read->bundle.chains[1].result.source == "arbitrum");
        CHECK(read->bundle.chains[1].result.chain_id == "42161");
        // A name that is a built-in chain's, or empty, is not a section's.
        for (const std::string bad : {"bitcoin", ""}) {
            std::string altered = json;
            altered.replace(altered.find("\"source\":\"arbitrum\""), 19, "\"source\":\"" + bad + "\"");
            CHECK_FALSE(bundle::read_bundle(altered, "b.json"));
        }
    }

    TEST_CASE("bundle::write_bundle/read_bundle: an ASSET@NAME balance carries its own chain's height and hash")
    {
        auto b = sample();
        store::ExportedChain arb = b.chains[0];
        arb.result.source = "arbitrum";
        arb.result.height = 77;
        arb.result.block_hash = "0x" + std::string(64, 'a');
        b.chains.push_back(arb);
        b.balances.push_back({address::Chain::ethereum, b.rows[0].address, "ETH@arbitrum", Units(9)});
        std::string json = bundle::write_bundle(b);
        const std::string arb_block = "\"height\":77,\"block_hash\":\"0x" + std::string(64, 'a') + "\"";
        const auto at = json.rfind("\"asset\":\"ETH@arbitrum\",\"units\":\"9\"," + arb_block);
        REQUIRE(at != std::string::npos);
        CHECK(json.find("\"asset\":\"ETH\",\"units\":\"5\",\"height\":55,") != std::string::npos);
        auto read = bundle::read_bundle(json, "b.json");
        REQUIRE_MESSAGE(read, (read ? "" : read.error().message));
        CHECK(read->inconsistencies.empty());
        REQUIRE(read->bundle.balances.size() == 2);
        CHECK(read->bundle.balances[1].asset == "ETH@arbitrum");
        CHECK(read->bundle.balances[1].units == Units(9));
        // Mainnet's block on arbitrum's balance is an inconsistency naming arbitrum.
        json.replace(json.find(arb_block, at), arb_block.size(),
                     "\"height\":55,\"block_hash\":\"0x" + std::string(64, 'e') + "\"");
        read = bundle::read_bundle(json, "b.json");
        REQUIRE(read);
        REQUIRE(read->inconsistencies.size() == 1);
        CHECK(read->inconsistencies[0].find("its chain arbitrum was read at 77") != std::string::npos);
    }

    TEST_CASE("bundle::read_bundle: another format or version is an error, a balance at another block is reported")
    {
        CHECK(bundle::read_bundle("[]", "x.json").error().message.find("x.json: $.format") == 0);
        CHECK(bundle::read_bundle(R"({"format":"porwatch-bundle","version":2})", "x.json")
                  .error()
                  .message.find("version") != std::string::npos);
        CHECK(bundle::read_bundle("{", "x.json").error().message.find("not JSON") != std::string::npos);
        std::string json = bundle::write_bundle(sample());
        const std::string height = "\"height\":55,\"block_hash\":\"0x" + std::string(64, 'e');
        const auto at = json.rfind(height);  // the balance's (written after the chain's)
        REQUIRE(at != std::string::npos);
        json.replace(at, 12, "\"height\":54,");
        auto read = bundle::read_bundle(json, "x.json");
        REQUIRE(read);
        REQUIRE(read->inconsistencies.size() == 1);
        const auto report = bundle::check_offline(read->bundle, read->inconsistencies);
        CHECK(report.failed());
    }

    TEST_CASE("bundle prices: written and read back, every value re-computed offline, a changed answer or age caught")
    {
        const auto b = priced_sample();
        auto read = bundle::read_bundle(bundle::write_bundle(b), "p.json");
        REQUIRE_MESSAGE(read, (read ? "" : read.error().message));
        REQUIRE(read->bundle.prices);
        const auto& p = *read->bundle.prices;
        CHECK(p.total.value == b.prices->total.value);
        CHECK(p.total.price_height == 54u);
        CHECK(p.block_timestamp == 1700000000);
        REQUIRE(p.feeds.size() == 1);
        CHECK(p.feeds[0].answer == b.prices->feeds[0].answer);
        CHECK(p.feeds[0].round_id == b.prices->feeds[0].round_id);
        CHECK(p.feeds[0].age_s == 100);
        REQUIRE(p.values.size() == 1);
        CHECK(p.values[0].value == b.prices->values[0].value);
        CHECK_FALSE(p.values[0].claimed_value);

        const auto report = bundle::check_offline(read->bundle);
        REQUIRE(find_part(report, "values"));
        CHECK_MESSAGE(find_part(report, "values")->status == bundle::PartStatus::ok,
                      find_part(report, "values")->detail);
        CHECK(find_part(report, "values")->detail.find("6000.00000000 USD") != std::string::npos);
        CHECK(find_part(report, "price feeds")->status == bundle::PartStatus::ok);
        CHECK(find_part(report, "price block")->status == bundle::PartStatus::not_checked);  // header not carried

        auto answer = b;
        answer.prices->feeds[0].answer = "200000000001";
        CHECK(find_part(bundle::check_offline(answer), "values")->status == bundle::PartStatus::failed);
        auto age = b;
        age.prices->feeds[0].age_s = 99;
        const auto aged = bundle::check_offline(age);
        CHECK(find_part(aged, "price feeds")->status == bundle::PartStatus::failed);
        CHECK(find_part(aged, "price feeds")->detail.find("block time − updatedAt is 100 s") != std::string::npos);
        auto total = b;
        total.prices->total.value += 1;
        CHECK(find_part(bundle::check_offline(total), "values")->status == bundle::PartStatus::failed);

        store::SnapshotExport none = sample();
        auto unpriced = bundle::read_bundle(bundle::write_bundle(none), "n.json");
        REQUIRE(unpriced);
        CHECK_FALSE(unpriced->bundle.prices);
        CHECK(find_part(bundle::check_offline(unpriced->bundle), "prices")->status == bundle::PartStatus::not_checked);
    }
}
