-- porwatch schema v6 (issue 13): verifiable evidence. What each chain's figures rest on beyond
-- the node's word, and what a bundle (`porwatch export`) needs to be re-checked by anyone:
--  - chain_evidence: per snapshot and chain, the assets read and the confirmations counted;
--    for EVM chains the header check and the proofs (mode, counts, failures), and for complete
--    ones the verified header's RLP, the proof nodes and what they prove, and the contract-wallet
--    checks read at the pinned block;
--  - utxo_outpoints: the outputs behind every Bitcoin-family balance, delta-stored as intervals
--    of snapshots (a row when an output is first counted, closed when it is no longer);
--  - book_files, snapshot_books: the exact bytes of every address file a snapshot read (once
--    per content hash), so its signatures can be re-verified later.
-- Older snapshots have none of these: unknown, and `export` says so.

-- One row per scanned chain of a snapshot (complete, failed or disputed).
--   assets:          [{"asset","decimals"}] in the chain's column order
--   proofs_mode:     'off', 'sample:N' or 'all' (EVM); NULL for UTXO chains
--   unproven_assets: ["SYMBOL", …] tokens without a balance slot (their balanceOf is unproven)
--   header_rlp:      the pinned block's header, which hashes to snapshot_chains.block_hash
--   proof_nodes:     every proof node, concatenated (each node is one RLP item)
--   proven:          {"accounts":[{"address","exists","nonce","balance","storage_root","code_hash"}],
--                     "slots":[{"asset","contract","holder","slot","key","value","mask","balance"}]}
--   contract_checks: {"owner_checks":[…],"signature_checks":[…]} as `scan --json` shows them
-- Money (balance, value, …) is decimal text in the JSON too, never a JSON number.
CREATE TABLE chain_evidence (
    id                INTEGER PRIMARY KEY,
    snapshot_id       INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    chain             TEXT    NOT NULL,
    assets            TEXT    NOT NULL DEFAULT '[]',
    confirmations     INTEGER NOT NULL DEFAULT 0,
    response_bytes    INTEGER NOT NULL DEFAULT 0,
    proofs_mode       TEXT,
    header_verified   INTEGER NOT NULL DEFAULT 0,
    header_fork       TEXT    NOT NULL DEFAULT '',
    state_root        TEXT    NOT NULL DEFAULT '',
    balances          INTEGER NOT NULL DEFAULT 0,
    accounts_selected INTEGER NOT NULL DEFAULT 0,
    accounts_proven   INTEGER NOT NULL DEFAULT 0,
    slots_proven      INTEGER NOT NULL DEFAULT 0,
    balances_proven   INTEGER NOT NULL DEFAULT 0,
    unproven_assets   TEXT    NOT NULL DEFAULT '[]',
    endpoints_checked INTEGER NOT NULL DEFAULT 0,
    failures          INTEGER NOT NULL DEFAULT 0,
    failure           TEXT    NOT NULL DEFAULT '',
    outpoints         INTEGER NOT NULL DEFAULT 0,
    header_rlp        BLOB,
    proof_nodes       BLOB,
    proven            TEXT,
    contract_checks   TEXT,
    UNIQUE (snapshot_id, chain)
);

-- Outputs behind UTXO balances. The set of chain C at snapshot S (C complete at S) is the rows
-- with first_snapshot <= S and (gone_snapshot IS NULL or gone_snapshot > S). Snapshot ids are
-- compared, not referenced: retention may delete the snapshot an interval starts or ends at and
-- every kept snapshot still reads its own set.
CREATE TABLE utxo_outpoints (
    chain          TEXT    NOT NULL,
    txid           TEXT    NOT NULL,            -- 64 hex, as the node shows it
    vout           INTEGER NOT NULL,
    address_id     INTEGER NOT NULL REFERENCES addresses (id),
    units          TEXT    NOT NULL,            -- satoshi
    height         INTEGER NOT NULL,            -- block of the output
    first_snapshot INTEGER NOT NULL,
    gone_snapshot  INTEGER,                     -- NULL while counted
    PRIMARY KEY (chain, txid, vout, first_snapshot)
);
CREATE INDEX utxo_outpoints_open ON utxo_outpoints (chain, gone_snapshot);

-- Address files by content: stored once per SHA-256 (hex) of their bytes.
CREATE TABLE book_files (
    sha256    TEXT    PRIMARY KEY,
    content   BLOB    NOT NULL,
    stored_at INTEGER NOT NULL
);

-- Which file content each snapshot read, by the path in the config; `position` is the file's
-- place in the book (rows are read in that order: the first claim of an address counts).
CREATE TABLE snapshot_books (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    file        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, file)
) WITHOUT ROWID;
