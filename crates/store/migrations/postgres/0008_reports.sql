-- The weekly fault report reads windows of time (R-REPORT-1): resolutions
-- and closings by instant, escalations by when they fired, repairs and
-- certifications by date. These indexes make a week cost what it holds.
-- The PostgreSQL migration of the same name creates the same indexes.

CREATE INDEX status_changes_status_at ON status_changes(status, at);
CREATE INDEX escalations_fired ON escalations(fired_at);
CREATE INDEX repair_certificates_at ON repair_certificates(certified_at);
