// Schema 006 evidence: chain_evidence rows, delta-stored UTXO outpoints, the address files'
// bytes, and Store::export_snapshot reading them back for a bundle.
#include <doctest/doctest.h>

#include "porwatch/store/evidence_codec.hpp"
#include "test_store_support.hpp"

using namespace porwatch;
using namespace porwatch::test;
using address::Chain;

namespace {

chain::UtxoOutpoint outpoint(const std::string& address, char txid, std::uint32_t vout, std::uint64_t sat,
                             std::uint64_t height)
{
    return chain::UtxoOutpoint{Chain::litecoin, address, std::string(64, txid), vout, Units(sat), height};
}

// A native book whose label holds a byte that is not UTF-8: stored and exported byte for byte.
std::string book_content()
{
    return "chain,network,address,asset,message,signatures,script,scheme,label\nlitecoin,regtest," +
           test_address(Chain::litecoin, 0).text + ",LTC,,,,,caf\xff\n";
}

struct Fixture {
    addressbook::BookEntry ltc0 = test_entry(Chain::litecoin, 0, "LTC");
    addressbook::BookEntry ltc1 = test_entry(Chain::litecoin, 1, "LTC");
    addressbook::BookEntry eth0 = test_entry(Chain::ethereum, 2, "ETH");
    std::vector<addressbook::BookEntry> entries{ltc0, ltc1, eth0};

    snapshot::Snapshot snapshot(std::int64_t at, std::vector<chain::UtxoOutpoint> outpoints) const
    {
        snapshot::Snapshot s;
        s.started_at = at;
        s.finished_at = at + 5;
        s.status = snapshot::SnapshotStatus::complete;
        s.chains.push_back(test_chain(Chain::litecoin, snapshot::ChainStatus::complete, 100));
        auto eth = test_chain(Chain::ethereum, snapshot::ChainStatus::complete, 55);
        chain::ProofSummary p;
        p.mode = "sample:64";
        p.header_verified = true;
        p.header_fork = "prague";
        p.state_root = "0x" + std::string(64, 'a');
        p.balances = 1;
        p.accounts_selected = 1;
        p.accounts_proven = 1;
        p.balances_proven = 1;
        p.unproven_assets = {"USDT"};
        p.endpoints_checked = 1;
        eth.proofs = p;
        eth.response_bytes = 1234;
        s.chains.push_back(eth);
        Units ltc_sum[2] = {0, 0};
        for (const auto& o : outpoints) ltc_sum[o.address == ltc0.address->text ? 0 : 1] += o.units;
        s.balances = {{Chain::litecoin, ltc0.address->text, "LTC", ltc_sum[0]},
                      {Chain::litecoin, ltc1.address->text, "LTC", ltc_sum[1]},
                      {Chain::ethereum, eth0.address->text, "ETH", Units(7)}};
        s.outpoints = std::move(outpoints);
        snapshot::ChainEvidence ltc_evidence{Chain::litecoin, {{"LTC", 8}}, 1, std::nullopt};
        chain::ProofData data;
        data.header_rlp = Bytes{0xc1, 0x80};
        data.nodes = {Bytes{0xc2, 0x80, 0x80}, Bytes{0x82, 0x01, 0x02}};
        data.accounts.push_back(chain::ProvenAccount{eth0.address->text, true, 3, Units(7), "0x" + std::string(64, 'b'),
                                                     "0x" + std::string(64, 'c')});
        data.slots.push_back(chain::ProvenSlot{"TST", eth0.address->text, eth0.address->text, Units(0),
                                               "0x" + std::string(64, 'd'), Units(9), Units(255), Units(9)});
        snapshot::ChainEvidence eth_evidence{
            Chain::ethereum, {{"ETH", 18}, {"TST", 18, "0x00000000000000000000000000000000000a11CE"}}, 0, data};
        s.evidence = {ltc_evidence, eth_evidence};
        s.owner_checks.push_back(chain::OwnerCheck{eth0.address->text, true, true, {eth0.address->text}, 1, ""});
        s.book_files = {{"reserves.csv", book_content()}};
        return s;
    }

    store::BookInput book() const
    {
        store::BookInput in;
        in.entries = entries;
        in.file_hashes = {{"reserves.csv", "ab12"}};
        return in;
    }
};

}  // namespace

