-- porwatch schema v8 (issue 12): the exchange's published liabilities as porwatch recomputed
-- them, and the reserve ratio of every configured asset at every snapshot.
--
-- Frozen names added: liabilities formats 'bitmex', 'okx-merkle', 'cex-assets'; file status
-- 'verified', 'failed'; zk verifier status 'passed', 'failed'; solvency status 'ok',
-- 'reserves_missing', 'liabilities_failed'.
--
-- Money stays TEXT in base units: reserves in the asset's decimals (`decimals`), liabilities in
-- theirs (`liabilities_decimals`: 8, or 2 for a cex-assets "two digits" asset). A ratio is TEXT
-- too: percent × 100, truncated (10456 = 104.56 %), computed by porwatch from the exact
-- integers; NULL when it cannot be computed (status not ok) or the liabilities are zero.

-- Every configured liabilities file as the snapshot's cycle loaded it: verified as a whole, or
-- failed with FILE:LINE and the reason.
CREATE TABLE snapshot_liabilities (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    file        TEXT    NOT NULL,
    format      TEXT    NOT NULL CHECK (format IN ('bitmex', 'okx-merkle', 'cex-assets')),
    sha256      TEXT    NOT NULL,      -- hex SHA-256 of the content; '' when unreadable
    status      TEXT    NOT NULL CHECK (status IN ('verified', 'failed')),
    error       TEXT,                  -- why it failed ("FILE:LINE: …")
    height      INTEGER,               -- the file's own block height (BitMEX block_height)
    root        TEXT,                  -- hex root digest of a tree
    nodes       INTEGER,               -- nodes (trees) or asset rows (cex-assets) checked
    checked     TEXT,                  -- what porwatch recomputed, one sentence
    zk_status   TEXT CHECK (zk_status IN ('passed', 'failed')),   -- NULL: no zk_verifier
    zk_detail   TEXT,                  -- the verifier's result line, or why it failed
    PRIMARY KEY (snapshot_id, file)
) WITHOUT ROWID;

-- One configured asset against the newest verified liabilities listing it.
CREATE TABLE solvency (
    snapshot_id               INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    asset                     TEXT    NOT NULL,
    chain                     TEXT    NOT NULL,
    status                    TEXT    NOT NULL
                              CHECK (status IN ('ok', 'reserves_missing', 'liabilities_failed')),
    reason                    TEXT,              -- why not ok
    decimals                  INTEGER NOT NULL,  -- of units and verified_units
    units                     TEXT,              -- observed reserves; NULL when missing
    verified_units            TEXT,              -- proven reserves
    reserves_height           INTEGER,
    reserves_block_hash       TEXT,
    liabilities_file          TEXT,
    liabilities_format        TEXT CHECK (liabilities_format IN ('bitmex', 'okx-merkle', 'cex-assets')),
    liabilities_root          TEXT,
    liabilities_height        INTEGER,           -- the file's own height (BitMEX)
    liabilities_decimals      INTEGER NOT NULL,
    liabilities_units         TEXT,              -- net: equity − debt, or the tree's total
    equity_units              TEXT,              -- cex-assets only
    debt_units                TEXT,
    ratio_hundredths          TEXT,              -- observed reserves ÷ liabilities, % × 100
    verified_ratio_hundredths TEXT,              -- proven reserves ÷ liabilities, % × 100
    max_age_blocks            INTEGER,
    age_blocks                INTEGER,           -- reserves_height − liabilities_height
    stale                     INTEGER NOT NULL DEFAULT 0,
    stale_reason              TEXT,
    PRIMARY KEY (snapshot_id, asset, chain)
) WITHOUT ROWID;

