-- A ticket's owner (issue 21): the one person of the group holding it who
-- works it now ("take it", "assign to a colleague"), as agents of Zammad or
-- Request Tracker expect. NULL while nobody has taken it. A move that
-- hands the ticket to another group clears it (the services decide). The
-- migration of the same name for the other backend makes the same change.
ALTER TABLE tickets ADD COLUMN owner_id TEXT REFERENCES users(id);
-- "My tickets": one owner's open tickets, newest first.
CREATE INDEX tickets_owner ON tickets(owner_id, status, reported_at, id);
