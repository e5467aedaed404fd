-- Deleting a ticket (issue 20; TMF621's DELETE, admin only). The migration
-- of the same name for the other backend makes the same change.
--
-- A deleted ticket leaves every list, queue and read, but its row, history,
-- notes and audit trail stay (R-AUDIT-1): only a closed, cancelled or
-- rejected ticket can be deleted, and the weekly reports of the weeks it
-- lived in keep counting it.
ALTER TABLE tickets ADD COLUMN deleted_at BIGINT;
