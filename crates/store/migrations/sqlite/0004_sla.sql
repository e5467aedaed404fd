-- SLA policies and the escalation matrix (R-SLA-1..3) as data, each
-- escalation step that fired (recorded once per ticket, step and
-- occurrence), and the deadlines lists sort and filter by. The deadlines are
-- derived from the status history and the policy and rewritten whenever
-- either changes; NULL means the clock will not reach its target unless the
-- ticket moves (paused, or stopped within target).

CREATE TABLE sla_policies (
    name        TEXT PRIMARY KEY,
    fault_type  TEXT REFERENCES fault_types(code),
    severity    TEXT,
    -- JSON of averias_domain::sla_policy::SlaPolicy.
    definition  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX sla_policies_match ON sla_policies(COALESCE(fault_type, '*'), COALESCE(severity, '*'));

CREATE TABLE escalation_rules (
    -- A fault type code, or '*' for fault types without a rule of their own.
    fault_type  TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('first', 'second')),
    -- JSON of averias_domain::escalation::EscalationRule.
    definition  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (fault_type, level)
);

CREATE TABLE escalations (
    ticket_id     TEXT NOT NULL REFERENCES tickets(id),
    step_key      TEXT NOT NULL,
    occurrence    INTEGER NOT NULL,
    due_at        INTEGER NOT NULL,
    fired_at      INTEGER NOT NULL,
    -- Why it fired (the clock event and condition), in words.
    reason        TEXT NOT NULL,
    -- JSON: what was done and who was told.
    actions       TEXT NOT NULL,
    PRIMARY KEY (ticket_id, step_key, occurrence)
);

ALTER TABLE tickets ADD COLUMN sla_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN response_due_at INTEGER;
-- Tickets opened before policies existed ran on the procedure default,
-- which is the attention clock.
UPDATE tickets SET sla_due_at = deadline_at
    WHERE clock_stopped_at IS NULL OR clock_stopped_at > deadline_at;
DROP INDEX tickets_deadline;
CREATE INDEX tickets_sla_due ON tickets(sla_due_at, id);
