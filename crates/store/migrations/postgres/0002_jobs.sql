-- Durable background work: timers (SLA deadlines, escalation steps, notice
-- windows) and queued jobs (notifications) are rows. Workers claim due rows
-- with a lease; a crashed worker's lease expires and another takes over.
-- `dedupe_key` makes scheduling idempotent.

CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    dedupe_key   TEXT UNIQUE,
    payload      TEXT NOT NULL,
    due_at       BIGINT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'dead')),
    attempts     BIGINT NOT NULL DEFAULT 0,
    lease_owner  TEXT,
    lease_until  BIGINT,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    done_at      BIGINT
);
CREATE INDEX jobs_due ON jobs(due_at) WHERE state = 'pending';
