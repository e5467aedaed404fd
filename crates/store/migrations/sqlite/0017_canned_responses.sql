-- Canned responses (issue 21): a group's ready-made texts, in Spanish and
-- English, with placeholders (ticket number, customer, contact, agent)
-- filled in when an agent inserts one into a note. The migration of the
-- same name for the other backend creates the same table.
CREATE TABLE canned_responses (
    id          TEXT PRIMARY KEY,
    group_code  TEXT NOT NULL REFERENCES groups(code),
    name        TEXT NOT NULL,
    body_es     TEXT NOT NULL,
    body_en     TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (group_code, name)
);
