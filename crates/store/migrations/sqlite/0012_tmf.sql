-- TMF621 v5 (issue 9). The PostgreSQL migration of the
-- same name makes the same change.
--
-- Identifiers other systems gave a ticket (TMF `externalIdentifier`):
-- an OSS/BSS that opens a ticket quotes its own key, and a key is never
-- given to two tickets, so a retried create cannot open a second one.
CREATE TABLE ticket_external_ids (
    ticket_id    TEXT NOT NULL REFERENCES tickets(id),
    position     INTEGER NOT NULL,
    owner        TEXT NOT NULL,
    id_type      TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    PRIMARY KEY (ticket_id, position)
);
CREATE UNIQUE INDEX ticket_external_ids_key ON ticket_external_ids (owner, id_type, external_id);

-- Which API a hub listener subscribed through, so that its events point
-- at resources of that API: 'tmf621-v4' or 'tmf621-v5'.
ALTER TABLE webhooks ADD COLUMN api TEXT NOT NULL DEFAULT 'tmf621-v4';
