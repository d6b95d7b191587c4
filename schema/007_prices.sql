-- porwatch schema v7 (issue 11): transparent pricing. The value of reserves in one quote
-- currency, from Chainlink feeds read on chain at the Ethereum pinned block, with the evidence
-- of every price and the reason an asset is unpriced.
--
-- Frozen names added: price status ('priced', 'unpriced'), feed status ('read', 'unread',
-- 'disputed').
--
-- Values are TEXT holding a base-10 integer in 10^-8 quote units (value_units '123456789' =
-- 1.23456789 USD), like every amount: exact, never REAL; they may exceed 2^256. An unpriced
-- total has NULL values and its reason: never a zero.

-- Every configured feed, every snapshot that read prices: the verdict and what the feed said
-- at the pinned Ethereum block. answer is signed decimal text (a feed may answer < 0);
-- round_id, started_at and updated_at are the uint80/uint256 words as decimal text.
CREATE TABLE snapshot_prices (
    snapshot_id     INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    asset           TEXT    NOT NULL,
    feed            TEXT    NOT NULL,          -- the contract, EIP-55
    status          TEXT    NOT NULL CHECK (status IN ('priced', 'unpriced')),
    reason          TEXT    NOT NULL DEFAULT '',
    quote           TEXT    NOT NULL,          -- the config's quote currency
    feed_status     TEXT    NOT NULL CHECK (feed_status IN ('read', 'unread', 'disputed')),
    description     TEXT,                      -- description() as read (NULL when not read)
    decimals        INTEGER,
    round_id        TEXT,
    answer          TEXT,
    started_at      TEXT,
    updated_at      TEXT,
    age_s           INTEGER,                   -- block timestamp - updatedAt, when priced
    block_height    INTEGER,                   -- the Ethereum block read at (NULL: none pinned)
    block_hash      TEXT,
    block_timestamp INTEGER,
    endpoints       TEXT    NOT NULL DEFAULT '[]', -- JSON: every endpoint, counted or not, and its answer
    PRIMARY KEY (snapshot_id, asset)
) WITHOUT ROWID;
-- Each feed's latest verdict (status, latest_prices) without scanning the whole table.
CREATE INDEX snapshot_prices_asset ON snapshot_prices (asset, snapshot_id);

-- The value of every stored total (asset_totals) of a snapshot that read prices.
CREATE TABLE snapshot_values (
    snapshot_id          INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    asset                TEXT    NOT NULL,
    chain                TEXT    NOT NULL,
    quote                TEXT    NOT NULL,
    value_units          TEXT,                 -- NULL: unpriced
    verified_value_units TEXT,
    claimed_value_units  TEXT,                 -- NULL: unpriced or no claim
    unpriced_reason      TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (snapshot_id, asset, chain)
) WITHOUT ROWID;

-- The snapshot's total over its priced totals. complete = 1 when every chain was complete and
-- every total whose asset has a feed was priced; priced and unpriced are comma-separated
-- asset lists.
CREATE TABLE snapshot_value_totals (
    snapshot_id          INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,
    quote                TEXT    NOT NULL,
    value_units          TEXT    NOT NULL,
    verified_value_units TEXT    NOT NULL,
    claimed_value_units  TEXT,
    complete             INTEGER NOT NULL CHECK (complete IN (0, 1)),
    priced               TEXT    NOT NULL DEFAULT '',
    unpriced             TEXT    NOT NULL DEFAULT '',
    price_block_height   INTEGER,
    price_block_hash     TEXT
);

-- Every valued total with both blocks: the one its balances were read at (height,
-- block_hash of its chain) and the Ethereum block its price was read at. value, verified_value
-- and claimed_value are exact text with 8 decimals; value_key sorts numerically (80 digits).
CREATE VIEW reserve_values AS
SELECT v.snapshot_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS taken_at,
       s.status AS snapshot_status,
       v.asset,
       v.chain,
       c.height,
       c.block_hash,
       v.quote,
       v.value_units,
       CASE WHEN v.value_units IS NULL THEN NULL
            ELSE (CASE WHEN length(v.value_units) > 8
                       THEN substr(v.value_units, 1, length(v.value_units) - 8) ELSE '0' END)
                 || '.' || substr('00000000' || v.value_units, -8) END AS value,
       v.verified_value_units,
       CASE WHEN v.verified_value_units IS NULL THEN NULL
            ELSE (CASE WHEN length(v.verified_value_units) > 8
                       THEN substr(v.verified_value_units, 1, length(v.verified_value_units) - 8) ELSE '0' END)
                 || '.' || substr('00000000' || v.verified_value_units, -8) END AS verified_value,
       v.claimed_value_units,
       CASE WHEN v.claimed_value_units IS NULL THEN NULL
            ELSE (CASE WHEN length(v.claimed_value_units) > 8
                       THEN substr(v.claimed_value_units, 1, length(v.claimed_value_units) - 8) ELSE '0' END)
                 || '.' || substr('00000000' || v.claimed_value_units, -8) END AS claimed_value,
       v.unpriced_reason,
       p.feed,
       p.answer,
       p.decimals AS price_decimals,
       CASE WHEN p.status != 'priced' THEN NULL
            WHEN p.decimals = 0 THEN p.answer
            ELSE (CASE WHEN length(p.answer) > p.decimals
                       THEN substr(p.answer, 1, length(p.answer) - p.decimals) ELSE '0' END)
                 || '.' || substr(replace(hex(zeroblob(p.decimals)), '00', '0') || p.answer, -p.decimals)
       END AS price,
       p.round_id,
       p.updated_at,
       p.block_height AS price_block_height,
       p.block_hash AS price_block_hash,
       substr(replace(hex(zeroblob(80)), '00', '0') || v.value_units, -80) AS value_key
FROM snapshot_values v
JOIN snapshots s ON s.id = v.snapshot_id
JOIN snapshot_chains c ON c.snapshot_id = v.snapshot_id AND c.chain = v.chain
LEFT JOIN snapshot_prices p ON p.snapshot_id = v.snapshot_id AND p.asset = v.asset;

-- The total value of every snapshot that read prices.
CREATE VIEW value_history AS
SELECT t.snapshot_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS taken_at,
       s.status AS snapshot_status,
       t.quote,
       t.value_units,
       (CASE WHEN length(t.value_units) > 8
             THEN substr(t.value_units, 1, length(t.value_units) - 8) ELSE '0' END)
           || '.' || substr('00000000' || t.value_units, -8) AS value,
       t.verified_value_units,
       (CASE WHEN length(t.verified_value_units) > 8
             THEN substr(t.verified_value_units, 1, length(t.verified_value_units) - 8) ELSE '0' END)
           || '.' || substr('00000000' || t.verified_value_units, -8) AS verified_value,
       t.claimed_value_units,
       t.complete,
       t.priced,
       t.unpriced,
       t.price_block_height,
       t.price_block_hash,
       substr(replace(hex(zeroblob(80)), '00', '0') || t.value_units, -80) AS value_key
FROM snapshot_value_totals t
JOIN snapshots s ON s.id = t.snapshot_id;

-- The most recent verdict of each feed, with its evidence.
CREATE VIEW latest_prices AS
SELECT p.*, strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS taken_at
FROM snapshot_prices p
JOIN snapshots s ON s.id = p.snapshot_id
WHERE p.snapshot_id = (SELECT max(n.snapshot_id) FROM snapshot_prices n WHERE n.asset = p.asset);
