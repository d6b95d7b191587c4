-- porwatch schema v5 (issue 10): proven reserves beside observed ones, claim totals that say
-- when they are incomplete, the book rows no source reads, and views that compare and
-- subtract money exactly in plain SQL (the sqlite3 CLI, any SQLite client; no extension).
--
-- Frozen names added: network 'testnet4' (Bitcoin's BIP-94 test network).
--
-- Exactness in SQL. Money stays TEXT (decimal base units). The views add:
--  - *_key columns: the amount left-padded with zeros to 80 digits (uint256 has at most 78),
--    so `=`, `<`, ORDER BY, min() and max() on keys compare amounts exactly as numbers;
--  - reserve_changes: the exact signed difference between consecutive totals, computed by
--    5-limb (16-digit) subtraction with borrows decided by fixed-width text comparison. Every
--    intermediate is an integer below 10^17, so SQLite's 64-bit integers never overflow
--    (CAST(units AS INTEGER) saturates at 2^63-1, about 9.2 ETH in wei: never use it on money).
-- Address columns of the views compare with NOCASE, so an EVM address matches in any case (as
-- exchanges publish it) and a bech32 one in upper case too. A base58 address differing only in
-- case from a stored one is not a valid address (its checksum fails), so it is a mistyping of
-- that one; porwatch itself always looks addresses up exactly.

-- Proven reserves: the part of `units` held by addresses whose ownership was verified in that
-- snapshot. NULL for totals stored before v5: unknown, never a made-up zero.
ALTER TABLE asset_totals ADD COLUMN verified_units TEXT;
-- Rows of the asset whose published amount gave no exact claim; when > 0, claimed_units is
-- NULL (the claim total is incomplete, never quietly short). NULL before v5: not counted then.
ALTER TABLE asset_totals ADD COLUMN claim_errors INTEGER;

-- Book rows that no configured source reads (unsupported coin, an asset without `token =`,
-- an EVM L2, TRON, an address that does not parse), per snapshot, grouped by reason and asset.
-- They are never summed under another asset. claimed_units is the exact sum of their
-- published amounts when every one is an exact claim, else NULL.
CREATE TABLE snapshot_unscanned (
    snapshot_id       INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    reason            TEXT    NOT NULL,
    asset             TEXT    NOT NULL,
    chain             TEXT    NOT NULL DEFAULT '',  -- chain, EVM network, or '' when unknown
    row_count         INTEGER NOT NULL,
    claimed_row_count INTEGER NOT NULL,             -- rows that publish an amount
    claimed_units     TEXT,
    decimals          INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, reason, asset, chain)
) WITHOUT ROWID;

