-- The virus scan of attachments (issue 22), optional: with a clamd address
-- configured each upload is 'pending_scan' until clamd answers, then
-- 'clean' or 'quarantined' (never served; scan_detail says why: the
-- signature found, or the scanner's refusal). Without a scanner an
-- attachment is 'not_scanned' and served as before.
-- The migration of the same name for the other backend makes the same change.
ALTER TABLE attachments ADD COLUMN scan TEXT NOT NULL DEFAULT 'not_scanned'
    CHECK (scan IN ('not_scanned', 'pending_scan', 'clean', 'quarantined'));
ALTER TABLE attachments ADD COLUMN scan_detail TEXT;
CREATE INDEX attachments_pending_scan ON attachments(created_at) WHERE scan = 'pending_scan';
