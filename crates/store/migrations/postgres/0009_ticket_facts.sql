-- Two facts of a ticket's history the weekly report groups by (R-REPORT-1,
-- R-SLA-3), kept on the ticket so a week's report reads its tickets' rows
-- and not each ticket's history:
--   second_level_group  the last second-level group that held the ticket
--                       (escalated to it, or linked to its incident); NULL
--                       while only first level (CSM, a center) has;
--   resolved_group      who solved it: at its first resolution, the last
--                       second-level group that held it, else 'csm'.
-- A trigger keeps them as status changes are written, whichever path writes
-- them (a transition, intake, the bulk loader, an import), in the same
-- transaction. Being derived, they are not exported: an import rebuilds
-- them. The SQLite migration of the same name does the same.

ALTER TABLE tickets ADD COLUMN second_level_group TEXT;
ALTER TABLE tickets ADD COLUMN resolved_group TEXT;

-- The backfill works set by set (one grouped pass per fact), not ticket
-- by ticket: at a million tickets a correlated update per row took minutes.
UPDATE tickets SET second_level_group = x.g
FROM (SELECT s.ticket_id, s.group_code AS g FROM status_changes s
      JOIN (SELECT MAX(id) AS id FROM status_changes
            WHERE stage IN ('escalated', 'linked_to_incident') GROUP BY ticket_id) m ON m.id = s.id) x
WHERE tickets.id = x.ticket_id;

UPDATE tickets SET resolved_group = x.g
FROM (SELECT f.ticket_id,
             COALESCE((SELECT s.group_code FROM status_changes s
                       WHERE s.ticket_id = f.ticket_id AND s.id < f.first_id
                         AND s.stage IN ('escalated', 'linked_to_incident')
                       ORDER BY s.id DESC LIMIT 1), 'csm') AS g
      FROM (SELECT ticket_id, MIN(id) AS first_id FROM status_changes
            WHERE status = 'resolved' GROUP BY ticket_id) f) x
WHERE tickets.id = x.ticket_id;

CREATE FUNCTION status_changes_ticket_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tickets SET
        second_level_group = CASE WHEN NEW.stage IN ('escalated', 'linked_to_incident')
                                  THEN NEW.group_code ELSE second_level_group END,
        resolved_group = CASE WHEN NEW.status = 'resolved' AND resolved_group IS NULL
                              THEN COALESCE(second_level_group, 'csm') ELSE resolved_group END
    WHERE id = NEW.ticket_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER status_changes_ticket_facts AFTER INSERT ON status_changes
FOR EACH ROW WHEN (NEW.stage IN ('escalated', 'linked_to_incident') OR NEW.status = 'resolved')
EXECUTE FUNCTION status_changes_ticket_facts();

-- The backlog at a week's end counts faults reported before it and not
-- stopped by then: open ones, and ones stopped after it. This index answers
-- both without reading the tickets. `kind` comes last: first, SQLite would
-- take it for every `kind = 'fault'` query and scan all faults instead of
-- the week's.
CREATE INDEX tickets_backlog ON tickets(clock_stopped_at, reported_at, kind);