-- Lookups by address in any case (the views' NOCASE address columns use it).
CREATE INDEX addresses_address_nocase ON addresses (address COLLATE NOCASE);

DROP VIEW latest_reserves;
DROP VIEW reserve_history;
DROP VIEW address_balance_at;
DROP VIEW address_balances_latest;
DROP VIEW address_book;
DROP VIEW ownership_latest;

-- Every stored per-asset total with the chain evidence it was read at. amount, verified_amount
-- and claimed_amount are exact decimal text (string slicing, as in 002_views.sql).
CREATE VIEW reserve_history AS
SELECT t.snapshot_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS taken_at,
       s.status AS snapshot_status,
       t.asset,
       t.chain,
       c.height,
       c.block_hash,
       t.units,
       CASE WHEN t.decimals = 0 THEN t.units
            ELSE (CASE WHEN length(t.units) > t.decimals
                       THEN substr(t.units, 1, length(t.units) - t.decimals) ELSE '0' END)
                 || '.' || substr(replace(hex(zeroblob(t.decimals)), '00', '0') || t.units,
                                  -t.decimals)
       END AS amount,
       t.verified_units,
       CASE WHEN t.verified_units IS NULL THEN NULL
            WHEN t.decimals = 0 THEN t.verified_units
            ELSE (CASE WHEN length(t.verified_units) > t.decimals
                       THEN substr(t.verified_units, 1, length(t.verified_units) - t.decimals)
                       ELSE '0' END)
                 || '.' || substr(replace(hex(zeroblob(t.decimals)), '00', '0')
                                  || t.verified_units, -t.decimals)
       END AS verified_amount,
       t.claimed_units,
       CASE WHEN t.claimed_units IS NULL THEN NULL
            WHEN t.decimals = 0 THEN t.claimed_units
            ELSE (CASE WHEN length(t.claimed_units) > t.decimals
                       THEN substr(t.claimed_units, 1, length(t.claimed_units) - t.decimals)
                       ELSE '0' END)
                 || '.' || substr(replace(hex(zeroblob(t.decimals)), '00', '0')
                                  || t.claimed_units, -t.decimals)
       END AS claimed_amount,
       t.claim_errors,
       t.addresses,
       t.verified_addresses,
       t.addresses - t.verified_addresses AS unverified_addresses,
       t.decimals,
       substr(replace(hex(zeroblob(80)), '00', '0') || t.units, -80) AS units_key,
       substr(replace(hex(zeroblob(80)), '00', '0') || t.verified_units, -80) AS verified_key,
       substr(replace(hex(zeroblob(80)), '00', '0') || t.claimed_units, -80) AS claimed_key
FROM asset_totals t
JOIN snapshots s ON s.id = t.snapshot_id
JOIN snapshot_chains c ON c.snapshot_id = t.snapshot_id AND c.chain = t.chain;

-- The most recent stored total of each (asset, chain). When the latest snapshot failed for a
-- chain, this is an older total: taken_at says when it was read.
CREATE VIEW latest_reserves AS
SELECT r.*
FROM reserve_history r
WHERE r.snapshot_id = (SELECT max(t.snapshot_id) FROM asset_totals t
                       WHERE t.asset = r.asset AND t.chain = r.chain);

-- The change of every total against the previous stored total of the same (asset, chain,
-- basis), exactly: basis 'all' is units (every address), 'verified' is verified_units (proven
-- addresses; totals from before v5 have none and are skipped). change_units is signed decimal
-- text in base units, change_amount the same in coin units, change_key sorts numerically
-- (ORDER BY change_key: the largest drop first). NULL on the first total of a series.
CREATE VIEW reserve_changes AS
WITH series AS (
    SELECT snapshot_id, taken_at, snapshot_status, asset, chain, height, block_hash, decimals,
           'all' AS basis, units
    FROM reserve_history
    UNION ALL
    SELECT snapshot_id, taken_at, snapshot_status, asset, chain, height, block_hash, decimals,
           'verified', verified_units
    FROM reserve_history WHERE verified_units IS NOT NULL
),
paired AS (
    SELECT s.*,
           LAG(s.snapshot_id) OVER w AS previous_snapshot_id,
           LAG(s.units) OVER w AS previous_units
    FROM series s
    WINDOW w AS (PARTITION BY s.asset, s.chain, s.basis ORDER BY s.snapshot_id)
),
keyed AS (
    SELECT p.*,
           substr(replace(hex(zeroblob(80)), '00', '0') || p.units, -80) AS k_now,
           substr(replace(hex(zeroblob(80)), '00', '0') || p.previous_units, -80) AS k_before
    FROM paired p
),
ordered AS (   -- a >= b: the difference's magnitude is a - b
    SELECT k.*, max(k_now, k_before) AS a, min(k_now, k_before) AS b,
           CASE WHEN k_now < k_before THEN '-' ELSE '' END AS sign
    FROM keyed k
),
limbs AS (     -- r0 least significant; each borrow is a fixed-width comparison of the lower limbs
    SELECT o.*,
           CAST(substr(a, 65, 16) AS INTEGER) - CAST(substr(b, 65, 16) AS INTEGER)
             + 10000000000000000 * (substr(a, -16) < substr(b, -16)) AS r0,
           CAST(substr(a, 49, 16) AS INTEGER) - CAST(substr(b, 49, 16) AS INTEGER)
             - (substr(a, -16) < substr(b, -16))
             + 10000000000000000 * (substr(a, -32) < substr(b, -32)) AS r1,
           CAST(substr(a, 33, 16) AS INTEGER) - CAST(substr(b, 33, 16) AS INTEGER)
             - (substr(a, -32) < substr(b, -32))
             + 10000000000000000 * (substr(a, -48) < substr(b, -48)) AS r2,
           CAST(substr(a, 17, 16) AS INTEGER) - CAST(substr(b, 17, 16) AS INTEGER)
             - (substr(a, -48) < substr(b, -48))
             + 10000000000000000 * (substr(a, -64) < substr(b, -64)) AS r3,
           CAST(substr(a, 1, 16) AS INTEGER) - CAST(substr(b, 1, 16) AS INTEGER)
             - (substr(a, -64) < substr(b, -64)) AS r4
    FROM ordered o
),
magnitude AS (
    SELECT l.*,
           printf('%016d%016d%016d%016d%016d', r4, r3, r2, r1, r0) AS m80
    FROM limbs l
),
digits AS (
    SELECT m.*, CASE WHEN ltrim(m80, '0') = '' THEN '0' ELSE ltrim(m80, '0') END AS m
    FROM magnitude m
)
SELECT snapshot_id, taken_at, snapshot_status, asset, chain, height, block_hash, basis, units,
       previous_snapshot_id, previous_units,
       CASE WHEN previous_units IS NULL THEN NULL
            WHEN m = '0' THEN '0' ELSE sign || m END AS change_units,
       CASE WHEN previous_units IS NULL THEN NULL
            ELSE (CASE WHEN m = '0' THEN '' ELSE sign END)
                 || CASE WHEN decimals = 0 THEN m
                         ELSE (CASE WHEN length(m) > decimals
                                    THEN substr(m, 1, length(m) - decimals) ELSE '0' END)
                              || '.' || substr(replace(hex(zeroblob(decimals)), '00', '0') || m,
                                               -decimals)
                    END
       END AS change_amount,
       -- 'A' + nines' complement of the magnitude for a fall (a larger fall sorts first),
       -- 'B' + the magnitude for no change or a rise.
       CASE WHEN previous_units IS NULL THEN NULL
            WHEN sign = '-' THEN
                'A' || replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
                       replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
                       m80, '0', 'a'), '1', 'b'), '2', 'c'), '3', 'd'), '4', 'e'),
                       '5', 'f'), '6', 'g'), '7', 'h'), '8', 'i'), '9', 'j'),
                       'a', '9'), 'b', '8'), 'c', '7'), 'd', '6'), 'e', '5'),
                       'f', '4'), 'g', '3'), 'h', '2'), 'i', '1'), 'j', '0')
            ELSE 'B' || m80 END AS change_key,
       decimals
