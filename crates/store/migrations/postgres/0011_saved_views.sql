-- A user's saved queue views in the console (issue 10): a name and the
-- queue's query string. The SQLite migration of the same name creates
-- the same table.
CREATE TABLE saved_views (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (user_id, name)
);
