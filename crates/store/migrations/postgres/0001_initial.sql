-- Averías initial schema (PostgreSQL). Instants are BIGINT milliseconds since the
-- Unix epoch, UTC; ids are UUID text. It describes the same tables as the SQLite
-- migration of the same name.

CREATE TABLE groups (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL
);

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    group_code  TEXT REFERENCES groups(code),
    account_id  TEXT,
    token_hash  TEXT NOT NULL UNIQUE,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE accounts (
    id                   TEXT PRIMARY KEY,
    number               TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    billing_state        TEXT NOT NULL CHECK (billing_state IN ('operative', 'debt')),
    debt_minor           BIGINT NOT NULL DEFAULT 0,
    currency             TEXT NOT NULL DEFAULT 'VES',
    sales_consultant_id  TEXT REFERENCES users(id),
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX accounts_consultant ON accounts(sales_consultant_id);
CREATE INDEX accounts_name ON accounts(name);

CREATE TABLE equipment (
    imei        TEXT PRIMARY KEY,
    account_id  TEXT REFERENCES accounts(id),
    make        TEXT NOT NULL,
    model       TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE lines (
    msisdn      TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    imei        TEXT REFERENCES equipment(imei),
    created_at  BIGINT NOT NULL
);
CREATE INDEX lines_account ON lines(account_id);

CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    email       TEXT,
    language    TEXT NOT NULL DEFAULT 'es'
);
CREATE INDEX contacts_account ON contacts(account_id);

CREATE TABLE fault_types (
    code              TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    default_severity  TEXT NOT NULL,
    second_level      TEXT NOT NULL CHECK (second_level IN ('cor', 'sigis', 'gsac')),
    active            BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE ticket_counters (
    year  BIGINT PRIMARY KEY,
    last  BIGINT NOT NULL
);

CREATE TABLE tickets (
    id                TEXT PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL,
    account_id        TEXT REFERENCES accounts(id),
    channel           TEXT NOT NULL,
    fault_type        TEXT REFERENCES fault_types(code),
    severity          TEXT NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    -- Lowercased title + description (Unicode-aware, done in Rust) for text search.
    search_text       TEXT NOT NULL,
    status            TEXT NOT NULL,
    stage             TEXT NOT NULL,
    group_code        TEXT NOT NULL,
    parent_id         TEXT REFERENCES tickets(id),
    reporter_name     TEXT NOT NULL,
    reporter_phone    TEXT NOT NULL,
    reporter_email    TEXT,
    reported_by       TEXT NOT NULL,
    reported_at       BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    deadline_at       BIGINT NOT NULL,
    clock_stopped_at  BIGINT,
    resolution        TEXT,
    cancel_reason     TEXT,
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tickets_queue ON tickets(status, group_code, reported_at, id);
CREATE INDEX tickets_stage ON tickets(stage, reported_at, id);
CREATE INDEX tickets_account ON tickets(account_id, reported_at, id);
CREATE INDEX tickets_parent ON tickets(parent_id);
CREATE INDEX tickets_deadline ON tickets(deadline_at, id);
CREATE INDEX tickets_reported ON tickets(reported_at, id);

CREATE TABLE ticket_lines (
    ticket_id  TEXT NOT NULL REFERENCES tickets(id),
    msisdn     TEXT NOT NULL,
    PRIMARY KEY (ticket_id, msisdn)
);
CREATE INDEX ticket_lines_msisdn ON ticket_lines(msisdn);

CREATE TABLE ticket_equipment (
    ticket_id  TEXT NOT NULL REFERENCES tickets(id),
    imei       TEXT NOT NULL,
    PRIMARY KEY (ticket_id, imei)
);

CREATE TABLE ticket_followers (
    ticket_id  TEXT NOT NULL REFERENCES tickets(id),
    user_id    TEXT NOT NULL REFERENCES users(id),
    reason     TEXT NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);

CREATE TABLE notes (
    id           TEXT PRIMARY KEY,
    ticket_id    TEXT NOT NULL REFERENCES tickets(id),
    author_id    TEXT NOT NULL,
    author_name  TEXT NOT NULL,
    author_role  TEXT NOT NULL,
    visibility   TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX notes_ticket ON notes(ticket_id, created_at);

CREATE TABLE status_changes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets(id),
    at          BIGINT NOT NULL,
    status      TEXT NOT NULL,
    stage       TEXT NOT NULL,
    group_code  TEXT NOT NULL,
    action      TEXT NOT NULL,
    reason      TEXT,
    actor_id    TEXT NOT NULL
);
CREATE INDEX status_changes_ticket ON status_changes(ticket_id, id);

CREATE TABLE audit_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           BIGINT NOT NULL,
    actor_id     TEXT,
    actor_name   TEXT NOT NULL,
    entity_type  TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    action       TEXT NOT NULL,
    before       TEXT,
    after        TEXT
);
CREATE INDEX audit_entity ON audit_events(entity_type, entity_id, id);

CREATE TABLE refused_reports (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(id),
    at              BIGINT NOT NULL,
    actor_id        TEXT NOT NULL,
    channel         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    debt_minor      BIGINT NOT NULL,
    currency        TEXT NOT NULL,
    reporter_name   TEXT NOT NULL,
    description     TEXT NOT NULL
);
CREATE INDEX refused_reports_at ON refused_reports(at);

CREATE TABLE idempotency_keys (
    user_id       TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    ticket_id     TEXT NOT NULL REFERENCES tickets(id),
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (user_id, key)
);