FROM digits;

-- The balance of every address and asset at every snapshot (delta rows expanded). Filter it:
--   SELECT * FROM address_balance_at WHERE address = '…' AND snapshot_id = 42;
-- changed_at_snapshot is the snapshot whose row holds the value; chain_status is the status
-- of the address's chain in this snapshot (NULL when the chain was not scanned): anything but
-- 'complete' means the value was carried over from an earlier snapshot, not re-read.
CREATE VIEW address_balance_at AS
SELECT s.id AS snapshot_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS taken_at,
       a.chain,
       a.network,
       a.address COLLATE NOCASE AS address,
       b.asset,
       b.units,
       b.snapshot_id AS changed_at_snapshot,
       c.status AS chain_status,
       substr(replace(hex(zeroblob(80)), '00', '0') || b.units, -80) AS units_key
FROM balance_changes b
JOIN addresses a ON a.id = b.address_id
JOIN snapshots s ON s.id >= b.snapshot_id
LEFT JOIN snapshot_chains c ON c.snapshot_id = s.id AND c.chain = a.chain
WHERE b.units IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM balance_changes n
                  WHERE n.address_id = b.address_id AND n.asset = b.asset
                    AND n.snapshot_id > b.snapshot_id AND n.snapshot_id <= s.id);

-- Every stored balance change of every address (units NULL = the address left the book).
CREATE VIEW balance_history AS
SELECT a.chain,
       a.network,
       a.address COLLATE NOCASE AS address,
       b.asset,
       b.snapshot_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS taken_at,
       b.units
