-- Notifications (R-INFORM-1, R-INTAKE-5, R-MAINT-1/2, R-SLA-2): an outbox of
-- messages written in the same transaction as the change that causes them,
-- delivered after commit by the worker with retries, never lost; webhook
-- subscriptions; and an email address for users (supervisors, consultants).

ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE messages (
    id               TEXT PRIMARY KEY,
    -- What happened: ticket_opened, ticket_resolved, escalation_step...
    event            TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
    -- An email address, an MSISDN, or a webhook subscription id.
    recipient        TEXT NOT NULL,
    language         TEXT NOT NULL,
    -- JSON the template renders from.
    data             TEXT NOT NULL,
    -- One message per event, channel and recipient: a retry of the change
    -- that caused it cannot queue a second one.
    dedupe_key       TEXT NOT NULL UNIQUE,
    ticket_id        TEXT,
    -- pending → sent | dead; `logged` when the channel has no transport
    -- configured (embedded/demo): kept as a record, never sent.
    state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead', 'logged')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT,
    lease_until      INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX messages_due ON messages(next_attempt_at) WHERE state = 'pending';
CREATE INDEX messages_ticket ON messages(ticket_id, created_at);
CREATE INDEX messages_state ON messages(state, created_at);

CREATE TABLE webhooks (
    id          TEXT PRIMARY KEY,
    callback    TEXT NOT NULL,
    -- JSON array of event types; empty means every event.
    events      TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