TEST_SUITE("store")
{
    TEST_CASE("store::write_snapshot/export_snapshot: evidence, outpoints and files round-trip")
    {
        TempDir dir("evidence");
        auto db = store::Store::open(dir.file("p.db"));
        REQUIRE(db);
        Fixture f;
        const auto a = f.ltc0.address->text;
        const auto b = f.ltc1.address->text;
        auto first =
            f.snapshot(1000, {outpoint(a, '1', 0, 100, 90), outpoint(a, '2', 1, 50, 95), outpoint(b, '3', 0, 7, 99)});
        auto w1 = db->write_snapshot(first, f.book());
        REQUIRE_MESSAGE(w1, (w1 ? "" : w1.error().message));
        // The next snapshot: one output spent, one new, one unchanged (nothing rewritten for it).
        auto second =
            f.snapshot(2000, {outpoint(a, '1', 0, 100, 90), outpoint(b, '3', 0, 7, 99), outpoint(b, '4', 2, 1, 100)});
        auto w2 = db->write_snapshot(second, f.book());
        REQUIRE(w2);
        CHECK(sql_one(dir.file("p.db"), "SELECT count(*) FROM utxo_outpoints") == "4");
        CHECK(sql_one(dir.file("p.db"),
                      "SELECT substr(txid, 1, 1), gone_snapshot FROM utxo_outpoints WHERE gone_snapshot IS NOT NULL") ==
              "2|" + std::to_string(w2->snapshot_id));
        CHECK(sql_one(dir.file("p.db"), "SELECT count(*) FROM book_files") == "1");  // once per content hash

        auto e1 = db->export_snapshot(w1->snapshot_id);
        REQUIRE_MESSAGE(e1, (e1 ? "" : e1.error().message));
        CHECK(e1->book_recorded);
        REQUIRE(e1->files.size() == 1);
        CHECK(e1->files[0].content == book_content());  // byte for byte
        REQUIRE(e1->rows.size() == 1);
        CHECK(e1->rows[0].address == a);
        CHECK(e1->rows[0].line == 2);
        CHECK(e1->outpoints == first.outpoints);
        auto e2 = db->export_snapshot(w2->snapshot_id);
        REQUIRE(e2);
        std::vector<chain::UtxoOutpoint> sorted = second.outpoints;
        std::sort(sorted.begin(), sorted.end());
        CHECK(e2->outpoints == sorted);
        REQUIRE(e2->chains.size() == 2);
        const auto& eth = e2->chains[0].result.chain == Chain::ethereum ? e2->chains[0] : e2->chains[1];
        REQUIRE(eth.evidence);
        REQUIRE(eth.evidence->proof_data);
        CHECK(eth.evidence->proof_data->nodes == second.evidence[1].proof_data->nodes);
        CHECK(eth.evidence->proof_data->header_rlp == Bytes{0xc1, 0x80});
        CHECK(eth.evidence->proof_data->accounts == second.evidence[1].proof_data->accounts);
        CHECK(eth.evidence->proof_data->slots == second.evidence[1].proof_data->slots);
        CHECK(eth.evidence->assets[1].contract == "0x00000000000000000000000000000000000a11CE");
        CHECK(eth.result.proofs == second.chains[1].proofs);
        CHECK(eth.result.response_bytes == 1234);
        CHECK(eth.owner_checks == second.owner_checks);
        CHECK(e2->balances.size() == 3);

        auto status = db->status();
        REQUIRE(status);
        REQUIRE(status->evidence.size() == 2);
        CHECK(status->evidence[0].chain == "ethereum");
        CHECK(status->evidence[0].proofs->unproven_assets == std::vector<std::string>{"USDT"});
        CHECK(status->evidence[1].outpoints == 3);

        // Retention deletes the first snapshot: the second still reads its own outpoints.
        auto kept = db->apply_retention(store::RetentionPolicy{0, 0}, 10 * 86400);
        REQUIRE(kept);
        CHECK(kept->snapshots_deleted == 1);
        auto again = db->export_snapshot(w2->snapshot_id);
        REQUIRE(again);
        CHECK(again->outpoints == sorted);
        CHECK_FALSE(db->export_snapshot(w1->snapshot_id));
    }

    TEST_CASE("store::codec: proof nodes join and split, evidence JSON round-trips")
    {
        const std::vector<Bytes> nodes{Bytes{0x01}, Bytes{0x82, 0xaa, 0xbb}, Bytes(70, 0x11)};
        std::vector<Bytes> encoded;
        for (const auto& n : nodes) encoded.push_back(n.size() == 70 ? Bytes{0xb8, 0x46} : Bytes{});
        encoded[2].insert(encoded[2].end(), nodes[2].begin(), nodes[2].end());
        encoded[0] = nodes[0];
        encoded[1] = nodes[1];
        auto split = store::codec::split_nodes(store::codec::join_nodes(encoded));
        REQUIRE(split);
        CHECK(*split == encoded);
        CHECK_FALSE(store::codec::split_nodes(Bytes{0x82, 0xaa}));  // truncated
        chain::ProofSummary p;
        p.mode = "all";
        p.failure = "proof does not match: x";
        p.unproven_assets = {"A", "B"};
        CHECK(*store::codec::parse_proof_summary(store::codec::proof_summary_json(p)) == p);
        CHECK_FALSE(store::codec::parse_proven(R"({"accounts":[{"address":"0x1"}],"slots":[]})"));
    }
}
