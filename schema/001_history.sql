-- porwatch schema v1: the address book, ownership verdicts, snapshots and their evidence,
-- per-asset totals, and per-address balances stored only when they change.
--
-- On-disk format rules (frozen once released, like leveldb's file formats):
--  - Enum columns hold frozen names: chain ('bitcoin', 'litecoin', 'ethereum', 'tron'),
--    network ('main', 'test', 'signet', 'regtest'), snapshot status ('complete', 'partial',
--    'failed'), chain status ('complete', 'failed', 'disputed'), proof status ('verified',
--    'failed', 'unsupported', 'unsigned', 'owners-signed').
--  - Money is TEXT holding a base-10 integer in base units (satoshi, wei, token units),
--    never REAL. Times are INTEGER UTC unix seconds.
--  - Migrations only add: a migration never drops or rewrites stored data.

-- One row per watched address (chain, network, canonical text). An address that leaves the
-- published files keeps its row with removed_at set; if it comes back, removed_at is cleared.
CREATE TABLE addresses (
    id          INTEGER PRIMARY KEY,
    chain       TEXT    NOT NULL,
    network     TEXT    NOT NULL,
    address     TEXT    NOT NULL,           -- canonical text (bech32 lower case, EIP-55, ...)
    script_hex  TEXT    NOT NULL DEFAULT '',-- scriptPubKey for UTXO chains, '' for accounts
    source_file TEXT    NOT NULL DEFAULT '',-- the file that listed it last
    label       TEXT    NOT NULL DEFAULT '',
    first_seen  INTEGER NOT NULL,
    -- The last book sync that contained the address. Kept NULL while the address is in the
    -- current book so that an unchanged snapshot rewrites no address row (see the view
    -- address_book, which fills it in); set when the address leaves the book.
    last_seen   INTEGER,
    removed_at  INTEGER,                    -- NULL while the address is in the book
    UNIQUE (chain, network, address)
);
CREATE INDEX addresses_address ON addresses (address);

-- Snapshots. chains_count and totals_count say how many child rows a whole snapshot has,
-- so a reader can check that nothing is missing.
CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('complete', 'partial', 'failed')),
    error        TEXT    NOT NULL DEFAULT '',
    book_entries INTEGER,                   -- addresses in the book; NULL = book not synced
    chains_count INTEGER NOT NULL,
    totals_count INTEGER NOT NULL
);
CREATE INDEX snapshots_started_at ON snapshots (started_at);

-- Address book diff: which addresses entered or left the book at which snapshot.
CREATE TABLE book_events (
    id          INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
    address_id  INTEGER NOT NULL REFERENCES addresses (id),
    event       TEXT    NOT NULL CHECK (event IN ('added', 'removed')),
    at          INTEGER NOT NULL,           -- the snapshot's started_at when it happened
    source_file TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX book_events_snapshot ON book_events (snapshot_id);

-- One row per ownership check of a file (every time the daemon re-verifies it).
CREATE TABLE ownership_checks (
    id         INTEGER PRIMARY KEY,
    checked_at INTEGER NOT NULL,
    file       TEXT    NOT NULL,
    file_hash  TEXT    NOT NULL,            -- hex SHA-256 of the file content that was checked
    entries    INTEGER NOT NULL,
    verified   INTEGER NOT NULL
);

-- Ownership verdict history per (address, coin row). A row is inserted only when the verdict
-- (status, scheme, reason, proven, required, signers) differs from the previous one for the
-- same key, so the history shows every change, and which check (file hash, time) saw it.
CREATE TABLE ownership_results (
    id          INTEGER PRIMARY KEY,
    address_id  INTEGER NOT NULL REFERENCES addresses (id),
    coin        TEXT    NOT NULL,           -- the row's coin as published ("BTC", "USDT-ERC20")
    check_id    INTEGER NOT NULL REFERENCES ownership_checks (id),
    checked_at  INTEGER NOT NULL,
    status      TEXT    NOT NULL,
    scheme      TEXT    NOT NULL DEFAULT '',
    reason      TEXT    NOT NULL DEFAULT '',
    proven      INTEGER NOT NULL DEFAULT 0,
    required    INTEGER NOT NULL DEFAULT 0,
    signers     TEXT    NOT NULL DEFAULT '' -- comma-separated EIP-55 owner EOAs
);
CREATE INDEX ownership_results_key ON ownership_results (address_id, coin, id);

-- Per-chain evidence of a snapshot. endpoints and disagreements are JSON arrays:
--   endpoints:     [{"endpoint","height","block_hash","error"}]   (endpoints are redacted)
--   disagreements: [{"address","asset","endpoint","units"}]
CREATE TABLE snapshot_chains (
    snapshot_id   INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    chain         TEXT    NOT NULL,
    network       TEXT    NOT NULL,
    chain_id      TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL CHECK (status IN ('complete', 'failed', 'disputed')),
    height        INTEGER NOT NULL,
    block_hash    TEXT    NOT NULL,
    duration_ms   INTEGER NOT NULL,
    error         TEXT    NOT NULL DEFAULT '',
    endpoints     TEXT    NOT NULL DEFAULT '[]',
    disagreements TEXT    NOT NULL DEFAULT '[]',
    PRIMARY KEY (snapshot_id, chain)
) WITHOUT ROWID;

-- Per-asset totals, every snapshot, for the chains that completed.
CREATE TABLE asset_totals (
    snapshot_id        INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    asset              TEXT    NOT NULL,
    chain              TEXT    NOT NULL,
    decimals           INTEGER NOT NULL,
    units              TEXT    NOT NULL,    -- observed, base units
    claimed_units      TEXT,                -- what the published files claim; NULL if nothing
    addresses          INTEGER NOT NULL,
    verified_addresses INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, asset, chain)
) WITHOUT ROWID;

-- Addresses observed below what the files claim for them.
CREATE TABLE shortfalls (
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    asset          TEXT    NOT NULL,
    address        TEXT    NOT NULL,
    claimed_units  TEXT    NOT NULL,
    observed_units TEXT    NOT NULL
);
CREATE INDEX shortfalls_snapshot ON shortfalls (snapshot_id);

-- Delta storage: a row only when an address's balance of an asset differs from its previous
-- row, plus a row with units NULL when the address leaves the book. The balance at snapshot
-- S is the latest row with snapshot_id <= S (view address_balance_at).
CREATE TABLE balance_changes (
    address_id  INTEGER NOT NULL REFERENCES addresses (id),
    asset       TEXT    NOT NULL,
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
    units       TEXT,                       -- NULL = left the book
    PRIMARY KEY (address_id, asset, snapshot_id)
) WITHOUT ROWID;
CREATE INDEX balance_changes_snapshot ON balance_changes (snapshot_id);