-- Every stored ratio with both sides' evidence. Amounts and percents are exact decimal text
-- (string slicing, as in 005); *_key columns are left-padded to 80 digits so that `<` and
-- ORDER BY compare them as numbers.
CREATE VIEW solvency_history AS
SELECT v.snapshot_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS taken_at,
       s.status AS snapshot_status,
       v.asset,
       v.chain,
       v.status,
       v.reason,
       CASE WHEN v.ratio_hundredths IS NULL THEN NULL
            ELSE (CASE WHEN length(v.ratio_hundredths) > 2
                       THEN substr(v.ratio_hundredths, 1, length(v.ratio_hundredths) - 2) ELSE '0' END)
                 || '.' || substr('00' || v.ratio_hundredths, -2)
       END AS ratio_percent,
       CASE WHEN v.verified_ratio_hundredths IS NULL THEN NULL
            ELSE (CASE WHEN length(v.verified_ratio_hundredths) > 2
                       THEN substr(v.verified_ratio_hundredths, 1, length(v.verified_ratio_hundredths) - 2)
                       ELSE '0' END)
                 || '.' || substr('00' || v.verified_ratio_hundredths, -2)
       END AS verified_ratio_percent,
       v.units,
       CASE WHEN v.units IS NULL THEN NULL
            WHEN v.decimals = 0 THEN v.units
            ELSE (CASE WHEN length(v.units) > v.decimals
                       THEN substr(v.units, 1, length(v.units) - v.decimals) ELSE '0' END)
                 || '.' || substr(replace(hex(zeroblob(v.decimals)), '00', '0') || v.units, -v.decimals)
       END AS reserves_amount,
       v.verified_units,
       CASE WHEN v.verified_units IS NULL THEN NULL
            WHEN v.decimals = 0 THEN v.verified_units
            ELSE (CASE WHEN length(v.verified_units) > v.decimals
                       THEN substr(v.verified_units, 1, length(v.verified_units) - v.decimals) ELSE '0' END)
                 || '.' || substr(replace(hex(zeroblob(v.decimals)), '00', '0') || v.verified_units, -v.decimals)
       END AS verified_amount,
       v.reserves_height,
       v.reserves_block_hash,
       v.liabilities_units,
       CASE WHEN v.liabilities_units IS NULL THEN NULL
            WHEN v.liabilities_decimals = 0 THEN v.liabilities_units
            ELSE (CASE WHEN length(v.liabilities_units) > v.liabilities_decimals
                       THEN substr(v.liabilities_units, 1, length(v.liabilities_units) - v.liabilities_decimals)
                       ELSE '0' END)
                 || '.' || substr(replace(hex(zeroblob(v.liabilities_decimals)), '00', '0') || v.liabilities_units,
                                  -v.liabilities_decimals)
       END AS liabilities_amount,
       v.liabilities_height,
       v.liabilities_format,
       v.liabilities_file,
       v.liabilities_root,
       v.equity_units,
       v.debt_units,
       v.decimals,
       v.liabilities_decimals,
       v.age_blocks,
       v.max_age_blocks,
       v.stale,
       v.stale_reason,
       substr(replace(hex(zeroblob(80)), '00', '0') || v.ratio_hundredths, -80) AS ratio_key,
       substr(replace(hex(zeroblob(80)), '00', '0') || v.verified_ratio_hundredths, -80) AS verified_ratio_key
FROM solvency v
JOIN snapshots s ON s.id = v.snapshot_id;

-- The most recent stored ratio of each (asset, chain).
CREATE VIEW latest_solvency AS
SELECT h.*
FROM solvency_history h
WHERE h.snapshot_id = (SELECT max(x.snapshot_id) FROM solvency x WHERE x.asset = h.asset AND x.chain = h.chain);

-- With [prices]: the ratio over every asset with liabilities, in value (the quote currency):
-- each asset's liabilities valued with the same price as its reserves. Values in 10^-8 quote
-- units as TEXT (like snapshot_value_totals). complete = 1 only when no liability was left out;
-- `excluded` lists what was (comma-separated), `excluded_reasons` one line per excluded asset.
CREATE TABLE solvency_value (
    snapshot_id                    INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,
    quote                          TEXT    NOT NULL,
    reserves_value_units           TEXT    NOT NULL,
    verified_reserves_value_units  TEXT    NOT NULL,
    liabilities_value_units        TEXT    NOT NULL,
    ratio_hundredths               TEXT,              -- NULL when the liabilities' value is 0
    verified_ratio_hundredths      TEXT,
    complete                       INTEGER NOT NULL CHECK (complete IN (0, 1)),
    included                       TEXT    NOT NULL DEFAULT '',
    excluded                       TEXT    NOT NULL DEFAULT '',
    excluded_reasons               TEXT    NOT NULL DEFAULT ''
);

-- The value ratio over time, percents as exact decimal text.
CREATE VIEW solvency_value_history AS
SELECT v.snapshot_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch') AS taken_at,
       v.quote,
       CASE WHEN v.ratio_hundredths IS NULL THEN NULL
            ELSE (CASE WHEN length(v.ratio_hundredths) > 2
                       THEN substr(v.ratio_hundredths, 1, length(v.ratio_hundredths) - 2) ELSE '0' END)
                 || '.' || substr('00' || v.ratio_hundredths, -2)
       END AS ratio_percent,
       CASE WHEN v.verified_ratio_hundredths IS NULL THEN NULL
            ELSE (CASE WHEN length(v.verified_ratio_hundredths) > 2
                       THEN substr(v.verified_ratio_hundredths, 1, length(v.verified_ratio_hundredths) - 2)
                       ELSE '0' END)
                 || '.' || substr('00' || v.verified_ratio_hundredths, -2)
       END AS verified_ratio_percent,
       v.reserves_value_units,
       v.verified_reserves_value_units,
       v.liabilities_value_units,
       v.complete,
       v.included,
       v.excluded,
       v.excluded_reasons
FROM solvency_value v
JOIN snapshots s ON s.id = v.snapshot_id;
