-- Planned maintenance works (R-MAINT-1, R-MAINT-2): the notice to
-- customer-service management, the objection window, and each affected
-- account's answer. Faults reported on an affected account while a work is
-- live are flagged with it (tickets.maintenance_id).

CREATE TABLE maintenance_works (
    id                   TEXT PRIMARY KEY,
    title                TEXT NOT NULL,
    description          TEXT NOT NULL,
    -- JSON array of affected platform elements, services or areas.
    elements             TEXT NOT NULL,
    impact               TEXT NOT NULL,
    calendar             TEXT NOT NULL,
    planned_start        BIGINT NOT NULL,
    planned_end          BIGINT NOT NULL,
    state                TEXT NOT NULL,
    latest_notice_at     BIGINT NOT NULL,
    notice_sent_at       BIGINT,
    -- Seconds past the latest notice time; NULL when on time.
    notice_late_seconds  BIGINT,
    emergency_reason     TEXT,
    window_closes_at     BIGINT,
    override_reason      TEXT,
    cancel_reason        TEXT,
    created_by           TEXT NOT NULL,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX maintenance_works_start ON maintenance_works(planned_start);

CREATE TABLE maintenance_accounts (
    work_id      TEXT NOT NULL REFERENCES maintenance_works(id),
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    informed_at  BIGINT,
    answered_by  TEXT,
    objection    TEXT,
    alternative  TEXT,
    PRIMARY KEY (work_id, account_id)
);
CREATE INDEX maintenance_accounts_account ON maintenance_accounts(account_id);

ALTER TABLE tickets ADD COLUMN maintenance_id TEXT REFERENCES maintenance_works(id);
