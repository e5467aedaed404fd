-- TMF621 as clients speak it (issue 20). The migration of the same name for
-- the other backend makes the same change.
--
-- The free-string attributes a TMF621 client gave a ticket (`severity`
-- "High", `ticketType` "device", `priority`, `channel`), kept exactly as sent
-- and echoed back; Averías's own severity and kind are read from them by the
-- façade's mapping table. A filter on `severity` matches what a ticket shows:
-- the client's word where there is one, Averías's own otherwise.
CREATE TABLE ticket_client_values (
    ticket_id  TEXT NOT NULL REFERENCES tickets(id),
    attribute  TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (ticket_id, attribute)
);
CREATE INDEX ticket_client_values_by_value ON ticket_client_values (attribute, value);
