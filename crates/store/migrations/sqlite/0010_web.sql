-- Sign-in for the web console and the customer portal (issue 10).
-- The PostgreSQL migration of the same name creates the same tables.

-- A user's password, as an argon2id PHC string (salt and parameters
-- inside). A user without a row signs in with an API token only.
CREATE TABLE user_passwords (
    user_id     TEXT PRIMARY KEY REFERENCES users(id),
    hash        TEXT NOT NULL,
    set_at      INTEGER NOT NULL,
    set_by      TEXT NOT NULL
);

-- Server-side sessions. The cookie holds a random secret; only its SHA-256
-- is stored, so a copy of the database signs nobody in. `csrf` is the
-- session's form token (every form posts it back).
CREATE TABLE web_sessions (
    id_hash       TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    csrf          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    user_agent    TEXT
);
CREATE INDEX web_sessions_user ON web_sessions(user_id);
CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);
