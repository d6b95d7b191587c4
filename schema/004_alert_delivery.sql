-- porwatch schema v4: the alert engine's columns (issue 6). Additive only: 003's tables were
-- created empty, and these columns all have defaults.
--
-- alert_state holds alert::AlertState field by field (the 003 `detail` column stays '{}',
-- reserved). Units are TEXT integers in base units; members is one address per line.
ALTER TABLE alert_state ADD COLUMN reference_units    TEXT;     -- frozen drop reference
ALTER TABLE alert_state ADD COLUMN last_current_units TEXT;
ALTER TABLE alert_state ADD COLUMN last_drop_percent  TEXT    NOT NULL DEFAULT '';
ALTER TABLE alert_state ADD COLUMN last_detail        TEXT    NOT NULL DEFAULT '';
ALTER TABLE alert_state ADD COLUMN delivered_firing   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alert_state ADD COLUMN members            TEXT    NOT NULL DEFAULT '';
ALTER TABLE alert_state ADD COLUMN updated_at         INTEGER;  -- the last cycle that saved it

-- alert_outbox: one row per notification and target. target_kind names are frozen: 'hook',
-- 'webhook'. `target` is the hook path or the webhook URL redacted (webhook paths carry
-- tokens); target_hash (hex SHA-256 of the full target) finds the configured target again.
ALTER TABLE alert_outbox ADD COLUMN target_kind TEXT NOT NULL DEFAULT 'hook'
    CHECK (target_kind IN ('hook', 'webhook'));
ALTER TABLE alert_outbox ADD COLUMN target_hash      TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_outbox ADD COLUMN last_http_status INTEGER;
CREATE INDEX alert_outbox_created ON alert_outbox (created_at);
