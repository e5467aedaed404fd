-- A fault merged into another as its duplicate (issue 21): the duplicate
-- is cancelled with this pointer to the fault that carries on, and its
-- notes move there. No foreign key: an original may be younger than its
-- duplicate, and an import writes tickets oldest first. The migration of
-- the same name for the other backend makes the same change.
ALTER TABLE tickets ADD COLUMN duplicate_of TEXT;
CREATE INDEX tickets_duplicate_of ON tickets(duplicate_of);
