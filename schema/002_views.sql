-- porwatch schema v2: read-only views for people using the sqlite3 CLI (and for porwatch's
-- own queries). Views hold no data, so later migrations may DROP and re-CREATE them.
-- Times are shown as ISO 8601 UTC text; money as integer base units (`units`) and as exact
-- decimal text (`amount`), computed from units and decimals by string slicing, never via REAL:
--   amount = integer part || '.' || the last `decimals` digits of (decimals zeros || units)

-- Every stored per-asset total with the chain evidence it was read at.
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
       t.claimed_units,
       CASE WHEN t.claimed_units IS NULL THEN NULL
            WHEN t.decimals = 0 THEN t.claimed_units
            ELSE (CASE WHEN length(t.claimed_units) > t.decimals
                       THEN substr(t.claimed_units, 1, length(t.claimed_units) - t.decimals)
                       ELSE '0' END)
                 || '.' || substr(replace(hex(zeroblob(t.decimals)), '00', '0')
                                  || t.claimed_units, -t.decimals)
       END AS claimed_amount,
       t.addresses,
       t.verified_addresses,
       t.decimals
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
       a.address,
       b.asset,
       b.units,
       b.snapshot_id AS changed_at_snapshot,
       c.status AS chain_status
FROM balance_changes b
JOIN addresses a ON a.id = b.address_id
JOIN snapshots s ON s.id >= b.snapshot_id
LEFT JOIN snapshot_chains c ON c.snapshot_id = s.id AND c.chain = a.chain
WHERE b.units IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM balance_changes n
                  WHERE n.address_id = b.address_id AND n.asset = b.asset
                    AND n.snapshot_id > b.snapshot_id AND n.snapshot_id <= s.id);

-- The current balance of every address in the book, and since when it has held it.
CREATE VIEW address_balances_latest AS
SELECT a.chain,
       a.network,
       a.address,
       a.label,
       b.asset,
       b.units,
       b.snapshot_id AS since_snapshot,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS since
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
       a.address,
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
       a.address,
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
