-- The weekly fault report reads windows of time (R-REPORT-1): resolutions
-- and closings by instant, escalations by when they fired, repair
-- certifications by date. These indexes make a week cost what it holds.
-- The PostgreSQL migration of the same name creates the same indexes.

CREATE INDEX status_changes_status_at ON status_changes(status, at);
CREATE INDEX escalations_fired ON escalations(fired_at);
CREATE INDEX repair_certificates_at ON repair_certificates(certified_at);

-- The report of each finished week as it was generated and mailed on the
-- Monday after (R-REPORT-1: kept for download), as JSON.
CREATE TABLE weekly_reports (
    week          TEXT PRIMARY KEY,
    generated_at  BIGINT NOT NULL,
    body          TEXT NOT NULL
);