FROM balance_changes b
JOIN addresses a ON a.id = b.address_id
JOIN snapshots s ON s.id = b.snapshot_id;

-- The current balance of every address in the book, and since when it has held it.
CREATE VIEW address_balances_latest AS
SELECT a.chain,
       a.network,
       a.address COLLATE NOCASE AS address,
       a.label,
       b.asset,
       b.units,
       b.snapshot_id AS since_snapshot,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS since,
       substr(replace(hex(zeroblob(80)), '00', '0') || b.units, -80) AS units_key
FROM balance_changes b
JOIN addresses a ON a.id = b.address_id
JOIN snapshots s ON s.id = b.snapshot_id
WHERE b.units IS NOT NULL
  AND a.removed_at IS NULL
  AND b.snapshot_id = (SELECT max(n.snapshot_id) FROM balance_changes n
                       WHERE n.address_id = b.address_id AND n.asset = b.asset);

-- The address book with last_seen filled in for addresses still in the book.
CREATE VIEW address_book AS
SELECT a.id,
       a.chain,
       a.network,
       a.address COLLATE NOCASE AS address,
       a.script_hex,
       a.source_file,
       a.label,
       strftime('%Y-%m-%dT%H:%M:%SZ', a.first_seen, 'unixepoch') AS first_seen,
       strftime('%Y-%m-%dT%H:%M:%SZ',
                CASE WHEN a.removed_at IS NULL
                     THEN (SELECT max(s.started_at) FROM snapshots s
                           WHERE s.book_entries IS NOT NULL)
                     ELSE a.last_seen END, 'unixepoch') AS last_seen,
       strftime('%Y-%m-%dT%H:%M:%SZ', a.removed_at, 'unixepoch') AS removed_at
FROM addresses a;

-- The latest ownership verdict of every (address, coin row).
CREATE VIEW ownership_latest AS
SELECT a.chain,
       a.network,
       a.address COLLATE NOCASE AS address,
       o.coin,
       o.status,
       o.scheme,
       o.reason,
       o.proven,
       o.required,
       strftime('%Y-%m-%dT%H:%M:%SZ', o.checked_at, 'unixepoch') AS since,
       k.file,
       k.file_hash,
       a.removed_at IS NULL AS in_book
FROM ownership_results o
JOIN addresses a ON a.id = o.address_id
JOIN ownership_checks k ON k.id = o.check_id
WHERE o.id = (SELECT max(p.id) FROM ownership_results p
              WHERE p.address_id = o.address_id AND p.coin = o.coin);

-- The book rows no source read in each snapshot, with their exact claimed amounts.
CREATE VIEW unscanned_claims AS
SELECT u.snapshot_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS taken_at,
       u.reason,
       u.asset,
       u.chain,
       u.row_count,
       u.claimed_row_count,
       u.claimed_units,
       CASE WHEN u.claimed_units IS NULL THEN NULL
            WHEN u.decimals = 0 THEN u.claimed_units
            ELSE (CASE WHEN length(u.claimed_units) > u.decimals
                       THEN substr(u.claimed_units, 1, length(u.claimed_units) - u.decimals)
                       ELSE '0' END)
                 || '.' || substr(replace(hex(zeroblob(u.decimals)), '00', '0')
                                  || u.claimed_units, -u.decimals)
       END AS claimed_amount
FROM snapshot_unscanned u
JOIN snapshots s ON s.id = u.snapshot_id;
