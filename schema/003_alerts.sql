-- porwatch schema v3: room for alerts (issue 6). Created empty here so that the alert engine
-- can write its state and outbox in the same transaction as the snapshot that caused them;
-- the alert engine may extend these tables with later (additive) migrations.
-- snapshot_id columns are plain integers, not foreign keys: retention may thin the snapshot
-- an alert refers to, and the alert record must survive that.

-- One row per alert key (rule + asset). state names are frozen: 'ok', 'pending', 'firing'.
CREATE TABLE alert_state (
    alert_key        TEXT    PRIMARY KEY,   -- e.g. "drop_percent:BTC"
    rule             TEXT    NOT NULL,
    asset            TEXT    NOT NULL DEFAULT '',
    state            TEXT    NOT NULL CHECK (state IN ('ok', 'pending', 'firing')),
    consecutive      INTEGER NOT NULL DEFAULT 0,  -- snapshots in the current condition (debounce)
    since            INTEGER NOT NULL,            -- when `state` was entered
    last_snapshot_id INTEGER,
    detail           TEXT    NOT NULL DEFAULT '{}' -- JSON
) WITHOUT ROWID;

-- Durable outbox: a notification is inserted in the snapshot's transaction and delivered after
-- the commit, retried until delivered or given up. delivery_id lets receivers deduplicate.
CREATE TABLE alert_outbox (
    id              INTEGER PRIMARY KEY,
    delivery_id     TEXT    NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    alert_key       TEXT    NOT NULL,
    state           TEXT    NOT NULL,         -- 'firing' or 'resolved'
    snapshot_id     INTEGER,
    target          TEXT    NOT NULL,         -- hook path or webhook URL (no secrets)
    payload         TEXT    NOT NULL,         -- JSON
    silenced        INTEGER NOT NULL DEFAULT 0,  -- recorded during a maintenance window
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_error      TEXT    NOT NULL DEFAULT '',
    last_exit_code  INTEGER,
    delivered_at    INTEGER,
    gave_up_at      INTEGER
);
CREATE INDEX alert_outbox_pending ON alert_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;
