-- Attachments (issue 22): files on tickets. The bytes live in the blob
-- store (a folder, or an S3-compatible store), named by their SHA-256, so
-- the same bytes are stored once; this table says which ticket holds which
-- bytes, under what name, for whom. A deleted attachment keeps its row
-- (the history names it) and loses its bytes once no live row holds them.
-- The migration of the same name for the other backend makes the same table.
CREATE TABLE attachments (
    id            TEXT PRIMARY KEY,
    ticket_id     TEXT NOT NULL REFERENCES tickets(id),
    sha256        TEXT NOT NULL,
    name          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    media_type    TEXT NOT NULL,
    visibility    TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
    note_id       TEXT,
    created_by    TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    deleted_at    INTEGER,
    deleted_by    TEXT
);
CREATE INDEX attachments_ticket ON attachments(ticket_id, created_at);
CREATE INDEX attachments_sha256 ON attachments(sha256);
